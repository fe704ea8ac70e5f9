//! Files the CLI writes (`tag -o`, `gazetteer compile -o`): an input is never an output.
//! A target that is one of the inputs (the same file by identity, whatever its name: a
//! link, `./a.jsonl`) is refused before anything is opened for writing. A regular target
//! is written to a temporary file beside it and renamed into place when complete, so an
//! interrupted or failed run leaves the old target whole (at worst a hidden temporary
//! file beside it); a special file (`/dev/null`, a FIFO) is written as it is.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The output being written to `target`.
pub struct Target {
    file: File,
    /// Where the complete output goes, and the temporary file it is written to first
    /// (none for a special file, written in place).
    rename: Option<(PathBuf, PathBuf)>,
}

impl Target {
    /// Opens `target` for writing, unless it is one of `inputs` (an error naming both).
    pub fn create<'p>(
        target: &Path,
        inputs: impl IntoIterator<Item = &'p Path>,
    ) -> Result<Target, String> {
        let shown = target.display();
        if let Some(input) = inputs.into_iter().find(|i| same_file(i, target)) {
            let input = match input == Path::new("-") {
                true => "standard input".to_owned(),
                false => format!("the input {}", input.display()),
            };
            return Err(format!(
                "refusing to write {shown}: it is {input} (an input is never an output)"
            ));
        }
        let existing = fs::metadata(target).ok();
        if existing.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(format!("writing {shown}: it is a folder"));
        }
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            // `/dev/null`, a FIFO, a terminal: written as it is, never replaced.
            let file = OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(|e| format!("writing {shown}: {e}"))?;
            return Ok(Target { file, rename: None });
        }
        // A link is followed: the file it points to is what gets replaced.
        let destination = match &existing {
            Some(_) => fs::canonicalize(target).map_err(|e| format!("writing {shown}: {e}"))?,
            None => target.to_path_buf(),
        };
        let temporary = temporary_beside(&destination);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(|e| format!("writing {shown}: {e}"))?;
        Ok(Target {
            file,
            rename: Some((temporary, destination)),
        })
    }

    /// Moves the complete output into place.
    pub fn commit(mut self) -> Result<(), String> {
        self.file
            .flush()
            .map_err(|e| format!("writing output: {e}"))?;
        if let Some((temporary, destination)) = self.rename.take() {
            fs::rename(&temporary, &destination).map_err(|e| {
                let _ = fs::remove_file(&temporary);
                format!("writing {}: {e}", destination.display())
            })?;
        }
        Ok(())
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Target {
    /// An output that was never committed (an error, a panic) leaves no temporary file.
    fn drop(&mut self) {
        if let Some((temporary, _)) = &self.rename {
            let _ = fs::remove_file(temporary);
        }
    }
}

/// `.NAME.PID.newsgaz-partial` in the folder of `path`.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    let hidden = format!(".{name}.{}.newsgaz-partial", std::process::id());
    path.with_file_name(hidden)
}

/// Whether input `a` and target `b` are the same file (both existing): by device and
/// inode on Unix, by canonical path elsewhere. The input `-` is standard input, which
/// may be a file redirected from the target.
fn same_file(a: &Path, b: &Path) -> bool {
    let a = if a == Path::new("-") && !a.exists() {
        Path::new("/dev/stdin")
    } else {
        a
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}
