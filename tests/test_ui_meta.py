"""Promises the dashboard keeps, checked over every page: each page file is in the
navigation, pages draw charts and tables only through the ui helpers, and on the demo
county every chart on every page has its CSV and Excel download."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from page_harness import ROOT, open_app
from ui.navigation import PAGES

VIEWS = ROOT / "views"
# Drawn only through ui.charts.show / ui.tables.show / ui.downloads.buttons, which add the downloads.
DIRECT_CALLS = {"plotly_chart", "dataframe", "data_editor", "table", "download_button", "bar_chart",
                "line_chart", "area_chart", "scatter_chart", "pyplot", "altair_chart", "vega_lite_chart"}


def page_files() -> set[str]:
    return {str(p.relative_to(ROOT)) for p in VIEWS.rglob("*.py")}


def test_every_page_file_is_in_the_navigation_and_nothing_else():
    assert page_files() == {spec.path for spec in PAGES}
    assert len({spec.url_path for spec in PAGES}) == len(PAGES)


def test_no_page_file_sits_in_a_pages_folder():
    # Streamlit would treat it as an old-style multipage app (see ui/navigation.py).
    assert not (ROOT / "pages").exists()


@pytest.mark.parametrize("path", sorted(page_files()))
def test_pages_draw_charts_and_tables_only_through_the_ui_helpers(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    calls = {node.func.attr for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"}
    assert not calls & DIRECT_CALLS, f"{path} calls st.{sorted(calls & DIRECT_CALLS)} directly"


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_chart_on_every_page_has_both_downloads(monkeypatch, demo_warehouse, spec):
    at = open_app(monkeypatch, demo_warehouse, spec.path, year="2024")
    assert not at.exception and not at.error
    charts = [re.sub(r".*chart_", "", c.proto.id) for c in at.get("plotly_chart")]
    buttons = {b.key for b in at.download_button}
    for key in charts:
        assert {f"dl_csv_{key}", f"dl_xlsx_{key}"} <= buttons, f"chart {key} on {spec.url_path} has no download"
    # and every table has its downloads too: one CSV button per chart or table drawn
    csv_buttons = {k for k in buttons if k.startswith("dl_csv_")}
    assert len(csv_buttons) >= len(charts) + len(at.dataframe)


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory):
    """The schema and nothing else: every filter selection gives no rows."""
    import duckdb

    from warehouse.schema import create_schema

    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    with duckdb.connect(str(path)) as con:
        create_schema(con)
    return path


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_on_an_empty_warehouse_says_so_without_an_error(monkeypatch, empty_warehouse, spec):
    at = open_app(monkeypatch, empty_warehouse, spec.path)
    assert not at.exception and not at.error
    assert at.title[0].value
    if spec.filters:  # the analysis pages say there is nothing to show
        assert any("没有数据" in i.value for i in at.info)
