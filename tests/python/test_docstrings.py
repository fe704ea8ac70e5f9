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
