"""Shared fixtures: the repository root and the optional shared data sets."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """`../shared/data`: skipped when absent, required when CI is set."""
    path = Path(os.environ.get("NEWSGAZ_SHARED_DATA", REPO.parent / "shared" / "data"))
    if path.is_dir():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the shared data is missing at {path}")
    pytest.skip(f"shared data not found at {path} (required when CI is set)")
