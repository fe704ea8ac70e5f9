//! `newsgaz tag` over a WARC archive (issue 14): each HTML response tagged, other records
//! skipped and counted, a broken record an error in its place, in order.

mod common;

use std::io::Write;

use common::newsgaz;
use serde_json::Value;

/// One WARC record, as a writer would put it: version line, header, block, blank line.
fn record(kind: &str, header: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n{header}Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(url: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nServer: test\r\n\r\n")
            .into_bytes();
    http.extend_from_slice(body);
    record(
        "response",
        &format!("WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"),
        &http,
    )
}

fn page(title: &str, body: &str) -> String {
    format!("<html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><article><p>{body}</p></article></body></html>")
}

#[test]
fn a_gzipped_archive_is_tagged_record_by_record() {
    let gazetteer = common::scratch("warc", "g.jsonl");
    std::fs::write(
        &gazetteer,
        "{\"id\": \"city:lisbon\", \"name\": \"Lisbon\", \"label\": \"CITY\"}\n",
    )
    .unwrap();
    let latin1: Vec<u8> = page(
        "Caf\u{e9}s",
        "The caf\u{e9}s of Lisbon reopened on Monday after the long storm, owners said.",
    )
    .chars()
    .map(|c| u8::try_from(u32::from(c)).unwrap())
    .collect();
    let mut broken = response(
        "https://news.example/broken",
        "text/html",
        page("Broken", "Lisbon").as_bytes(),
    );
    // A Content-Length ten bytes short: the record does not end where it says.
    let text = String::from_utf8(broken.clone()).unwrap();
    let length: usize = text
        .split("Content-Length: ")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    broken = text
        .replacen(
            &format!("Content-Length: {length}\r\n"),
            &format!("Content-Length: {}\r\n", length - 10),
            1,
        )
        .into_bytes();
    let records = [
        record("warcinfo", "", b"software: newsgaz-test\r\n"),
        response(
            "https://news.example/2024/05/01/cafes",
            "text/html; charset=ISO-8859-1",
            &latin1,
        ),
        record(
            "request",
            "WARC-Target-URI: https://news.example/x\r\n",
            b"GET /x HTTP/1.1\r\n\r\n",
        ),
        response("https://news.example/logo.png", "image/png", b"\x89PNG"),
        broken,
        response(
            "https://news.example/harbour",
            "text/html; charset=utf-8",
            page(
                "Harbour",
                "The harbour in Lisbon was closed to ferries for a second day.",
            )
            .as_bytes(),
        ),
    ];
    // One gzip member per record, as archives are written.
    let mut archive = Vec::new();
    for r in &records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(r).unwrap();
        archive.extend(gz.finish().unwrap());
    }
    let path = common::scratch("warc", "crawl.warc.gz");
    std::fs::write(&path, &archive).unwrap();
    let (code, out, err) = newsgaz(&[
        "tag",
        path.to_str().unwrap(),
        "-g",
        gazetteer.to_str().unwrap(),
        "--no-default",
    ]);
    assert_eq!(code, 1, "a broken record makes the run fail: {err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    let first = &lines[0];
    assert_eq!(first["title"], "Cafés");
    assert_eq!(
        first["metadata"]["url"],
        "https://news.example/2024/05/01/cafes"
    );
    assert_eq!(first["metadata"]["provenance"]["url"], "warc");
    assert_eq!(
        first["metadata"]["extra"]["fetched"],
        "2024-05-01T10:00:00Z"
    );
    assert_eq!(first["metadata"]["published_date"], "2024-05-01");
    assert_eq!(first["mentions"][0]["entity"], "city:lisbon");
    assert!(!first["text"].as_str().unwrap().contains("Home"));
    let error = &lines[1]["error"];
    assert!(
        error
            .as_str()
            .unwrap()
            .contains("crawl.warc.gz#4: invalid WARC record at byte ")
            && error
                .as_str()
                .unwrap()
                .contains("does not end where Content-Length says"),
        "{error}"
    );
    assert_eq!(lines[2]["title"], "Harbour");
    assert_eq!(lines[2]["mentions"][0]["text"], "Lisbon");
    assert!(
        err.contains(
            "3 WARC records skipped as no HTML page: 1 request, 1 response: image/png, 1 warcinfo"
        ),
        "{err}"
    );
}
