"""Dask and Spark over the BBC corpus: the examples run as a user runs them, and each
checks its result against one process, mention for mention (exit 1 if they differ)."""

import json
import subprocess
import sys

import pytest


def run_example(repo, script, corpus, *args):
    done = subprocess.run(
        [sys.executable, str(repo / "examples" / script), str(corpus), *args],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bbc(shared_data):
    return shared_data / "bbc-news" / "bbc"


def test_dask_local_cluster_equals_one_process(repo, bbc):
    summary = run_example(repo, "dask_bbc.py", bbc, "--workers", "2")
    assert summary["equal"] is True
    assert summary["articles"] == 2225 and summary["mentions"] > 20_000


def test_spark_local_mode_equals_one_process(repo, bbc):
    summary = run_example(repo, "spark_bbc.py", bbc, "--master", "local[2]")
    assert summary["equal"] is True
    assert summary["articles"] == 2225 and summary["mentions"] > 20_000
