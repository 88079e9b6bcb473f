"""数据导入 page, files that do not say everything (ui/import_mapping.py): a roster without 年度
gets a year box with the title's guess, a 名单 a programme picker, and an unknown column can be
mapped to a field and saved as an alias, after which the file loads without asking."""
from __future__ import annotations

import shutil

import duckdb
import pytest

import settings
from etl import fields, headers
from national_files import graduation_list, programmes, roster, school_list
from page_harness import open_app, own_warehouse  # noqa: F401

PAGE = "views/data/import_files.py"


@pytest.fixture()
def alias_copy(tmp_path, monkeypatch):
    """The alias file the page may write: a copy, so the repository's file is never changed."""
    copy = tmp_path / "aliases.toml"
    shutil.copyfile(settings.ALIASES_FILE, copy)
    monkeypatch.setattr(settings, "ALIASES_FILE", copy)
    for cached in (fields.load_aliases, fields.all_specs, headers._known_headers):
        cached.cache_clear()
    yield copy
    monkeypatch.undo()
    for cached in (fields.load_aliases, fields.all_specs, headers._known_headers):
        cached.cache_clear()


def _rows(warehouse, sql: str) -> list[tuple]:
    """Query a copy: the app's own read-only connection may still hold the file it replaced."""
    copy = warehouse.with_name("query-copy.duckdb")
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        return con.execute(sql).fetchall()


def _upload(at, *paths):
    at.file_uploader(key="import_files").set_value([(p.name, p.read_bytes(), "application/octet-stream")
                                                     for p in paths]).run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_roster_without_a_year_is_asked_for_one_with_the_titles_guess(monkeypatch, own_warehouse, tmp_path,
                                                                         alias_copy):
    at = open_app(monkeypatch, own_warehouse, PAGE)
    _upload(at, school_list(tmp_path), roster(tmp_path))
    assert at.number_input(key="import_year").value == 2024
    at.number_input(key="import_year").set_value(2023).run()
    at.button(key="import_go").click().run()
    assert not at.exception
    rows = _rows(own_warehouse, "select year, count(*) from roster where school_code like '215200000%' group by 1")
    assert rows == [(2023, 4)]  # the year the clerk confirmed, not the title's


def test_a_list_without_a_programme_code_offers_the_titles_programme(monkeypatch, own_warehouse, tmp_path,
                                                                      alias_copy):
    at = open_app(monkeypatch, own_warehouse, PAGE)
    _upload(at, school_list(tmp_path), roster(tmp_path), programmes(tmp_path), graduation_list(tmp_path))
    assert at.selectbox(key="import_program").value == "GP2024-01"
    at.button(key="import_go").click().run()
    assert not at.exception
    assert _rows(own_warehouse, "select result, hours from participation where program_code = 'GP2024-01' "
                                "order by 1") == [("failed", 50.0), ("passed", 50.0)]


def test_an_unknown_column_mapped_to_a_field_is_saved_and_the_file_then_loads(monkeypatch, own_warehouse, tmp_path,
                                                                               alias_copy):
    from etl.load import load_paths
    from etl_files import write_csv
    odd = write_csv(tmp_path / "学校.csv", [["学校代码", "学校全称", "学段"], ["9100000001", "新区小学", "小学"]])
    at = open_app(monkeypatch, own_warehouse, PAGE)
    _upload(at, odd)
    at.selectbox(key="import_kind").set_value("school").run()
    mapping = at.selectbox(key="import_map_0")
    assert mapping.value == "school_name"  # 学校全称 reads most like 学校名称
    at.button(key="import_save_0").click().run()
    assert not at.exception
    assert '"学校全称"]' in alias_copy.read_text(encoding="utf-8")
    # The next file with that header loads without --kind and without asking.
    again = write_csv(tmp_path / "新学校.csv", [["学校代码", "学校全称", "学段"], ["9100000002", "新区中学", "初中"]])
    report = load_paths([again], own_warehouse)
    assert [(r.kind, r.rows_loaded) for r in report.results] == [("school", 1)]
