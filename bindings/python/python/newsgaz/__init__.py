"""newsgaz: find the people, places and organisations news articles mention."""

from newsgaz._newsgaz import (
    AnnotatedArticle,
    Annotator,
    Article,
    ArticleError,
    Attribution,
    EntitySummary,
    Gazetteer,
    GazetteerError,
    Matcher,
    Mention,
    NewsgazError,
    Quote,
    Speaker,
    SpeechCue,
    __version__,
    parse_article,
    parse_article_bytes,
    parse_article_json,
)
from newsgaz.frames import to_arrow, to_pandas
from newsgaz.reading import read_articles

__all__ = [
    "__version__",
    "AnnotatedArticle",
    "Annotator",
    "Article",
    "ArticleError",
    "Attribution",
    "EntitySummary",
    "Gazetteer",
    "GazetteerError",
    "Matcher",
    "Mention",
    "NewsgazError",
    "Quote",
    "Speaker",
    "SpeechCue",
    "parse_article",
    "parse_article_bytes",
    "parse_article_json",
    "read_articles",
    "to_arrow",
    "to_pandas",
]
