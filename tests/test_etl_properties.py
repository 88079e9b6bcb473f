"""Property tests (hypothesis) for the ID check digit and the normalisers in etl.identity / etl.normalize."""
from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.identity import check_char, id_problem, is_valid_id, normalise_id
from etl.normalize import clean_text, compact, to_date, to_half_width, to_number, to_year

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31))
regions = st.from_regex(r"[1-6][0-9]{5}", fullmatch=True)
seqs = st.integers(min_value=0, max_value=999)
# Each example builds a polars frame; the machine is shared, so no per-example deadline (no timed assertions).
no_deadline = settings(deadline=None, max_examples=60)


def _one(expr_fn, value):
    return pl.DataFrame({"v": [value]}, schema={"v": pl.String}).select(expr_fn(pl.col("v")).alias("v"))["v"][0]


def _problem(value: str):
    """The loader's ID check on one value, as etl.validate runs it: normalised into a column
    first, then checked (nesting the two expressions costs seconds of planning per call)."""
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.String}).with_columns(normalise_id(pl.col("v")).alias("n"))
    return frame.select(id_problem(pl.col("n")).alias("p"))["p"][0]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@no_deadline
@given(regions, births, seqs)
def test_an_id_with_its_computed_check_character_is_valid(region, born, seq):
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    # The definition, written out: weighted digit sum mod 11 indexes '10X98765432'.
    expected = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]
    assert check_char(body) == expected
    assert is_valid_id(body + expected)
    assert _problem((body + expected).lower()) is None


@no_deadline
@given(regions, births, seqs, st.sampled_from("0123456789X"))
def test_any_other_check_character_is_rejected(region, born, seq, last):
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    if last == check_char(body):
        return
    assert not is_valid_id(body + last)
    assert _problem(body + last) is not None


@no_deadline
@given(st.text(alphabet="0123456789Xx", min_size=18, max_size=18))
def test_vectorised_and_scalar_checks_agree(text):
    normal = text.upper()
    assert (_problem(text) is None) == is_valid_id(normal)


@no_deadline
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_full_width_ascii_maps_back_to_itself(text):
    assert to_half_width(_full_width(text)) == text


@no_deadline
@given(st.text(alphabet=st.sampled_from(list("张三李四ab12 \n\t\u3000Ｘ１"))))
def test_clean_text_is_idempotent_and_leaves_no_edge_or_double_spaces(text):
    once = _one(clean_text, text)
    assert _one(clean_text, once) == once
    if once is not None:
        assert once == once.strip() and "  " not in once and "\n" not in once


@no_deadline
@given(st.text(alphabet=st.sampled_from(list("P0１2- \nＡ"))))
def test_compact_leaves_no_whitespace(text):
    out = _one(compact, text)
    assert out is None or not any(c.isspace() for c in out)


def _compact_as_written_before(expr: pl.Expr) -> pl.Expr:
    """compact as it was until it stopped going through clean_text (kept as the reference)."""
    return clean_text(expr).str.replace_all(" ", "").str.replace(r'^="(.*)"$', "$1").str.replace(r"^['‘’`]", "")


def test_compact_gives_what_clean_text_then_removing_spaces_gave():
    cells = ["  '622922 1975 0205 3433 ", '="０１２"', "张 三\u3000丰", "\u00a0\t", "'", "‘ 12", "", None, "A\u2003B",
             "x\n\ny", " ＝\"１\" "]
    frame = pl.DataFrame({"v": cells}, schema={"v": pl.String})
    assert frame.select(compact(pl.col("v"))).to_series().to_list() == \
        frame.select(_compact_as_written_before(pl.col("v"))).to_series().to_list()
    assert frame.select(compact(pl.col("v"))).to_series().to_list()[:4] == ["622922197502053433", "012", "张三丰", None]


@no_deadline
@given(st.text(alphabet=st.sampled_from(list("P0１2-='‘ \t\n\u3000\u00a0\u2003Ｘ张三\""))))
def test_compact_equals_its_reference(text):
    assert _one(compact, text) == _one(_compact_as_written_before, text)


@no_deadline
@given(st.decimals(min_value=0, max_value=99999, places=1), st.booleans(), st.sampled_from(["", "学时", " 小时"]))
def test_numbers_written_as_text_read_back(value, wide, unit):
    text = f"{value}{unit}"
    if wide:
        text = _full_width(text)
    assert _one(to_number, text) == float(value)


@no_deadline
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["serial", "%Y-%m-%d", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "%Y%m%d",
                        "%Y-%m-%d 00:00:00"]))
def test_every_date_form_reads_back_the_same_day(day, form):
    if form == "serial":
        text = str((day - dt.date(1899, 12, 30)).days)
    elif "{" in form:
        text = form.format(y=day.year, m=day.month, d=day.day)
    else:
        text = day.strftime(form)
    assert _one(to_date, text) == day
    assert _one(to_year, text) == day.year


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1950, max_value=2099), st.integers(min_value=1, max_value=12))
def test_month_forms_read_as_the_first_of_the_month(year, month):
    for text in (f"{year}{month:02d}", f"{year}-{month}", f"{year}年{month}月"):
        assert _one(to_date, text) == dt.date(year, month, 1)
