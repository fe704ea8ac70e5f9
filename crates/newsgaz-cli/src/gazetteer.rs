//! The gazetteer a command runs with: the parts it was given, then the built-in one.

use std::path::PathBuf;

use newsgaz::Gazetteer;

/// `parts` (built by the command) and the `files` merged in that order, overlaid on the
/// built-in gazetteer when `builtin`: given entries come first and replace built-in ones
/// with the same id. Commands check first that they were given some gazetteer.
pub fn load_gazetteer(
    mut parts: Vec<Gazetteer>,
    files: &[PathBuf],
    builtin: bool,
) -> Result<Gazetteer, String> {
    if builtin && Gazetteer::builtin().is_empty() {
        return Err(
            "this build has no built-in gazetteer (feature `default-gazetteer`); pass --gazetteer PATH"
                .into(),
        );
    }
    for path in files {
        parts.push(Gazetteer::from_jsonl_path(path).map_err(|e| e.to_string())?);
    }
    let given = Gazetteer::merge(parts).map_err(|e| e.to_string())?;
    Ok(if builtin {
        given.overlay(Gazetteer::builtin())
    } else {
        given
    })
}
