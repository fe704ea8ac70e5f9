"""newsgaz: find the people, places and organisations news articles mention."""

from newsgaz._newsgaz import (
    AnnotatedArticle,
    Annotator,
    Article,
    ArticleError,
    Entity,
    Gazetteer,
    GazetteerError,
    Matcher,
    Mention,
    NewsgazError,
    parse_article,
)

__all__ = [
    "AnnotatedArticle",
    "Annotator",
    "Article",
    "ArticleError",
    "Entity",
    "Gazetteer",
    "GazetteerError",
    "Matcher",
    "Mention",
    "NewsgazError",
    "parse_article",
]
