//! Gazetteer files: the format is known from the file's first bytes (a compiled file) or
//! its extension (`.jsonl`, `.json`, `.csv`, `.tsv`, each optionally `.gz`).
//!
//! CSV and TSV files have a header row naming the columns: `id`, `name` and `label` are
//! required, `aliases` holds aliases separated by `|`, `case` an entry's case mode, and
//! every other column is kept as a string attribute (empty cells are left out). Rows must
//! all have the header's number of cells.

use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value};

use super::{Alias, Builder, Entry, Gazetteer};
use crate::error::{GazetteerError, Location};
use crate::normalize::CaseMode;

/// The inflated bytes of a gzip file, at most `cap` of them; memory reserved as it goes,
/// so that running out of it is an error, not an abort.
fn inflate(gzipped: &[u8], cap: u64) -> Result<Vec<u8>, String> {
    let mut decoder = flate2::read::MultiGzDecoder::new(gzipped);
    let mut plain: Vec<u8> = Vec::new();
    let chunk = 1 << 16;
    loop {
        let len = plain.len();
        if len as u64 > cap {
            return Err(format!(
                "more than {cap} bytes once inflated (raise the limit: Gazetteer::from_path_limited)"
            ));
        }
        plain
            .try_reserve(chunk)
            .map_err(|_| format!("out of memory inflating it, at byte {len}"))?;
        plain.resize(len + chunk, 0);
        let n = decoder
            .read(&mut plain[len..])
            .map_err(|e| format!("{e} (at byte {len} once inflated)"))?;
        plain.truncate(len + n);
        if n == 0 {
            return Ok(plain);
        }
    }
}

