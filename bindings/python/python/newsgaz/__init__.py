"""newsgaz: find the people, places and organisations news articles mention."""

from newsgaz._newsgaz import (
    Article,
    ArticleError,
    Attribution,
    Gazetteer,
    GazetteerError,
    Matcher,
    Mention,
    NewsgazError,
    Quote,
    SpeechCue,
    parse_article,
    parse_article_bytes,
    parse_article_json,
)

__all__ = [
    "Article",
    "ArticleError",
    "Attribution",
    "Gazetteer",
    "GazetteerError",
    "Matcher",
    "Mention",
    "NewsgazError",
    "Quote",
    "SpeechCue",
    "parse_article",
    "parse_article_bytes",
    "parse_article_json",
]
