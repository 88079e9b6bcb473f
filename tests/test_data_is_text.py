"""Data is text: a value from an imported file is never rendered as Markdown or HTML.

Before: a school name from an imported file rendered as a live link and an external image on
the school page (a tracking pixel was fetched).
"""
from __future__ import annotations

import json
import re

import duckdb

from etl.load import load_paths
from page_harness import open_app, own_warehouse  # noqa: F401 (fixture)
from ui.format import html_text, plain

HOSTILE = "附城初中](https://tracker.example/a)![p](https://tracker.example/pixel.png)<img src=x>:red[红]"
TOWNSHIP = "<b>附城镇</b>[点我](javascript:alert(1))"


def unescaped(markdown: str) -> list[str]:
    """Markdown characters of the hostile values left without a backslash."""
    return re.findall(r"(?<!\\)[\[\]()!<>:]", markdown)


def test_plain_escapes_every_markdown_character():
    assert unescaped(plain(HOSTILE)) == []
    assert plain("甲校\n# 标题") == "甲校 \\# 标题"
    assert html_text("<a href='x'>y</a> & z") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; z"


def test_a_hostile_school_name_is_shown_as_text_on_the_school_page(monkeypatch, own_warehouse, tmp_path):  # noqa: F811
    with duckdb.connect(str(own_warehouse), read_only=True) as con:
        code, = con.execute("select school_code from school where school_name = '附城初中'").fetchone()
    renamed = tmp_path / "改名.csv"
    renamed.write_text(f"学校代码,学校名称,学段,所属乡镇,城乡类型\n{code},\"{HOSTILE}\",初中,\"{TOWNSHIP}\",城区\n",
                       encoding="utf-8")
    assert load_paths([renamed], own_warehouse).ok
    at = open_app(monkeypatch, own_warehouse, "views/analysis/school.py", year="2024")
    at.selectbox(key="school_pick").set_value(code).run()
    assert not at.exception
    title = at.title[0].value
    assert title.startswith("学校画像：附城初中\\]\\(https\\://tracker") and unescaped(title) == []
    caption = at.caption[0].value
    assert "\\<b\\>附城镇\\</b\\>" in caption and "javascript\\:" in caption
    named = []
    for element in at.get("plotly_chart"):  # the trend chart names the school in its title and legend
        spec = json.loads(element.proto.spec)
        text = json.dumps(spec["layout"].get("title", {}), ensure_ascii=False) + \
            json.dumps([t.get("name", "") for t in spec["data"]], ensure_ascii=False)
        if "附城初中" in text:
            named.append(text)
            assert "<img" not in text and "&lt;img src=x&gt;" in text
    assert named  # the check above ran on at least one chart
