use newsgaz::{Article, Decoding};
use std::path::{Path, PathBuf};
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out)
        } else if path.extension().is_some_and(|e| e == "txt") && !path.ends_with("README.TXT") {
            out.push(path)
        }
    }
}
fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap());
    let mut paths = Vec::new();
    collect(&dir, &mut paths);
    paths.sort();
    for p in &paths {
        let a = Article::parse_plain_bytes_with(&std::fs::read(p).unwrap(), "x", Decoding::Lossy)
            .unwrap();
        println!("{}", serde_json::to_string(&a).unwrap());
    }
}
