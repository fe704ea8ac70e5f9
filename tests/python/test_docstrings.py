"""The examples in the Python modules' docstrings run and print what they show."""

import doctest

import pytest

import newsgaz.frames
import newsgaz.reading


@pytest.mark.parametrize("module", [newsgaz.frames, newsgaz.reading], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module.__name__} has no example"
    assert result.failed == 0


def test_the_stub_says_what_the_extension_says():
    # The stub's docstrings are written from the Rust doc comments by scripts/stub-docs.py:
    # one place to write them, and a stub that cannot fall behind.
    import pathlib
    import subprocess
    import sys

    script = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "stub-docs.py"
    run = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_every_public_name_of_the_stub_has_a_docstring():
    import ast
    import pathlib

    stub = pathlib.Path(newsgaz.__file__).with_name("_newsgaz.pyi")
    tree = ast.parse(stub.read_text())
    undocumented = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.startswith("_"):
            if ast.get_docstring(node) is None:
                undocumented.append(node.name)
    assert undocumented == []
