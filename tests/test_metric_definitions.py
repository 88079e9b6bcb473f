"""Meta-test: every metric view file opens with its definition, and warehouse.definitions
returns exactly that text (so the UI never retypes a definition)."""
import re

import pytest

from warehouse import definitions
from warehouse.schema import view_files

VIEWS = [p.stem for p in view_files()]
CONTRACT_VIEWS = {"metric_school_year", "metric_tier_year", "metric_teacher_cycle", "metric_dev_tier_year"}


def header_lines(view: str) -> list[str]:
    lines = []
    for line in (definitions.view_files()[0].parent / f"{view}.sql").read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


def test_contract_views_are_among_the_view_files():
    assert CONTRACT_VIEWS <= set(VIEWS) and set(definitions.views()) == set(VIEWS)


@pytest.mark.parametrize("view", VIEWS)
def test_view_file_opens_with_zh_and_en_definition(view):
    lines = header_lines(view)
    assert lines and lines[0].startswith("-- [zh]"), "the file must open with the [zh] header"
    assert any(line.startswith("-- [en]") for line in lines)
    zh, en = definitions.definition(view, "zh"), definitions.definition(view, "en")
    for word in ("粒度", "分子", "分母", "单位"):
        assert word in zh, f"{view}: Chinese header lacks {word}"
    for word in ("grain", "numerator", "denominator", "unit"):
        assert word in en.lower(), f"{view}: English header lacks {word}"
    assert view in zh and view in en  # the title names the view


@pytest.mark.parametrize("view", VIEWS)
def test_definitions_are_read_from_the_file_header(view):
    body = [re.sub(r"^--\s*(\[(zh|en)\])?\s*", "", line) for line in header_lines(view)]
    for lang in ("zh", "en"):
        for line in definitions.definition(view, lang).splitlines():
            assert line in body


@pytest.mark.parametrize("view", VIEWS)
def test_every_measure_line_states_numerator_denominator_and_unit(view):
    for lang, words in (("zh", ("分子", "分母", "单位")), ("en", ("numerator", "denominator", "unit"))):
        bullets = [line for line in definitions.definition(view, lang).splitlines() if line.startswith("·")]
        assert bullets, f"{view}: no measure lines in {lang}"
        for line in bullets:
            assert all(w in line for w in words), f"{view} ({lang}): {line}"


def test_every_contract_rate_has_its_own_definition_line():
    for view, column in [("metric_school_year", "coverage"), ("metric_school_year", "pass_rate"),
                         ("metric_school_year", "hours_per_teacher"), ("metric_school_year", "award_density"),
                         ("metric_tier_year", "coverage"), ("metric_teacher_cycle", "compliant"),
                         ("metric_dev_tier_year", "teachers")]:
        assert definitions.measure(view, column, "zh") and definitions.measure(view, column, "en"), (view, column)


def test_measure_lookup_returns_one_line():
    assert definitions.measure("metric_school_year", "coverage", "zh").startswith("coverage 培训覆盖率")
    assert definitions.measure("metric_school_year", "coverage", "en").startswith("coverage:")
    assert definitions.measure("metric_school_year", "no_such_column") is None
    assert definitions.title("metric_tier_year", "en").startswith("Training-tier metrics")


def test_unknown_view_is_refused():
    with pytest.raises(KeyError):
        definitions.definition("../tables/01_school")


def test_the_ui_does_not_retype_a_definition():
    # The pages show definitions through warehouse.definitions; no header line (or a long
    # piece of one) may be pasted into UI code, where it would drift from the SQL.
    from settings import ROOT

    ui_files = [p for p in [ROOT / "app.py", *ROOT.glob("ui/**/*.py"), *ROOT.glob("views/**/*.py"),
                            *ROOT.glob("pages/**/*.py")] if p.is_file()]
    sources = {p: p.read_text(encoding="utf-8") for p in ui_files}
    for view in VIEWS:
        for lang in ("zh", "en"):
            for line in definitions.definition(view, lang).splitlines():
                for piece in re.split(r"[；;。]", line):
                    piece = piece.strip()
                    if len(piece) < 25:
                        continue
                    for path, text in sources.items():
                        assert piece not in text, f"{path} retypes the definition of {view}: {piece}"
