"""Executes the README's Python examples, so they cannot rot."""

import re

from conftest import REPO


def test_readme_python_examples_run():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has no Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
