"""examples/quickstart.ipynb runs headless, every cell, and is committed without outputs."""

import os

import nbformat
from nbclient import NotebookClient


def test_quickstart_notebook_runs(repo, shared_data, monkeypatch):
    path = repo / "examples" / "quickstart.ipynb"
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)

    monkeypatch.setenv("NEWSGAZ_SHARED_DATA", str(shared_data))
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute(env=dict(os.environ))  # raises CellExecutionError if any cell fails

    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    texts = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "2225 articles" in texts
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("Lisbon" in o["data"]["text/html"] for o in html)  # the article's HTML view
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the plot
