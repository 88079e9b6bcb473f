"""etl.alias_file: saving a header alias edits one line of the alias file, keeps the rest, and
refuses what is not a header."""
from __future__ import annotations

import shutil
import tomllib

import pytest

import settings
from etl import fields, headers
from etl.alias_file import AliasError, add_header_alias


@pytest.fixture()
def alias_copy(tmp_path, monkeypatch):
    copy = tmp_path / "aliases.toml"
    shutil.copyfile(settings.ALIASES_FILE, copy)
    monkeypatch.setattr(settings, "ALIASES_FILE", copy)
    yield copy
    monkeypatch.undo()
    for cached in (fields.load_aliases, fields.all_specs, headers._known_headers):
        cached.cache_clear()


def test_a_saved_alias_is_appended_to_its_fields_line_and_read_at_once(alias_copy):
    before = alias_copy.read_text(encoding="utf-8")
    assert add_header_alias("roster", "subject", "主教学科") is True
    after = alias_copy.read_text(encoding="utf-8")
    assert tomllib.loads(after)["headers"]["roster"]["subject"] == ["任教学科", "学科", "主教学科"]
    # One line changed, every comment kept; the roster's spec knows the header now.
    assert [a for a, b in zip(before.splitlines(), after.splitlines()) if a != b] == ['subject = ["任教学科", "学科"]']
    assert "主教学科" in fields.all_specs()["roster"].field("subject").headers
    assert add_header_alias("roster", "subject", " 主教 学科 ") is False  # already there, as the loader compares


@pytest.mark.parametrize("header, reason", [
    ("", "列名是空的：无法保存为别名"),
    ("622922198001011234", "列名里有一长串数字（可能是身份证号或数据行）：这不像表头，未保存"),
    ("很" * 41, "列名超过 40 个字：这不像表头，未保存"),
])
def test_what_is_not_a_header_is_refused_and_the_file_untouched(alias_copy, header, reason):
    before = alias_copy.read_bytes()
    with pytest.raises(AliasError) as err:
        add_header_alias("roster", "name", header)
    assert str(err.value) == reason
    assert alias_copy.read_bytes() == before


def test_a_header_with_quotes_is_written_as_valid_toml(alias_copy):
    assert add_header_alias("school", "township", '乡镇"街道"\\名')
    assert tomllib.loads(alias_copy.read_text(encoding="utf-8"))["headers"]["school"]["township"][-1] == '乡镇"街道"\\名'
