"""Small shared pieces of every page: the title, the metric definition, the empty message.

Definitions come from ``warehouse.definitions``, i.e. the header comment of the SQL file
that computes the metric; nothing here retypes a definition.
"""
from __future__ import annotations

import math
from typing import Callable

import polars as pl
import streamlit as st

from warehouse import definitions
from warehouse.filters import Filters
from ui import data
from ui import format as fmt
from ui.i18n import label, lang, text

PAGE_SIZE = 50  # rows per page of the long lists (teachers, awards, rejects)


# Sidebar filters a page may not honour -> their label's text key
UNAPPLIED = {"train_tiers": "f_tier", "train_forms": "f_form"}


def title(page_title: str, caption: str | None = None, filters: Filters | None = None,
          ignores: tuple[str, ...] = ()) -> None:
    """The page's title, what it shows (``caption``), then any problem with the link it was
    opened by. ``ignores``: the sidebar filters (``UNAPPLIED`` fields) this page does not
    apply; when one of them is set in ``filters`` the page says so, never silently."""
    from ui import links

    st.title(page_title)
    if caption:
        st.caption(caption)
    unapplied = [text(UNAPPLIED[n]) for n in ignores if filters is not None and getattr(filters, n)]
    if unapplied:
        st.caption(text("not_applied", names="、".join(unapplied) if lang() == "zh" else ", ".join(unapplied)))
    links.show()


def definition(*views: str) -> None:
    """A closed expander with the definitions of the metric views a page shows (they also go
    into the page's "download this page" workbook)."""
    from ui import downloads

    registered = downloads.PAGE_VIEWS.get()
    if registered is not None:
        registered.extend(views)
    with st.expander(text("definition"), icon=":material/menu_book:"):
        for view in views:
            lines = definitions.definition(view, lang()).splitlines()
            if not lines:
                continue
            st.markdown(f"**{lines[0]}**")
            st.markdown("\n".join(f"- {line.lstrip('· ').strip()}" for line in lines[1:]))


def defined(view: str, *columns: str) -> str:
    """The definition lines of ``columns`` of metric ``view`` (its SQL header), for a
    headline number's ``help`` tooltip: the definition one hover away, never retyped."""
    lines = [definitions.measure(view, c, lang()) for c in columns]
    return "\n\n".join(line for line in lines if line)


def paged(query: Callable[..., pl.DataFrame], filters: Filters, key: str) -> tuple[pl.DataFrame, int, str]:
    """A page-number box and one page of a paged query (one that takes ``limit``/``offset`` and
    returns the full count in ``total``): (the page's rows, the count, "page n of m" text)."""
    from ui import links

    links.seed_number(key, field=text("page_no"))
    start = {} if key in st.session_state else {"value": 1}  # a value from the link is not overridden
    page_no = st.number_input(text("page_no"), min_value=1, step=1, key=key, width=200, bind="query-params", **start)
    rows = data.query(query, filters, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
    total = rows["total"][0] if rows.height else 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return rows, total, text("page_of", page=fmt.num(page_no), pages=fmt.num(pages), size=PAGE_SIZE)  # 6,350 pages


def every_row(query: Callable[..., pl.DataFrame], filters: Filters, total: int,
              shape: Callable[[pl.DataFrame], pl.DataFrame]) -> Callable[[], pl.DataFrame]:
    """What a paged list's downloads hold: all ``total`` rows (every page) of ``query``,
    shaped like the table on screen (``shape``, e.g. ``tables.display`` with its columns).
    Run only when the reader clicks a download."""
    def rows() -> pl.DataFrame:
        return shape(data.query(query, filters, limit=max(int(total), 1), offset=0))

    rows.total = int(total)  # downloads build a short list's files at once (ui.downloads.EAGER_ALL_ROWS)
    return rows


def empty() -> None:
    """The message for a filter selection with no data."""
    st.info(text("no_data"), icon=":material/info:")


def metric(container, label_text: str, current, previous, kind: str = "int", help_text: str | None = None,
           lower_is_better: bool = False) -> None:
    """A headline number with its change from the previous year (``st.metric`` delta).

    ``kind``: ``int`` (count, change in units), ``num`` (one decimal) or ``pct`` (a
    fraction, change in percentage points). ``lower_is_better`` paints a fall green.
    """
    if kind == "pct":
        value, delta = fmt.pct(current), fmt.delta_points(current, previous, text("points"))
    else:
        digits = 1 if kind == "num" else 0
        value, delta = fmt.num(current, digits), fmt.delta_count(current, previous, digits)
    container.metric(label_text, value, delta, help=help_text, border=True,
                     delta_color="inverse" if lower_is_better else "normal")


NAMED = 3  # up to this many chosen values are named in the summary, more are counted
SCHOOL_NAMES = "_school_names"  # code → name, kept by the sidebar (ui.filters) on every run


def filter_summary(filters) -> str:
    """One line saying what the page is showing, e.g. ``2024 年 · 附城镇 · 国培``: up to three
    chosen values are named, more are counted (``5 个乡镇``)."""
    parts = []
    if filters.year is not None:
        parts.append(f"{filters.year} 年" if lang() == "zh" else str(filters.year))
    names = st.session_state.get(SCHOOL_NAMES, {}) if filters.schools else {}
    counted = (("townships", "n_townships", None), ("stages", "n_stages", "stage"),
               ("urban_rural", "n_urban", "urban_rural"), ("schools", "n_schools", None),
               ("train_tiers", "n_tiers", "train_tier"), ("train_forms", "n_forms", "form"))
    for field, key, kind in counted:
        chosen = getattr(filters, field)
        if not chosen:
            continue
        if len(chosen) > NAMED:
            parts.append(text(key, n=len(chosen)))
        elif field == "schools":
            parts.append("、".join(names.get(c, c) for c in chosen) if lang() == "zh"
                         else ", ".join(names.get(c, c) for c in chosen))
        else:
            words = [label(kind, c) if kind else c for c in chosen]
            parts.append("、".join(words) if lang() == "zh" else ", ".join(words))
    scope = filters.allowed_schools
    if scope is not None and not filters.schools:  # a school user never sees the whole county
        parts.append(text("own_school") if len(scope) == 1 else text("n_schools", n=len(scope)))
    if len(parts) <= 1:
        parts.append(text("whole_county"))
    return " · ".join(parts)
