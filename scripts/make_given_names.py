#!/usr/bin/env python3
"""Writes crates/newsgaz/data/lexicon/given-names.txt: common US given names (US Census 1990,
public domain), the evidence the annotator uses for "a given name, then a surname".

Kept: the 500 most frequent male and 600 most frequent female names, title case, minus
names that are also common English words, places or titles ("Will", "Mark", "Georgia"),
which are no evidence of a person on their own; and the international given names of
scripts/data/given-names-international.txt (written for newsgaz, CC0).

    python3 scripts/make_given_names.py [../shared/data/census-names]
"""
import pathlib
import sys

MALE, FEMALE = 500, 600
NOT_EVIDENCE = set("""
Will Mark Bill May June April Hope Faith Grace Joy Rose Ivy Olive Summer Autumn Ginger Candy
Pearl Ruby Crystal Amber Dawn Holly Iris Daisy Lily Violet Fern Gay Charity Jewel Angel Dale
Dee Lou Ray Guy Don Art Earl Rich Frank Van Grant Rex Chase Miles Sterling Junior Santos Israel
Austin Dallas Cleveland Jordan Carolina Virginia Georgia Florence Sydney Lincoln Washington
Clay Rod Pat Roman Christian Major Wm Williams Stan Lynn Penny Drew Forrest Sherman Wilson
Taylor Kim Carol Young Long Bishop Royal Prince Duke King Queen Major Glen Cliff Bud Rusty
Sandy Sonny Buck Gene Jack Ted Marshall Ellis Harrison Morgan Carter Douglas Jackson Nelson
Lane Page Paris Madison Chelsea Victoria Trinity Eve Lee Rene Jean Ira Al Ali Pete Abby
Tracy Shannon Kerry Ollie Mercedes Dominique Hillary Clinton Carson Vernon Wallace Sherman
Murray Warren Gordon Stewart Stuart Grady Salvatore Angelo Houston Regina Cecil Wade Roy
""".split())


def names(path: pathlib.Path, count: int) -> list[str]:
    out = []
    for line in path.read_text().splitlines():
        fields = line.split()
        if fields and int(fields[3]) <= count:
            out.append(fields[0].title())
    return out


def main() -> None:
    source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/census-names")
    chosen = names(source / "dist.male.first", MALE) + names(source / "dist.female.first", FEMALE)
    curated = pathlib.Path(__file__).resolve().parent / "data/given-names-international.txt"
    international = [
        w for line in curated.read_text().splitlines() if not line.startswith("#") for w in line.split()
    ]
    kept = sorted({n for n in chosen if n not in NOT_EVIDENCE and len(n) > 2} | set(international))
    out = pathlib.Path(__file__).resolve().parent.parent / "crates/newsgaz/data/lexicon/given-names.txt"
    header = (
        "# Common US given names: US Census 1990 name files (public domain), the "
        f"{MALE} most frequent male and {FEMALE} most frequent female names,\n"
        "# minus names that are also words, places or titles; with the international given names of\n"
        "# scripts/data/given-names-international.txt (written for newsgaz, CC0).\n"
        "# Source: US Census 1990 (public domain); newsgaz's developers (CC0). Made by scripts/make_given_names.py.\n"
        "# Case: exact\n"
    )
    out.write_text(header + "\n".join(kept) + "\n")
    print(f"{len(kept)} names -> {out}")


if __name__ == "__main__":
    main()
