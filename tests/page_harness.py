"""Running the dashboard under Streamlit's ``AppTest`` for the page tests.

``open_app`` runs ``app.py`` (the real entry point, so the sidebar filters and the
navigation are the ones a reader gets) on a given warehouse, optionally on a page and with
URL query parameters. ``DownloadSpy`` keeps the bytes every download button offered, so a
test can compare the file with the table on screen.
"""
from __future__ import annotations

import io
from pathlib import Path

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

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        RecordingStorage.files[file_id] = self.get_file(file_id).content
        return file_id


@pytest.fixture()
def downloads(monkeypatch):
    """Makes AppTest keep download contents; returns ``read(at, key) -> bytes``."""
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", RecordingStorage)
    RecordingStorage.files = {}

    def read(at: AppTest, key: str) -> bytes:
        button = next(b for b in at.download_button if b.key == key)
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        return RecordingStorage.files[file_id]

    return read


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


def shown_table(at: AppTest, key: str) -> pl.DataFrame:
    """The table drawn with ``ui.tables.show(..., key=key)`` as the reader sees it."""
    frame = next(d for d in at.dataframe if d.proto.id.endswith(f"table_{key}") or key in d.proto.id)
    return pl.from_pandas(frame.value)
