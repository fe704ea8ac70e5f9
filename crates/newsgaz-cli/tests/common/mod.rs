//! What the CLI tests share: running the binary, and scratch files.

use std::path::PathBuf;
use std::process::Command;

/// Runs `newsgaz ARGS...` with no standard input: its exit code, stdout and stderr.
pub fn newsgaz(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsgaz"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A path named `name` in this test binary's own scratch directory (`group` keeps test
/// binaries apart), which it creates.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgaz-cli-{group}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
