"""A spaCy pipeline component: ``nlp.add_pipe("newsgaz")``.

Install with ``pip install newsgaz[spacy]``. The factory is registered through the
``spacy_factories`` entry point, so it also works from a config file and ``spacy.load``.

For each doc the component annotates ``doc.text`` with a newsgaz ``Annotator`` (partial
person names, ambiguous aliases resolved in context) and

- writes every mention, overlapping ones included, to ``doc.spans[spans_key]``
  (``"newsgaz"``; ``None`` skips it);
- sets ``doc.ents`` from the non-overlapping mentions: ``label_`` is the entry's label,
  ``kb_id_`` and ``id_`` its id. Existing entities are kept unless ``overwrite_ents``;
  where one overlaps a mention, the one kept is the existing entity (or, with
  ``overwrite_ents``, the mention).

The rule for a mention that does not align with spaCy's tokens (``"Berlin+Paris"`` is one
token to spaCy, two mentions to newsgaz): it enters ``doc.spans`` expanded to the tokens
it touches, stays out of ``doc.ents`` (the expanded span would be a wrong entity), and is
listed in ``doc._.newsgaz_misaligned`` as ``(start_char, end_char, entity id)``. No mention
is dropped silently: one that cannot enter ``doc.ents`` (misaligned, or overlapping a kept
entity) is still in ``doc.spans``.

Config (all optional): ``builtin`` (use the built-in gazetteer, default true),
``gazetteer`` (a gazetteer file: JSON Lines, JSON, CSV, TSV or compiled; with ``builtin``
its entries come first), ``matcher`` and ``annotator`` (keyword options of ``Matcher`` and
``Annotator``), ``overwrite_ents``, ``spans_key``.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("newsgaz")
>>> doc = nlp("Talks in Lisbon and Madrid.")
>>> [(e.text, e.label_, e.kb_id_) for e in doc.ents]
[('Lisbon', 'CITY', 'geonames:2267057'), ('Madrid', 'CITY', 'geonames:3117735')]
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Iterable

import newsgaz

if importlib.util.find_spec("spacy") is None:  # pragma: no cover - the message is the point
    raise ImportError("the newsgaz spaCy component needs spaCy: `pip install newsgaz[spacy]`")

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

__all__ = ["NewsgazComponent", "make_component"]

SETTINGS_FILE = "newsgaz.json"
COMPILED_FILE = "matcher.ngz"

if not Doc.has_extension("newsgaz_misaligned"):
    Doc.set_extension("newsgaz_misaligned", default=None)


class NewsgazComponent:
    """The pipeline component; ``make_component`` is its factory."""

    def __init__(
        self,
        nlp: Language,
        name: str = "newsgaz",
        *,
        builtin: bool = True,
        gazetteer: str | None = None,
        matcher: dict[str, Any] | None = None,
        annotator: dict[str, Any] | None = None,
        overwrite_ents: bool = False,
        spans_key: str | None = "newsgaz",
    ) -> None:
        if not builtin and gazetteer is None:
            raise newsgaz.NewsgazError(
                "newsgaz component: no gazetteer (builtin is false and no gazetteer file given)"
            )
        self.name = name
        self.settings: dict[str, Any] = {
            "builtin": builtin,
            "gazetteer": gazetteer,
            "matcher": dict(matcher or {}),
            "annotator": dict(annotator or {}),
            "overwrite_ents": overwrite_ents,
            "spans_key": spans_key,
        }
        # Made on first use or loaded by from_disk/from_bytes, so that spacy.load does
        # not build a matcher it is about to replace.
        self._annotator: newsgaz.Annotator | None = None
        self._ids: list[str] = []
        self._entries: dict[int, tuple[str, str]] = {}

    @property
    def annotator(self) -> newsgaz.Annotator:
        """The annotator every doc goes through."""
        if self._annotator is None:
            self._annotator = newsgaz.Annotator(self._matcher(), **self.settings["annotator"])
        return self._annotator

    def _matcher(self) -> newsgaz.Matcher:
        s = self.settings
        if s["gazetteer"] is None:
            gazetteer = newsgaz.Gazetteer.default()
        else:
            gazetteer = newsgaz.Gazetteer.from_file(s["gazetteer"])
            if s["builtin"]:
                gazetteer = gazetteer.overlay(newsgaz.Gazetteer.default())
        return newsgaz.Matcher(gazetteer, **s["matcher"])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # spaCy joins the tokens on each call: once per doc
        self._write(doc, self.annotator.annotate(text).mentions, self._overlapping(text))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Annotates ``batch_size`` docs at a time with ``annotate_many`` (every core)."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        texts = [d.text for d in docs]  # spaCy joins the tokens on each call: once per doc
        results = self.annotator.annotate_many(texts)
        for doc, text, annotated in zip(docs, texts, results):
            self._write(doc, annotated.mentions, self._overlapping(text))
        return docs

    def _overlapping(self, text: str) -> list[tuple[int, int, int]]:
        """Every match, overlapping ones included, as ``(start, end, entry index)``:
        columns, not objects, since most of them are the annotator's mentions again."""
        if self.settings["spans_key"] is None:
            return []
        starts, ends, entries = self.annotator.matcher.find_arrays(text, overlapping=True)
        return list(zip(starts, ends, entries))

    def _entry(self, index: int) -> tuple[str, str]:
        """The id and label of the gazetteer's entry ``index`` (cached: a few are asked
        for again and again)."""
        cache = self._entries
        if index not in cache:
            gazetteer = self.annotator.matcher.gazetteer
            if not self._ids:
                self._ids = gazetteer.ids()
            entry_id = self._ids[index]
            entry = gazetteer.get(entry_id)
            assert entry is not None
            cache[index] = (entry_id, entry["label"])
        return cache[index]

    def _write(
        self, doc: Doc, mentions: list[newsgaz.Mention], overlapping: list[tuple[int, int, int]]
    ) -> None:
        misaligned: list[tuple[int, int, str]] = []

        def span(start: int, end: int, entity: str, label: str) -> tuple[Span, bool]:
            """The mention's span, and whether it aligns with the tokens."""
            s = doc.char_span(start, end, label=label, kb_id=entity, span_id=entity)
            if s is not None:
                return s, True
            misaligned.append((start, end, entity))
            expanded = doc.char_span(
                start, end, label=label, kb_id=entity, span_id=entity, alignment_mode="expand"
            )
            # Expanding to the tokens a mention touches always gives a span: a mention
            # never lies in whitespace alone.
            assert expanded is not None
            return expanded, False

        resolved = [span(m.start, m.end, m.entity, m.label) for m in mentions]
        key = self.settings["spans_key"]
        if key is not None:
            # Where the annotator resolved a span, its entity stands; the matcher adds
            # the spans it left out (overlapped ones).
            seen = {(m.start, m.end) for m in mentions}
            extra = [
                span(start, end, *self._entry(entry))[0]
                for start, end, entry in overlapping
                if (start, end) not in seen
            ]
            every = [s for s, _ in resolved] + extra
            doc.spans[key] = sorted(every, key=lambda s: (s.start_char, s.end_char))
        ours = [s for s, aligned in resolved if aligned]
        # Reading doc.ents walks every token in Python: only when there are any.
        existing = list(doc.ents) if doc.has_annotation("ENT_IOB") else []
        if existing:
            first, second = (ours, existing) if self.settings["overwrite_ents"] else (existing, ours)
            # Tokens the winners hold; one pass over each group, whatever their sizes.
            held = {i for s in first for i in range(s.start, s.end)}
            taken = first + [s for s in second if not any(i in held for i in range(s.start, s.end))]
            doc.ents = sorted(taken, key=lambda s: s.start)
        else:
            doc.ents = ours
        doc._.newsgaz_misaligned = sorted(set(misaligned))

    def __getstate__(self) -> dict[str, Any]:
        # The entry cache is rebuilt on demand, not pickled.
        state = dict(self.__dict__)
        state["_ids"], state["_entries"] = [], {}
        return state

    # Serialisation: the settings, and the compiled matcher when it has a gazetteer file
    # (the built-in gazetteer alone is in every install: the settings rebuild it).
    def _compiled(self) -> bytes | None:
        if self.settings["gazetteer"] is None:
            return None
        return self.annotator.matcher.to_compiled()

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        import srsly  # type: ignore[import-untyped]

        return srsly.msgpack_dumps({"settings": self.settings, "compiled": self._compiled()})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> NewsgazComponent:
        import srsly  # type: ignore[import-untyped]

        data = srsly.msgpack_loads(bytes_data)
        self._load(data["settings"], data["compiled"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / SETTINGS_FILE).write_text(json.dumps(self.settings, indent=2))
        compiled = self._compiled()
        if compiled is not None:
            (path / COMPILED_FILE).write_bytes(compiled)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NewsgazComponent:
        path = Path(path)
        settings = json.loads((path / SETTINGS_FILE).read_text())
        compiled_path = path / COMPILED_FILE
        compiled = compiled_path.read_bytes() if compiled_path.exists() else None
        self._load(settings, compiled)
        return self

    def _load(self, settings: dict[str, Any], compiled: bytes | None) -> None:
        self.settings = settings
        self._ids, self._entries = [], {}
        if compiled is None:
            self._annotator = None
        else:
            matcher = newsgaz.Matcher.from_compiled(compiled)
            self._annotator = newsgaz.Annotator(matcher, **settings["annotator"])


@Language.factory(
    "newsgaz",
    default_config={
        "builtin": True,
        "gazetteer": None,
        "matcher": {},
        "annotator": {},
        "overwrite_ents": False,
        "spans_key": "newsgaz",
    },
)
def make_component(
    nlp: Language,
    name: str,
    builtin: bool,
    gazetteer: str | None,
    matcher: dict[str, Any],
    annotator: dict[str, Any],
    overwrite_ents: bool,
    spans_key: str | None,
) -> NewsgazComponent:
    """The ``newsgaz`` factory (see the module's documentation for the config)."""
    return NewsgazComponent(
        nlp,
        name,
        builtin=builtin,
        gazetteer=gazetteer,
        matcher=matcher,
        annotator=annotator,
        overwrite_ents=overwrite_ents,
        spans_key=spans_key,
    )

