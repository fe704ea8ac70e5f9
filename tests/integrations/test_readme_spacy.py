"""Executes the README's spaCy examples (```python {spacy} blocks), so they cannot rot."""

import re


def test_readme_spacy_examples_run(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python \{spacy\}\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has no spaCy example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
