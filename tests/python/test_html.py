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
    with pytest.raises(newsgaz.ArticleError, match="cannot decode as Shift_JIS at byte 5"):
        newsgaz.parse_html(b"<p>ab\x82", content_type="text/html; charset=shift_jis", source="p.html")
    lossy = newsgaz.parse_html(b"<p>ab\x82", content_type="text/html; charset=shift_jis", lossy=True)
    assert lossy.metadata["replaced_invalid_utf8"] == 1


def test_annotating_a_page_finds_its_places():
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    a = newsgaz.parse_html(PAGE)
    found = annotator.annotate(a)
    texts = [m.text for m in found.mentions]
    assert "Lisbon" in texts and "Porto" in texts
    for m in found.mentions:
        assert found.text[m.start:m.end] == m.text
