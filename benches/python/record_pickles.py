"""Pickled size of each kind of object on a small annotated text, and whether it comes
back equal: the sizes must not grow when the objects change inside.

    .venv/bin/python benches/python/record_pickles.py
"""

import pickle, newsgaz
an = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
text = "Floods in Porto\n\nRain fell on Porto and Lisbon on Monday, said Rui Silva, the mayor. \u201cWe will rebuild,\u201d he said. Reuters reported that Portugal asked Spain for help."
a = an.annotate(text)
art = newsgaz.parse_article(text)
rows = {
  "Annotator": an, "Matcher": an.matcher, "Article": art, "AnnotatedArticle": a,
  "Article of an annotation": a.article, "Mention": a.mentions[0], "all mentions": a.mentions,
  "EntitySummary": a.entities[0], "Quote": a.quotes[0], "Attribution": a.attributions[0] if a.attributions else None,
}
for k, v in rows.items():
    if v is None: print(k, "-"); continue
    b = pickle.dumps(v)
    back = pickle.loads(b)
    print(f"{k}: {len(b)} bytes, round trip equal: {back == v}")
