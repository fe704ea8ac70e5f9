"""Reading article files: the formats of ``newsgaz tag``, one result per record."""

from __future__ import annotations

import glob
import os
from typing import Iterable, Literal, overload

from newsgaz._newsgaz import Article, NewsgazError, _read_paths

__all__ = ["read_articles"]

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _expand(paths: Paths) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    expanded: list[str] = []
    for p in paths:
        p = os.fspath(p)
        if glob.has_magic(p):
            matched = sorted(glob.glob(p, recursive=True))
            if not matched:
                raise FileNotFoundError(f"no file matches {p!r}")
            expanded.extend(m for m in matched if not os.path.isdir(m))
        else:
            expanded.append(p)
    return expanded


@overload
def read_articles(
    paths: Paths,
    *,
    lossy: bool = ...,
    errors: Literal["raise"] = ...,
    max_record_bytes: int | None = ...,
    max_decompressed_bytes: int | None = ...,
    max_html_depth: int | None = ...,
    max_html_elements: int | None = ...,
) -> list[Article]: ...
@overload
def read_articles(
    paths: Paths,
    *,
    lossy: bool = ...,
    errors: Literal["return"],
    max_record_bytes: int | None = ...,
    max_decompressed_bytes: int | None = ...,
    max_html_depth: int | None = ...,
    max_html_elements: int | None = ...,
) -> list[Article | NewsgazError | OSError]: ...
def read_articles(
    paths: Paths,
    *,
    lossy: bool = False,
    errors: Literal["raise", "return"] = "raise",
    max_record_bytes: int | None = None,
    max_decompressed_bytes: int | None = None,
    max_html_depth: int | None = None,
    max_html_elements: int | None = None,
) -> list[Article] | list[Article | NewsgazError | OSError]:
    """The articles of ``paths``: a path, a glob (``"news/**/*.txt"``, sorted) or a list
    of them. Each file is read by its name as ``newsgaz tag`` reads it: ``.jsonl``
    (a record a line), ``.json`` (one record or an array), ``.html``/``.htm`` (a web
    page, as :func:`parse_html`), ``.warc`` (an archive: each HTML response a page with
    its target URI and WARC date; requests, metadata and other media are skipped),
    anything else plain text (title line, blank line, paragraphs); ``.gz`` is
    decompressed on the way.

    Every record yields one result, in order, with its ``source`` (``path``,
    ``path:line``, ``path#index``; a WARC record's index counts skipped ones). A record that cannot be read raises its error
    (``ArticleError``, ``FileNotFoundError``...), or with ``errors="return"`` the error
    takes its place in the list. ``lossy=True`` replaces invalid UTF-8 with U+FFFD
    instead of failing (the BBC corpus has one Latin-1 file).

    The limits are those of ``newsgaz tag`` (``None`` keeps the default):
    ``max_record_bytes`` (64 MiB) and ``max_decompressed_bytes`` (64 GiB, a gzipped
    file's inflated size) make a record past them an ``ArticleError`` in its place,
    naming the limit and the byte; a page's tags nested deeper than ``max_html_depth``
    (256), or past its ``max_html_elements``-th element (100,000), are replaced by a
    space, their text kept, and counted in ``metadata.extra["limits"]``.

    >>> import newsgaz, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"text": "Rain in Lisbon."}\\n{"title": "no text"}\\n')
    >>> [type(r).__name__ for r in newsgaz.read_articles(d / "a.jsonl", errors="return")]
    ['Article', 'ArticleError']
    """
    if errors not in ("raise", "return"):
        raise NewsgazError(f'errors={errors!r}: expected "raise" or "return"')
    limits = {
        "max_record_bytes": max_record_bytes,
        "max_decompressed_bytes": max_decompressed_bytes,
        "max_html_depth": max_html_depth,
        "max_html_elements": max_html_elements,
    }
    return _read_paths(_expand(paths), lossy, errors == "return", limits)
