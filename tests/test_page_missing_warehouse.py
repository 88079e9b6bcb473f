"""Without a readable warehouse the app explains how to build one, never a traceback."""
from __future__ import annotations

from page_harness import open_app


def test_a_missing_warehouse_names_the_commands_that_build_it(monkeypatch, tmp_path):
    at = open_app(monkeypatch, tmp_path / "nowhere.duckdb")
    assert at.title[0].value == "还没有数据仓库"
    body = at.info[0].value
    assert "nowhere.duckdb" in body and "make run" in body and "python -m etl demo" in body
    assert not at.sidebar.multiselect  # no filters over a warehouse that is not there


def test_a_file_that_is_not_a_warehouse_gets_a_message_not_a_traceback(monkeypatch, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a duckdb file" * 1000)
    at = open_app(monkeypatch, broken)
    assert at.title[0].value == "数据仓库无法打开"
    assert "broken.duckdb" in at.error[0].value and "python -m etl demo" in at.error[0].value


def test_the_message_follows_the_language_switch(monkeypatch, tmp_path):
    at = open_app(monkeypatch, tmp_path / "nowhere.duckdb", lang="English")
    assert at.title[0].value == "No warehouse yet"