impl Gazetteer {
    /// Loads a gazetteer file of any format newsgaz reads: JSON Lines (`.jsonl`), a JSON
    /// array of entries (`.json`), CSV (`.csv`) or TSV (`.tsv`), each optionally gzipped
    /// (`.jsonl.gz`), or a compiled file (see [`Matcher::to_compiled`](crate::Matcher::to_compiled)),
    /// whatever its name.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("newsgaz-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("people.csv");
    /// std::fs::write(&path, "id,name,label,aliases,party\np:1,Ana Ferreira,PERSON,A. Ferreira|Ferreira,Verde\n").unwrap();
    /// let g = newsgaz::Gazetteer::from_path(&path)?;
    /// let ana = g.get("p:1").unwrap();
    /// assert_eq!((ana.aliases.len(), ana.attributes["party"].as_str()), (2, Some("Verde")));
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_path_limited(path, Gazetteer::MAX_INFLATED_BYTES)
    }

    /// The most bytes a gzipped gazetteer file may inflate to by default (it is held
    /// whole): 8 GiB, far past any real list, far short of a decompression bomb's reach.
    pub const MAX_INFLATED_BYTES: u64 = 8 << 30;

    /// [`Gazetteer::from_path`], a gzipped file inflating to at most `max_inflated_bytes`:
    /// past it, or past the memory there is, an error naming the file and the byte.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("newsgaz-doc-gz-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("g.jsonl.gz");
    /// let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::fast());
    /// std::io::Write::write_all(&mut gz, b"{\"id\": \"a\", \"name\": \"Lima\", \"label\": \"CITY\"}\n").unwrap();
    /// gz.finish().unwrap();
    /// let err = newsgaz::Gazetteer::from_path_limited(&path, 10).unwrap_err();
    /// assert!(err.to_string().ends_with("g.jsonl.gz: more than 10 bytes once inflated (raise the limit: Gazetteer::from_path_limited)"), "{err}");
    /// assert_eq!(newsgaz::Gazetteer::from_path_limited(&path, 1000)?.len(), 1);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_path_limited(
        path: impl AsRef<Path>,
        max_inflated_bytes: u64,
    ) -> Result<Gazetteer, GazetteerError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let io = |e: std::io::Error| GazetteerError::Io {
            at: Location::new(&source),
            source: e,
        };
        let bytes = std::fs::read(path).map_err(io)?;
        if crate::binary::is_compiled(&bytes) {
            return super::compiled::read_file(&bytes, &source);
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let (name, bytes) = match name.strip_suffix(".gz") {
            Some(inner) => {
                let plain = inflate(&bytes, max_inflated_bytes)
                    .map_err(|message| io(std::io::Error::other(message)))?;
                (inner.to_owned(), plain)
            }
            None => (name, bytes),
        };
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        // The bytes become the text, not a copy of them.
        let text = |bytes: Vec<u8>| {
            String::from_utf8(bytes).map_err(|e| GazetteerError::InvalidRecord {
                at: Location::new(&source),
                message: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            })
        };
        match extension {
            "jsonl" | "ndjson" => Gazetteer::from_jsonl_str(&text(bytes)?, &source),
            "json" => {
                let values: Vec<Value> = serde_json::from_str(
                    text(bytes)?.trim_start_matches('\u{feff}'),
                )
                .map_err(|e| GazetteerError::InvalidRecord {
                    at: Location::new(&source).at_line(e.line()),
                    message: format!("expected a JSON array of entry objects: {e}"),
                })?;
                Gazetteer::from_values(values, &source)
            }
            "csv" => Gazetteer::from_delimited(&bytes, b',', &source),
            "tsv" => Gazetteer::from_delimited(&bytes, b'\t', &source),
            _ => Err(GazetteerError::InvalidRecord {
                at: Location::new(&source),
                message: "unknown gazetteer format: expected .jsonl, .json, .csv or .tsv \
                          (each may end in .gz) or a compiled gazetteer"
                    .into(),
            }),
        }
    }

    /// True when `bytes` begin like a compiled gazetteer file (its magic bytes).
    ///
    /// ```
    /// use newsgaz::{Gazetteer, Matcher};
    /// let compiled = Matcher::new(Gazetteer::merge([])?).to_compiled();
    /// assert!(Gazetteer::is_compiled(&compiled) && !Gazetteer::is_compiled(b"{\"id\": 1}"));
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn is_compiled(bytes: &[u8]) -> bool {
        crate::binary::is_compiled(bytes)
    }

    /// Parses CSV (`delimiter` `b','`) or TSV (`b'\t'`) with a header row (see the module
    /// documentation for the columns); `source` names the input in errors, which give the
    /// 1-based line.
    ///
    /// ```
    /// let csv = "\u{feff}id,name,label\r\nc:cn,China,COUNTRY\r\nc:pe,Peru\r\n";
    /// let err = newsgaz::Gazetteer::from_delimited(csv.as_bytes(), b',', "g.csv").unwrap_err();
    /// assert_eq!(err.to_string(), "g.csv:3: invalid record: 2 cells where the header has 3");
    /// ```
    pub fn from_delimited(
        bytes: &[u8],
        delimiter: u8,
        source: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(bytes);
        let at_line = |line: u64| Location::new(source).at_line(line as usize);
        let invalid = |line: u64, message: String| GazetteerError::InvalidRecord {
            at: at_line(line),
            message,
        };
        let csv_error = |e: csv::Error| {
            let line = e.position().map_or(1, csv::Position::line);
            match e.into_kind() {
                csv::ErrorKind::Utf8 { err, .. } => {
                    invalid(line, format!("invalid UTF-8 in cell {}", err.field() + 1))
                }
                csv::ErrorKind::Io(e) => GazetteerError::Io {
                    at: at_line(line),
                    source: e,
                },
                other => invalid(line, format!("{other:?}")),
            }
        };
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let column = |name: &str| header.iter().position(|h| h == name);
        let (Some(id), Some(name), Some(label)) = (column("id"), column("name"), column("label"))
        else {
            let missing: Vec<&str> = ["id", "name", "label"]
                .into_iter()
                .filter(|c| column(c).is_none())
                .collect();
            return Err(invalid(
                1,
                format!("the header has no column {}", missing.join(", ")),
            ));
        };
        let (aliases, case) = (column("aliases"), column("case"));
        let mut builder = Builder::new(source);
        // Lines counted here from the rows' byte offsets, incrementally so that the count
        // stays linear: after CRLF the csv crate's own line number is one short, and its
        // offset is that of the `\n` ending the line before (hence the byte included).
        let (mut counted_to, mut line) = (0usize, 1u64);
        for row in reader.records() {
            let row = row.map_err(csv_error)?;
            let start = row.position().map_or(counted_to, |p| p.byte() as usize);
            let upto = (start + 1).clamp(counted_to, bytes.len());
            line += memchr::memchr_iter(b'\n', &bytes[counted_to..upto]).count() as u64;
            counted_to = upto;
            if row.len() != header.len() {
                return Err(invalid(
                    line,
                    format!("{} cells where the header has {}", row.len(), header.len()),
                ));
            }
            let cell = |i: usize| row.get(i).unwrap_or_default().to_owned();
            let mut entry = Entry::new(cell(id), cell(name), cell(label));
            if let Some(i) = aliases {
                entry.aliases = row[i]
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(Alias::new)
                    .collect();
            }
            if let Some(i) = case.filter(|&i| !row[i].trim().is_empty()) {
                entry.case = Some(row[i].trim().parse::<CaseMode>().map_err(|e| {
                    GazetteerError::InvalidRecord {
                        at: at_line(line).field("case"),
                        message: e,
                    }
                })?);
            }
            let mut attributes = Map::new();
            for (i, value) in row.iter().enumerate() {
                if [Some(id), Some(name), Some(label), aliases, case].contains(&Some(i))
                    || value.is_empty()
                {
                    continue;
                }
                attributes.insert(header[i].clone(), Value::String(value.to_owned()));
            }
            entry.attributes = attributes;
            builder.push(entry, line as usize)?;
        }
        Ok(builder.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Gazetteer, String> {
        Gazetteer::from_delimited(text.as_bytes(), b',', "g.csv").map_err(|e| e.to_string())
    }

    #[test]
    fn delimited_rows_become_entries() {
        let g = csv("\u{feff}id,name,label,aliases,case,iso\r\nc:cn,China,COUNTRY,PRC| People's Republic ,,CN\r\n\"o:a,b\",\"A, B\",ORG,,exact,\r\n").unwrap();
        let cn = g.get("c:cn").unwrap();
        let aliases: Vec<&str> = cn.aliases.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(aliases, ["PRC", "People's Republic"]);
        assert_eq!(cn.attributes["iso"], "CN");
        let ab = g.get("o:a,b").unwrap();
        assert_eq!((ab.name.as_str(), ab.case), ("A, B", Some(CaseMode::Exact)));
        assert!(ab.attributes.is_empty(), "empty cells are left out");
        let tsv = Gazetteer::from_delimited(b"id\tname\tlabel\nx\tX\tL\n", b'\t', "g.tsv").unwrap();
        assert_eq!(tsv.get("x").unwrap().name, "X");
    }

    #[test]
    fn delimited_errors_name_the_line() {
        let cases = [
            ("id,name\nx,X\n", "g.csv:1: invalid record: the header has no column label"),
            ("id,name,label\nx,X,L\ny,Y\n", "g.csv:3: invalid record: 2 cells where the header has 3"),
            ("id,name,label\nx,X,L,extra\n", "g.csv:2: invalid record: 4 cells where the header has 3"),
            ("id,name,label\nx,X,L\nx,Y,L\n", "g.csv:3: field `id`: duplicate id `x` (first defined at line 2)"),
            ("id,name,label\nx, ,L\n", "g.csv:2: field `name`: empty value"),
            ("id,name,label,case\nx,X,L,upper\n", "g.csv:2: field `case`: invalid record: unknown case mode \"upper\": expected smart, exact or insensitive"),
        ];
        for (input, want) in cases {
            assert_eq!(csv(input).unwrap_err(), want, "{input:?}");
        }
        let bad =
            Gazetteer::from_delimited(b"id,name,label\nx,\xff,L\n", b',', "g.csv").unwrap_err();
        assert_eq!(
            bad.to_string(),
            "g.csv:2: invalid record: invalid UTF-8 in cell 2"
        );
    }
}
