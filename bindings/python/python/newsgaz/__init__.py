"""newsgaz: find the people, places and organisations news articles mention."""

from newsgaz._newsgaz import (
    Article,
    ArticleError,
    Gazetteer,
    GazetteerError,
    Matcher,
    Mention,
    NewsgazError,
    parse_article,
)

__all__ = [
    "Article",
    "ArticleError",
    "Gazetteer",
    "GazetteerError",
    "Matcher",
    "Mention",
    "NewsgazError",
    "parse_article",
]
