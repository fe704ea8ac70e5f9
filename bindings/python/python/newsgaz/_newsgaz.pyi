from array import array
from os import PathLike
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Mapping, TypedDict, final, overload

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]
    import pyarrow  # type: ignore[import-untyped]

_MentionForm = Literal["name", "partial", "demonym", "titled"]
_QuoteKind = Literal["speech", "scare"]
_SpeakerLink = Literal["mention", "pronoun", "role", "unlinked"]

class _ValueRecord:
    # What every value record has (the binding's `value_record!`): equal and hashed by
    # value, picklable, and a dict of its fields.
    def to_dict(self) -> dict[str, Any]:
        """The record as a dict of plain values (nested records as dicts)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...

class NewsgazError(ValueError):
    """Any error newsgaz reports: bad input, bad options, an interrupted call, or a bug
    (whose message says so)."""

__version__: str

class GazetteerError(NewsgazError):
    """A gazetteer that cannot be read or built: the message names the file, the line and
    the field."""

class ArticleError(NewsgazError):
    """An article that cannot be read: the message names the source, the line or record,
    and the field or byte."""

@final
class Gazetteer:
    """A validated list of entities (id, name, label, aliases, attributes)."""
    @staticmethod
    def from_records(records: Iterable[Mapping[str, Any]]) -> Gazetteer:
        """Builds a gazetteer from dicts with keys id, name, label, aliases (optional)."""
    @staticmethod
    def from_pandas(
        df: Any,
        *,
        id: str = "id",
        name: str = "name",
        label: str = "label",
        aliases: str | None = None,
        attributes: list[str] = ...,
    ) -> Gazetteer:
        """Builds a gazetteer from a pandas DataFrame, a row per entry: the columns named by
        `id`, `name` and `label` hold strings; `aliases`, if given, names a column of lists
        of strings or of `|`-separated strings (missing: none); `attributes` names columns
        kept as each entry's attributes (missing values as None).
        """
    @staticmethod
    def from_file(path: str | PathLike[str]) -> Gazetteer:
        """Loads a gazetteer file: JSON Lines (`.jsonl`), a JSON array (`.json`), CSV (`.csv`)
        or TSV (`.tsv`), each optionally gzipped, or a compiled file
        (`Matcher.to_compiled`), whatever its name.
        """
    @staticmethod
    def from_jsonl_str(text: str) -> Gazetteer:
        """Parses JSON Lines text."""
    @staticmethod
    def default() -> Gazetteer:
        """The built-in gazetteer: countries, cities, regions, US states and organisations
        (loaded once, then shared).
        """
    def overlay(self, base: Gazetteer) -> Gazetteer:
        """This gazetteer's entries first, then `base`'s entries whose ids it does not use
        (for example `mine.overlay(Gazetteer.default())`).
        """
    def to_jsonl(self) -> str:
        """The entries as JSON Lines text (one object a line)."""
    def ids(self) -> list[str]:
        """The entries' ids, by index: what `Matcher.find_arrays` gives as entities."""
    def get(self, id: str, default: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The entry with `id` as a dict (`id`, `name`, `label`, `aliases`, `attributes`...,
        as in JSON Lines), or `default` when there is none.
        """
    def __contains__(self, id: str, /) -> bool: ...
    def __iter__(self) -> Iterator[dict[str, Any]]: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[()] | tuple[str]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Matcher:
    """A compiled matcher over a gazetteer. Immutable and safe to share between threads."""
    def __new__(
        cls,
        gazetteer: Gazetteer,
        *,
        case: Literal["smart", "insensitive", "exact"] = ...,
        acronym_max_len: int = ...,
        fold_diacritics: bool = ...,
        fold_punctuation: bool = ...,
        fold_whitespace: bool = ...,
        word_boundaries: bool = ...,
    ) -> Matcher: ...
    @staticmethod
    def builtin() -> Matcher:
        """The matcher over the built-in gazetteer with the default options, loaded from the
        embedded compiled tables once a process and shared: ready in milliseconds.
        `Matcher(Gazetteer.default())` is the same matcher.
        """
    def find(self, text: str, *, overlapping: bool = False) -> list[Mention]:
        """Finds mentions in `text`; `start`/`end` are `str` indices. Leftmost-longest
        mentions, or with `overlapping=True` every match, ordered by start then end.
        """
    def find_many(
        self, texts: list[str], *, overlapping: bool = False, threads: int | None = None
    ) -> list[list[Mention]]:
        """`find` over many texts on `threads` threads (None: every core), without the GIL;
        one list of mentions per text, in input order.
        """
    def find_arrays(
        self, text: str, *, overlapping: bool = False
    ) -> tuple[array[int], array[int], array[int]]:
        """Finds mentions in `text` as three columns: `(starts, ends, entities)`, each an
        `array.array("q")` (64-bit ints), one element per mention, in the order of `find`.
        `starts`/`ends` are `str` indices; `entities` index the gazetteer's entries (see
        `Gazetteer.ids`). No object is made per mention: for bulk work, and zero-copy into
        NumPy (`numpy.frombuffer(starts, dtype=numpy.int64)`).
        """
    def options_json(self) -> str:
        """The options as a JSON object string."""
    def to_compiled(self) -> bytes:
        """This matcher as a compiled gazetteer file's bytes: its options, gazetteer and
        search tables, which `Matcher.from_compiled` loads without building. Write them
        to a file for `newsgaz tag --gazetteer FILE`.
        """
    @staticmethod
    def from_compiled(data: bytes) -> Matcher:
        """Loads a matcher from a compiled gazetteer file's bytes (`Matcher.to_compiled`,
        `newsgaz gazetteer compile`). A file of another format version, truncated or
        corrupted raises `GazetteerError` saying which.
        """
    @staticmethod
    def from_compiled_path(path: str | PathLike[str]) -> Matcher:
        """Reads a compiled gazetteer file (see `from_compiled`)."""
    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer this matcher was built from."""
    def __reduce__(self) -> tuple[Any, tuple[str] | tuple[bytes]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

class _CountryFocus(TypedDict):
    code: str
    entity: str | None
    name: str | None
    score: float
    mentions: int

class _PlaceFocus(TypedDict):
    entity: str
    name: str
    label: str
    country: str | None
    score: float
    mentions: int

class _Focus(TypedDict):
    countries: list[_CountryFocus]
    places: list[_PlaceFocus]

@final
class Mention:
    """One mention: `text[start:end] == mention.text`.

    Like `re.Match`, it keeps the text it was found in and slices `text` from it when asked,
    and it names its entity by index into the gazetteer, whose strings every mention of
    the entry shares: making one costs one small object (64 bytes), whatever the mention.
    Offsets are held in 32 bits (checked when made: a mention ending past 4 GiB of text is
    an error, never a wrong offset), which keeps the object in pymalloc's 64-byte class.
    """
    @property
    def start(self) -> int:
        """`str` index of the first character."""
    @property
    def end(self) -> int:
        """`str` index one past the last character."""
    @property
    def byte_start(self) -> int:
        """UTF-8 byte offset of the first byte."""
    @property
    def byte_end(self) -> int:
        """UTF-8 byte offset one past the last byte."""
    @property
    def text(self) -> str:
        """The mention as written: `text[start:end]` of the text it was found in."""
    @property
    def entity(self) -> str:
        """The entity's id."""
    @property
    def name(self) -> str:
        """The entity's name."""
    @property
    def label(self) -> str:
        """The entity's label."""
    @property
    def country(self) -> str | None:
        """The code of the entity's country (`"GB"` for Westminster), `None` for entities
        with none (organisations, people, seas).
        """
    @property
    def candidates(self) -> tuple[str, ...]:
        """Entity ids, preferred first."""
    @property
    def paragraph(self) -> int | None:
        """Index of the body paragraph holding the mention (`None` in the title or plain text)."""
    @property
    def sentence(self) -> int | None:
        """Index of the body sentence holding the mention (`None` in the title or plain text)."""
    @property
    def in_title(self) -> bool:
        """True in the title."""
    @property
    def in_quote(self) -> bool:
        """True between the marks of a quotation."""
    @property
    def form(self) -> _MentionForm:
        """How the mention names its entity: `name` (its name or an alias), `partial` (part
        of a person's name given in full elsewhere: "Putin"), `demonym` ("Chinese") or
        `titled` (a surname after a title, "Mr Blair", of the one listed person with it).
        """
    def to_dict(self) -> dict[str, Any]:
        """The mention as a dict of plain values (`str` indices in `start`/`end`, UTF-8 offsets
        in `byte_start`/`byte_end`, `candidates` a list of ids).
        """
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...

@final
class Article:
    """A parsed article; spans are `(start, end)` `str` indices into `text`. A view over the
    core's article: the Python values are made when first asked for, then kept.
    """
    @property
    def id(self) -> str | None:
        """The article's id, from its record (`id` or `guid`), if any."""
    @property
    def title(self) -> str | None:
        """The title, if any (the first line of a plain text)."""
    @property
    def text(self) -> str:
        """The whole text: the title line, then the paragraphs."""
    @property
    def title_span(self) -> tuple[int, int] | None:
        """Where the title lies in `text`, as `(start, end)` `str` indices."""
    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """The paragraphs, as `(start, end)` `str` indices."""
    @property
    def sentences(self) -> list[tuple[int, int]]:
        """The sentences, as `(start, end)` `str` indices."""
    @property
    def quotes(self) -> list[Quote]:
        """Quotations in text order."""
    @property
    def attributions(self) -> list[Attribution]:
        """Credited sources in text order."""
    @property
    def metadata(self) -> dict[str, Any]:
        """url, source, published, published_date (ISO 8601), authors, language, dateline,
        byline (spans as `(start, end)` `str` indices), replaced_invalid_utf8, extra.
        """
    @property
    def source(self) -> str | None:
        """Where the article was read from (`path`, `path:line`, `path#index`), when it was
        read from a file or given a name; `annotate_many` reports it as the `source`.
        """
    def to_json(self) -> str:
        """The article as the core's JSON: the documented schema, with UTF-8 byte offsets."""
    def to_dict(self) -> dict[str, Any]:
        """The article as a dict of plain values; every span is `(start, end)` in `str`
        indices, quotes and attributions are dicts.
        """
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...

@final
class Quote(_ValueRecord):
    """A quotation: `span` includes the marks, `content` lies between them; `speaker` is
    set on the quotes of an annotated article.
    """
    @property
    def span(self) -> tuple[int, int]:
        """Where the quotation lies, marks included, as `(start, end)` `str` indices."""
    @property
    def content(self) -> tuple[int, int]:
        """Where the text between the marks lies."""
    @property
    def text(self) -> str:
        """The text between the marks."""
    @property
    def kind(self) -> _QuoteKind:
        """`"speech"` or `"scare"`."""
    @property
    def cue(self) -> SpeechCue | None:
        """The words that tie it to its speaker, if any."""
    @property
    def speaker(self) -> Speaker | None:
        """The speaker linked by the annotator (None before annotation)."""

@final
class Speaker(_ValueRecord):
    """The speaker of a quotation: the phrase as written and the entity it was linked to."""
    @property
    def start(self) -> int:
        """`str` index of the phrase."""
    @property
    def end(self) -> int:
        """`str` index one past the phrase."""
    @property
    def text(self) -> str:
        """The phrase as written (`Putin`, `he`, `the Russian president`)."""
    @property
    def entity(self) -> str | None:
        """The linked entity's id, if any."""
    @property
    def name(self) -> str | None:
        """The linked entity's name, if any."""
    @property
    def link(self) -> _SpeakerLink:
        """`mention`, `pronoun`, `role` or `unlinked`."""

@final
class SpeechCue(_ValueRecord):
    """The words tying a quotation to its speaker: `said`, with speaker `Putin`."""
    @property
    def span(self) -> tuple[int, int]:
        """Where the cue lies, as `(start, end)` `str` indices."""
    @property
    def text(self) -> str:
        """The cue as written."""
    @property
    def verb(self) -> str:
        """The lemma: `say`, `tell`, `according to`."""
    @property
    def speaker(self) -> tuple[int, int] | None:
        """Where the speaker phrase lies, if there is one."""
    @property
    def speaker_text(self) -> str | None:
        """The speaker phrase as written."""
    @property
    def carried(self) -> bool:
        """True when the cue is the previous quotation's, which this one continues."""

@final
class Attribution(_ValueRecord):
    """A source the article credits: `Reuters reported`, `according to the ministry`;
    `entity` is set on the attributions of an annotated article.
    """
    @property
    def source(self) -> tuple[int, int]:
        """Where the source phrase lies, as `(start, end)` `str` indices."""
    @property
    def source_text(self) -> str:
        """The source as written."""
    @property
    def cue(self) -> tuple[int, int]:
        """Where the cue (`reported`, `according to`) lies."""
    @property
    def verb(self) -> str:
        """The lemma: `report`, `according to`, `say`, `tell`."""
    @property
    def entity(self) -> str | None:
        """The id of the entity the source phrase mentions (None before annotation)."""

@final
class Annotator:
    """Annotates articles in context: partial person names, ambiguous aliases, an entity
    summary, same-sentence pairs and quote speakers. Immutable; share between threads.
    """
    def __new__(
        cls,
        matcher: Matcher,
        *,
        person_labels: list[str] = ...,
        partial_names: bool = ...,
        partial_given_names: bool = ...,
        people: bool = ...,
        organisations: bool = ...,
        document_rules: bool = ...,
        focus: bool = ...,
        prior: str | None = ...,
        role_rule: bool = ...,
        place_context: bool = ...,
        place_context_entities: list[str] = ...,
        overlapping: bool = ...,
    ) -> Annotator: ...
    def annotate(self, article: Article | str, source: str = "<text>") -> AnnotatedArticle:
        """Annotates an article, or a text in the plain layout (title line, blank line,
        paragraphs).
        """
    @overload
    def annotate_many(
        self,
        items: Iterable[Article | str | Mapping[str, Any]],
        *,
        threads: int | None = None,
        errors: Literal["raise"] = "raise",
        progress: bool = False,
    ) -> list[AnnotatedArticle]:
        """`annotate` over many items on `threads` threads (None: every core), without the
        GIL; results in input order, each with its article's `source` or else its position
        (`#0`, `#1`, ...).

        An item is an `Article`, a `str` in the plain layout, or a dict with the field
        names feeds use (`title`, `text`, `url`...). With `errors="raise"` (the default)
        the first bad item raises; with `errors="return"` its place holds the exception
        (a `NewsgazError`, or a `TypeError` for an item of another type) and the others
        are annotated. `progress=True` shows a tqdm bar when tqdm is installed. Ctrl-C
        stops the batch after the article being finished.
        """
    @overload
    def annotate_many(
        self,
        items: Iterable[Article | str | Mapping[str, Any]],
        *,
        threads: int | None = None,
        errors: Literal["return"],
        progress: bool = False,
    ) -> list[AnnotatedArticle | NewsgazError | TypeError]:
        """`annotate` over many items on `threads` threads (None: every core), without the
        GIL; results in input order, each with its article's `source` or else its position
        (`#0`, `#1`, ...).

        An item is an `Article`, a `str` in the plain layout, or a dict with the field
        names feeds use (`title`, `text`, `url`...). With `errors="raise"` (the default)
        the first bad item raises; with `errors="return"` its place holds the exception
        (a `NewsgazError`, or a `TypeError` for an item of another type) and the others
        are annotated. `progress=True` shows a tqdm bar when tqdm is installed. Ctrl-C
        stops the batch after the article being finished.
        """
    def options_json(self) -> str:
        """The options as a JSON object string."""
    @property
    def matcher(self) -> Matcher:
        """The matcher this annotator was built from."""
    def __reduce__(self) -> tuple[Any, tuple[Matcher, str]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class EntitySummary(_ValueRecord):
    """One row per resolved entity of an article."""
    @property
    def id(self) -> str:
        """The entity's id."""
    @property
    def name(self) -> str:
        """The entity's name."""
    @property
    def label(self) -> str:
        """The entity's label."""
    @property
    def count(self) -> int:
        """Number of mentions."""
    @property
    def first(self) -> int:
        """`str` index of the first mention."""
    @property
    def byte_first(self) -> int:
        """UTF-8 byte offset of the first mention."""
    @property
    def in_title(self) -> bool:
        """True when the title mentions it."""
    @property
    def salience(self) -> float:
        """Share of the article's weighted mentions (title 3, first paragraph 2, else 1)."""

@final
class AnnotatedArticle:
    """An annotated article: the parsed `article` and what was found in it. A view over the
    core's annotation, shared: its lists are made when first asked for, then kept.
    `_repr_html_` renders it in notebooks.
    """
    @property
    def id(self) -> str | None:
        """The article's id, if any."""
    @property
    def source(self) -> str:
        """Where the article was read from, or its position in a batch (`#0`), or `<text>`."""
    @property
    def title(self) -> str | None:
        """The article's title, if any."""
    @property
    def text(self) -> str:
        """The article's text, which the mentions slice."""
    @property
    def article(self) -> Article:
        """The article, its quotes with their speakers, its attributions with their entities."""
    @property
    def mentions(self) -> list[Mention]:
        """Mentions in text order, resolved in context."""
    @property
    def entities(self) -> list[EntitySummary]:
        """One row per entity, most salient first."""
    @property
    def quotes(self) -> list[Quote]:
        """Quotations in text order, each with its `speaker` (the article's quotes)."""
    @property
    def attributions(self) -> list[Attribution]:
        """Credited sources in text order, each with its `entity` (the article's)."""
    @property
    def cooccurrences(self) -> list[tuple[str, str, int]]:
        """`(a, b, count)`: entities mentioned together in `count` sentences, `a < b`."""
    @property
    def people(self) -> list[dict[str, str | list[str]]]:
        """The people found in the text that the gazetteer does not list, as dicts with
        `id` (`person:~…`, of this article alone), `name`, `label` and `evidence`.
        """
    @property
    def focus(self) -> _Focus:
        """Where the article is about, as a dict: `countries`, dicts with `code`, `entity`
        and `name` (of the country's own entry, `None` when the gazetteer lists none),
        `score` and `mentions`; and `places` (other than countries), dicts with `entity`,
        `name`, `label`, `country`, `score` and `mentions`. Most weighed first; the
        scores of each list add up to 1.
        """
    def to_json(self) -> str:
        """The record as one JSON object (the line `newsgaz tag` prints; byte offsets in
        `start`/`end`, `str` indices in `char_start`/`char_end`).
        """
    def to_dict(self) -> dict[str, Any]:
        """The record as a dict of plain values: the article's fields (`str`-index spans),
        `source`, `mentions` and `entities` as lists of dicts, `cooccurrences` and
        `focus`.
        """
    def to_pandas(self, what: Literal["mentions", "entities", "quotes"] = "mentions") -> pandas.DataFrame:
        """A pandas DataFrame of this article's `mentions`, `entities` or `quotes` (see
        `newsgaz.to_pandas`).
        """
    def to_arrow(self, what: Literal["mentions", "entities", "quotes"] = "mentions") -> pyarrow.Table:
        """A pyarrow Table of this article's `mentions`, `entities` or `quotes` (see
        `newsgaz.to_arrow`).
        """
    def to_html(self) -> str:
        """An HTML fragment: mentions highlighted by label, a legend, the entity table."""
    def _repr_html_(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[bytes]]: ...

def parse_article(text: str) -> Article:
    """Parses an article in the plain-text layout (title line, blank line, paragraphs)."""
def parse_article_bytes(data: bytes, source: str = "<bytes>", lossy: bool = False) -> Article:
    """Parses UTF-8 bytes in the plain-text layout; `lossy=True` replaces invalid UTF-8
    with U+FFFD instead of raising `ArticleError`.
    """
def parse_html(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str = "<html>",
    lossy: bool = False,
) -> Article:
    """Parses an HTML page (`str`, or `bytes` decoded by `content_type`'s charset, else the
    page's `<meta charset>`, else detection): its main text and metadata, each field's
    origin in `metadata["provenance"]`.
    """
def parse_article_json(record: str | bytes | Mapping[str, Any]) -> Article:
    """Parses a JSON record (JSON as `str` or `bytes`, or a dict) with the field names
    feeds use.
    """
def _annotator_from_options_json(matcher: Matcher, options: str) -> Annotator: ...
def _matcher_over_builtin(options: str) -> Matcher: ...
def _matcher_from_compiled_cached(data: bytes) -> Matcher: ...
def _annotated(snapshot: bytes) -> AnnotatedArticle: ...
def _article(
    json: bytes, quotes: list[Quote], attributions: list[Attribution], source: str | None
) -> Article: ...
def _read_paths(
    paths: list[str],
    lossy: bool,
    keep_errors: bool,
    limits: dict[str, int | None] | None = None,
) -> list[Any]: ...
def _mention(
    gazetteer: Gazetteer,
    source: str,
    fields: tuple[int, int, int, int, int | None, int | None, bool, bool, str, list[int]],
) -> Mention: ...
def _record(kind: str, state: tuple[Any, ...]) -> Any: ...
def _panic_in_core(message: str) -> None: ...
def _columns(
    results: list[AnnotatedArticle], what: str
) -> list[tuple[Any, ...]]: ...
