"""Tables of annotated articles: one row per mention, entity or quotation.

The columns are built in Rust (``_newsgaz._columns``) as Arrow-layout buffers with no
Python object per row; here they are only wrapped, as pandas or pyarrow objects. Offsets
in ``start``/``end`` are ``str`` indices, in ``byte_start``/``byte_end`` UTF-8 bytes.
pandas and pyarrow are optional: ``pip install newsgaz[pandas]`` or ``newsgaz[arrow]``.
"""

from __future__ import annotations

from typing import Any, Iterable, Literal

from newsgaz._newsgaz import AnnotatedArticle, _columns

__all__ = ["to_pandas", "to_arrow"]


def _articles(results: AnnotatedArticle | Iterable[AnnotatedArticle]) -> list[AnnotatedArticle]:
    if isinstance(results, AnnotatedArticle):
        return [results]
    articles = list(results)
    for i, a in enumerate(articles):
        if not isinstance(a, AnnotatedArticle):
            raise TypeError(
                f"results[{i}]: expected an AnnotatedArticle, got {type(a).__name__}"
            )
    return articles


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as e:
        raise ImportError(
            f"{module} is needed for this; install it with `pip install newsgaz[{extra}]`"
        ) from e


def to_pandas(
    results: AnnotatedArticle | Iterable[AnnotatedArticle],
    what: Literal["mentions", "entities", "quotes"] = "mentions",
) -> Any:
    """A ``pandas.DataFrame`` with one row per mention, entity or quotation of ``results``.

    ``document`` is the position of the row's article in ``results`` and ``source``
    where it was read from. Integer columns that may be missing (``paragraph``,
    ``sentence``) are nullable ``Int64``; repeated strings (entity ids, names, labels)
    are categoricals.

    >>> import newsgaz
    >>> a = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    >>> df = newsgaz.to_pandas([a.annotate("Rain in Lisbon and Paris.")])
    >>> list(df["text"]), list(df["label"])
    (['Lisbon', 'Paris'], ['CITY', 'CITY'])
    """
    pd = _require("pandas", "pandas")
    import numpy as np

    data: dict[str, Any] = {}
    for name, kind, length, valid, *buffers in _columns(_articles(results), what):
        mask = None
        if valid is not None:
            bits = np.unpackbits(np.frombuffer(valid, np.uint8), bitorder="little")
            mask = bits[:length] == 0
        if kind == "int64":
            values = np.frombuffer(buffers[0], np.int64)
            data[name] = values if mask is None else pd.arrays.IntegerArray(values.copy(), mask)
        elif kind == "float64":
            data[name] = np.frombuffer(buffers[0], np.float64)
        elif kind == "bool":
            bits = np.unpackbits(np.frombuffer(buffers[0], np.uint8), bitorder="little")
            data[name] = bits[:length].astype(bool)
        elif kind == "category":
            codes = np.frombuffer(buffers[0], np.int32)
            data[name] = pd.Categorical.from_codes(codes, categories=buffers[1])
        else:  # str
            offsets = np.frombuffer(buffers[0], np.int64).tolist()
            blob: bytes = buffers[1]
            strings = [blob[offsets[i] : offsets[i + 1]].decode() for i in range(length)]
            data[name] = pd.array(
                [None if mask is not None and mask[i] else s for i, s in enumerate(strings)],
                dtype=object,
            )
    return pd.DataFrame(data)


def to_arrow(
    results: AnnotatedArticle | Iterable[AnnotatedArticle],
    what: Literal["mentions", "entities", "quotes"] = "mentions",
) -> Any:
    """A ``pyarrow.Table`` with the columns of :func:`to_pandas`, made from the buffers
    Rust built (strings as ``large_string``, repeated strings dictionary-encoded).

    >>> import newsgaz
    >>> a = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    >>> t = newsgaz.to_arrow(a.annotate("Rain in Lisbon."))
    >>> t.column("text").to_pylist(), t.column("start").to_pylist()
    (['Lisbon'], [8])
    """
    pa = _require("pyarrow", "arrow")
    arrays = []
    names = []
    for name, kind, length, valid, *buffers in _columns(_articles(results), what):
        validity = None if valid is None else pa.py_buffer(valid)
        if kind == "int64":
            array = pa.Array.from_buffers(pa.int64(), length, [validity, pa.py_buffer(buffers[0])])
        elif kind == "float64":
            array = pa.Array.from_buffers(
                pa.float64(), length, [validity, pa.py_buffer(buffers[0])]
            )
        elif kind == "bool":
            array = pa.Array.from_buffers(pa.bool_(), length, [validity, pa.py_buffer(buffers[0])])
        elif kind == "category":
            indices = pa.Array.from_buffers(
                pa.int32(), length, [validity, pa.py_buffer(buffers[0])]
            )
            array = pa.DictionaryArray.from_arrays(indices, pa.array(buffers[1], pa.string()))
        else:  # str
            array = pa.Array.from_buffers(
                pa.large_string(),
                length,
                [validity, pa.py_buffer(buffers[0]), pa.py_buffer(buffers[1])],
            )
        arrays.append(array)
        names.append(name)
    return pa.Table.from_arrays(arrays, names=names)
