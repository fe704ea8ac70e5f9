"""newsgaz: find the people, places and organisations news articles mention."""

from newsgaz._newsgaz import (
    AnnotatedArticle,
    Annotator,
    Article,
    ArticleError,
    Attribution,
    Entity,
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
    "AnnotatedArticle",
    "Annotator",
    "Article",
    "ArticleError",
    "Attribution",
    "Entity",
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
