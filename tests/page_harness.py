"""Running the dashboard under Streamlit's ``AppTest`` for the page tests.

``open_app`` runs ``app.py`` (the real entry point, so the sidebar filters and the
navigation are the ones a reader gets) on a given warehouse, optionally on a page and with
URL query parameters. ``DownloadSpy`` keeps the bytes every download button offered, so a
test can compare the file with the table on screen.
"""
from __future__ import annotations

import base64
import io
import json
import threading
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BOM = b"\xef\xbb\xbf"


class RecordingStorage(MemoryMediaFileStorage):
    """The in-memory media store AppTest uses, keeping every file it was given."""

    files: dict[str, bytes] = {}
    names: dict[str, str] = {}   # file id -> the name the browser saves it under

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        RecordingStorage.files[file_id] = self.get_file(file_id).content
        RecordingStorage.names[file_id] = filename
        return file_id


@pytest.fixture()
def downloads(monkeypatch):
    """Makes AppTest keep download contents; returns ``read(at, key) -> bytes``."""
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", RecordingStorage)
    RecordingStorage.files, RecordingStorage.names = {}, {}

    def read(at: AppTest, key: str) -> bytes:
        button = next(b for b in at.download_button if b.key == key)
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        return RecordingStorage.files[file_id]

    return read


def copy_warehouse(source: Path, target: Path) -> Path:
    """``target``: a copy of the warehouse ``source`` and its secret."""
    import shutil

    import settings

    shutil.copyfile(source, target)
    shutil.copyfile(settings.secret_path(source), settings.secret_path(target))
    return target


@pytest.fixture()
def own_warehouse(demo_warehouse, tmp_path):
    """A private copy of the demo warehouse (and its secret), for tests that change it."""
    return copy_warehouse(demo_warehouse, tmp_path / "copy.duckdb")


def open_app(monkeypatch, warehouse: Path, page: str | None = None, **query) -> AppTest:
    """``app.py`` on ``warehouse``, run once (then switched to ``page`` if given)."""
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Label → shown value of every ``st.metric`` (first occurrence of a label wins)."""
    shown: dict[str, str] = {}
    for m in at.metric:
        shown.setdefault(m.label, m.value)
    return shown


def csv_frame(data: bytes) -> pl.DataFrame:
    """A downloaded CSV read back (after checking and dropping its byte-order mark)."""
    assert data.startswith(BOM)
    return pl.read_csv(io.BytesIO(data[len(BOM):]), infer_schema_length=None)


def xlsx_frame(data: bytes) -> pl.DataFrame:
    return pl.read_excel(io.BytesIO(data))


def _decode(values):
    # Plotly sends numeric arrays as {"dtype": "f8", "bdata": base64}.
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return list(values)


def chart(at: AppTest, key: str) -> list[dict]:
    """The traces of the chart drawn with ``ui.charts.show(..., key=key)``: name, x, y and the
    label template (texttemplate, "" when none)."""
    element = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"chart_{key}"))
    spec = json.loads(element.proto.spec)
    return [{"name": t.get("name", ""), "x": _decode(t.get("x", [])), "y": _decode(t.get("y", [])),
             "texttemplate": t.get("texttemplate", "")} for t in spec["data"]]


def points(traces: list[dict]) -> dict:
    """Category → value over all traces of a bar chart (one trace per colour)."""
    return {x: y for t in traces for x, y in zip(t["x"], t["y"])}


def table(at: AppTest, index: int = 0) -> pl.DataFrame:
    """The ``index``-th table on the page, as the reader sees it."""
    return pl.from_pandas(at.dataframe[index].value)


@pytest.fixture()
def on_click(monkeypatch):
    """``on_click(at, key) -> bytes``: the download button ``key``'s file, built as Streamlit builds
    a deferred one (its callable, run in a thread of its own once the script run is over)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    kept: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, build, *args, **kwargs):
        file_id = original(self, build, *args, **kwargs)
        kept[file_id] = build
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)

    def run(at, key: str) -> bytes:
        button = next(b for b in at.download_button if b.key == key)
        file_id = button.proto.deferred_file_id
        assert file_id, f"{key} was built with the page, not on click"
        out: dict[str, object] = {}
        worker = threading.Thread(target=lambda: out.update(data=kept[file_id]()))
        worker.start()
        worker.join()
        assert "data" in out, f"{key}: the build failed"
        return out["data"]

    return run
