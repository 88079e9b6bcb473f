"""Shared fixtures: the demo warehouse, built once per test session through the real load path."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

# Page tests run the demo county with no accounts file: full demo mode, as `make run` sets it.
# Without it the app is read-only (tests/test_access_secure_default.py unsets it).
os.environ.setdefault("DASHBOARD_DEMO", "1")


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """(warehouse path, load report, raw-file folder) of the demo county."""
    from etl.demo_build import build_demo

    root = tmp_path_factory.mktemp("demo")
    warehouse, raw = root / "demo.duckdb", root / "raw"
    report = build_demo(warehouse, raw)
    assert report.ok, [r.message for r in report.results if r.status == "failed"]
    return warehouse, report, raw


@pytest.fixture(scope="session")
def demo_warehouse(demo_build) -> Path:
    """Path of the demo warehouse. Treat it as read-only: other tests share it."""
    return demo_build[0]


@pytest.fixture()
def demo_con(demo_warehouse):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def fresh_db():
    """An empty in-memory warehouse with every table and metric view."""
    from warehouse.schema import create_schema

    con = duckdb.connect()
    create_schema(con)
    yield con
    con.close()


@pytest.fixture(autouse=True)
def _fresh_login_guard(monkeypatch):
    """Each test starts with empty login rate limits (AppTest logins all come from 127.0.0.1)."""
    import ui.login
    from access.throttle import LoginGuard

    monkeypatch.setattr(ui.login, "GUARD", LoginGuard())
