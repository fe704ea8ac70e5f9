"""HTML pages from Python: newsgaz.parse_html over str and bytes (own fixtures)."""

import pytest

import newsgaz

PAGE = """<html lang="en"><head><title>Storm | Example Post</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Storm hits Lisbon", "datePublished": "2024-03-02T08:00:00+00:00",
 "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Example Post"}],
 "publisher": {"@type": "Organization", "name": "Example Post"}}</script>
<style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm hits Lisbon</h1>
<p>A storm hit Lisbon and Porto on Saturday, Portugal's weather service said.</p>
<p>“The wind was very strong,” a resident said.</p></article>
<script>var text = "Breaking news text that is not the article";</script>
<footer>Copyright Example Post</footer></body></html>"""


def test_parse_html_str_gives_text_metadata_and_provenance():
    a = newsgaz.parse_html(PAGE, "https://post.example/2024/03/02/storm")
    assert a.title == "Storm hits Lisbon"
    assert len(a.paragraphs) == 2
    assert "Home" not in a.text and "Breaking news" not in a.text and "color" not in a.text
    m = a.metadata
    assert m["authors"] == ["Jane Doe"]  # the organisation is no author
    assert m["published_date"] == "2024-03-02T08:00:00+00:00"
    assert m["source"] == "Example Post"
    assert m["provenance"]["published"] == "json-ld"
    assert m["provenance"]["language"] == "html"


def test_parse_html_bytes_honours_the_charset_and_errors_name_the_byte():
    page = "<p>Caf\u00e9 owners in Lisbon said prices rose again this winter.</p>".encode("latin-1")
    a = newsgaz.parse_html(page, content_type="text/html; charset=ISO-8859-1")
    assert "Café" in a.text
    stray = "<p>São Paulo ".encode() + b"\x93</p>"
    with pytest.raises(newsgaz.ArticleError, match="p.html: cannot decode as UTF-8 at byte 14"):
        newsgaz.parse_html(stray, source="p.html")
    lossy = newsgaz.parse_html(stray, lossy=True)
    assert lossy.metadata["replaced_invalid_utf8"] == 1
    assert lossy.metadata["extra"]["encoding_source"] == "mostly utf-8"
    # A declared charset the bytes are not valid in: detected, and said why.
    detected = newsgaz.parse_html("<p>café crème</p>".encode("cp1252"), content_type="text/html; charset=shift_jis")
    assert detected.metadata["extra"]["encoding"] == "windows-1252"
    assert detected.metadata["extra"]["encoding_source"].startswith("detected: declared Shift_JIS")


def test_annotating_a_page_finds_its_places():
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    a = newsgaz.parse_html(PAGE)
    found = annotator.annotate(a)
    texts = [m.text for m in found.mentions]
    assert "Lisbon" in texts and "Porto" in texts
    for m in found.mentions:
        assert found.text[m.start:m.end] == m.text


def _warc_record(kind: str, header: str, block: bytes) -> bytes:
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-03-02T09:00:00Z\r\n{header}"
    return f"{head}Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n"


def _warc_response(url: str, content_type: str, body: bytes) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    header = f"WARC-Target-URI: <{url}>\r\nContent-Type: application/http; msgtype=response\r\n"
    return _warc_record("response", header, http)


def test_read_articles_reads_warc_archives_record_by_record(tmp_path):
    broken = _warc_response("https://post.example/b", "text/html", b"<p>cut</p>")
    broken = broken.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    archive = b"".join(
        [
            _warc_record("warcinfo", "", b"software: test\r\n"),
            _warc_response("https://post.example/2024/03/02/storm", "text/html", PAGE.encode()),
            _warc_response("https://post.example/a.css", "text/css", b"p {}"),
            broken,
            _warc_response("https://post.example/next", "text/html", b"<p>Porto's harbour reopened on Sunday after the storm passed.</p>"),
        ]
    )
    path = tmp_path / "crawl.warc"
    path.write_bytes(archive)
    results = newsgaz.read_articles(path, errors="return")
    assert [type(r).__name__ for r in results] == ["Article", "ArticleError", "Article"]
    first, error, last = results
    assert first.title == "Storm hits Lisbon"
    assert first.source == f"{path}#1"
    assert first.metadata["url"] == "https://post.example/2024/03/02/storm"
    assert first.metadata["provenance"]["url"] == "warc"
    assert first.metadata["extra"]["fetched"] == "2024-03-02T09:00:00Z"
    assert f"{path}#3: invalid WARC record at byte " in str(error)
    assert last.source == f"{path}#4" and "Porto" in last.text
    with pytest.raises(newsgaz.ArticleError, match="invalid WARC record"):
        newsgaz.read_articles(path)


def test_read_articles_reads_html_pages_plain_and_gzipped(tmp_path):
    import gzip

    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    articles = newsgaz.read_articles(str(tmp_path / "*"))
    assert [a.source for a in articles] == [str(tmp_path / "a.html"), str(tmp_path / "b.htm.gz")]
    for a in articles:
        assert a.title == "Storm hits Lisbon" and "Home" not in a.text
        assert a.metadata["authors"] == ["Jane Doe"]
