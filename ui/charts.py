"""Plotly charts drawn the same way on every page, always with the data behind them.

Figures are built from a display frame (``ui.tables.display``): its headers carry the
units, so axis titles and hover text say what a number is. A tier, level or rating has
the same colour on every page. ``show()`` is the only way a page draws a chart: it puts
the CSV / Excel downloads of the frame right under it. A ranked chart by school draws only
its ``first_rows`` and says so; the downloads keep every row.
"""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui import downloads
from ui.format import html_text
from ui.i18n import CODES, label, lang, text
from warehouse import codebook

# Noto Sans CJK is what the Debian server and most Linux desktops have; the others cover
# Windows and macOS readers.
FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

# One colour per code, fixed (国培 is the same red on every page): the codebook's colours.
PALETTE: dict[str, dict[str, str]] = {
    name: codebook.colours(name) for name in codebook.lists() if codebook.colours(name)}
PALETTE["form"] = {**PALETTE.get("form", {}), "unknown": "#cfcfcf"}   # a program without a form
ACCENT = "#2f6db5"


def colon() -> str:
    """"：" between a label and its value in Chinese, ": " in English."""
    return "：" if lang() == "zh" else ": "
MUTED = "#b0b7c3"
# A bar per school past this many is a wall nobody reads (3,000 schools made a chart 84,000
# pixels tall, rebuilt and sent on every rerun); the downloads still hold every row.
CHART_ROWS = 40


def colors(kind: str) -> dict[str, str]:
    """Label → colour in the current language."""
    return {label(kind, code): colour for code, colour in PALETTE.get(kind, {}).items()}


def order(kind: str) -> list[str]:
    """Labels of a code kind in display order (traces and category axes follow it)."""
    return [label(kind, code) for code in CODES[kind]]


def value_format(kind: str) -> tuple[str, str]:
    """(d3 format, suffix) for hover and labels: counts with separators, percentages."""
    if kind == "pct":
        return ".1f", "%"
    if kind == "num":
        return ",.1f", ""
    return ",.0f", ""


def value_axis(kind: str) -> dict:
    """The value axis's ticks: counts and hours with thousands separators (8,000, not 8000)."""
    return {} if kind == "pct" else {"tickformat": ",~f"}


def layout(title: str, x_title: str | None, y_title: str | None, height: int = 380, *,
           xaxis: dict | None = None, yaxis: dict | None = None, **extra) -> dict:
    """Title, axis titles, CJK font, legend under the plot, no clutter: the layout every chart
    is built with. Handed to ``go.Figure`` whole: ``update_layout`` on a built figure took
    20 ms a chart, on every rerun."""
    return {
        "title": {"text": html_text(title), "x": 0, "xanchor": "left", "font": {"size": 16}},
        "font": {"family": FONT, "size": 13},
        "xaxis": {**(xaxis or {}), "title": {"text": x_title}},
        "yaxis": {**(yaxis or {}), "title": {"text": y_title}},
        # under the plot, at the foot of the figure: above it, a legend that wraps onto a second
        # line (five forms in a half-width chart) ran into the title
        "legend": {"title": {"text": ""}, "orientation": "h", "yref": "container",
                   "yanchor": "bottom", "y": 0, "xanchor": "left", "x": 0},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "height": height,
        "hoverlabel": {"font": {"family": FONT}},
        "separators": ".,",
        **extra,
    }


def _groups(shown: pl.DataFrame, color: str | None, color_kind: str | None) -> list[tuple[str, pl.DataFrame]]:
    """(name, rows) per colour value: the code kind's order first, then as they come."""
    if color is None:
        return [("", shown)]
    names = list(dict.fromkeys(shown[color].to_list()))
    if color_kind:
        known = [n for n in order(color_kind) if n in names]
        names = known + [n for n in names if n not in known]
    return [(html_text(n), shown.filter(pl.col(color).is_null() if n is None else pl.col(color) == n))
            for n in names]


def _colour(name: str, i: int, color_kind: str | None, sequence: list[str]) -> str:
    return colors(color_kind).get(name, sequence[i % len(sequence)]) if color_kind else sequence[i % len(sequence)]


def _texts(values: list) -> list:
    """Values from imported files as plotly text: its labels read a little HTML (links too)."""
    return [html_text(v) for v in values]


def _category_axis(values: list[str] | None, **extra) -> dict:
    axis = {"type": "category", **extra}
    if values:
        axis.update(categoryorder="array", categoryarray=_texts(values))
    return axis


# Traces are plain dicts that go.Figure validates once, not plotly.express (which validates
# and restyles the whole figure several times over: about 0.1 s a chart, on every rerun).
def header(shown: pl.DataFrame, ref: str) -> str:
    """The display header of ``ref`` in ``shown``: a query column (``school_name``), looked up in
    what ``ui.tables.display`` recorded on the frame, or a header as it stands."""
    if ref in shown.columns:
        return ref
    sources = downloads.source_columns(shown) or ()
    if ref in sources:
        return shown.columns[sources.index(ref)]
    raise KeyError(f"{ref!r} is neither a column nor a query column of this frame: {shown.columns}")


def _columns(shown: pl.DataFrame, refs) -> list[str]:
    return [header(shown, r) for r in refs]


def bar(shown: pl.DataFrame, x: str, y: str, *, title: str, color: str | None = None,
        color_kind: str | None = None, value_kind: str = "int", horizontal: bool = False,
        stacked: bool = True, x_order: list[str] | None = None, height: int = 380,
        show_values: bool = False) -> go.Figure:
    """A bar chart of ``y`` by ``x`` (query columns or display headers), optionally split by ``color``."""
    x, y = header(shown, x), header(shown, y)
    color = header(shown, color) if color else None
    fmt, suffix = value_format(value_kind)
    axis_order = x_order or (order(color_kind) if color == x and color_kind else None)
    category_ref, value_ref = ("y", "x") if horizontal else ("x", "y")
    hover = f"<b>%{{{category_ref}}}</b><br>{y}{colon()}%{{{value_ref}:{fmt}}}{suffix}"
    hover += "<extra>%{fullData.name}</extra>" if color else "<extra></extra>"
    # Values upright whatever the bar's width (plotly turns a label that does not fit sideways).
    values = ({"texttemplate": f"%{{{value_ref}:{fmt}}}{suffix}", "textposition": "auto", "textangle": 0,
               "cliponaxis": False} if show_values else {})
    traces = []
    for i, (name, rows) in enumerate(_groups(shown, color, color_kind)):
        categories, amounts = _texts(rows[x].to_list()), rows[y].to_list()
        traces.append(dict(
            type="bar",
            x=amounts if horizontal else categories, y=categories if horizontal else amounts,
            orientation="h" if horizontal else "v", name=name, legendgroup=name,
            showlegend=color is not None and color != x,
            marker={"color": _colour(name, i, color_kind, [ACCENT])}, hovertemplate=hover, **values,
        ))
    category_axis = _category_axis(axis_order, **({"autorange": "reversed"} if horizontal else {}))
    axes = ({"yaxis": category_axis, "xaxis": value_axis(value_kind)} if horizontal
            else {"xaxis": category_axis, "yaxis": value_axis(value_kind)})
    return go.Figure(traces, layout=layout(title, y if horizontal else x, x if horizontal else y, height,
                                           barmode="stack" if stacked else "group", **axes))


def line(shown: pl.DataFrame, x: str, y: str | list[str], *, title: str, color: str | None = None,
         color_kind: str | None = None, value_kind: str = "int", y_title: str | None = None,
         height: int = 360) -> go.Figure:
    """A trend of ``y`` over ``x`` (usually the year): one line per ``color`` value, or one
    line per column when ``y`` lists several columns of the same unit (query columns or headers)."""
    x = header(shown, x)
    y = _columns(shown, y) if isinstance(y, list) else header(shown, y)
    color = header(shown, color) if color else None
    fmt, suffix = value_format(value_kind)
    sequence = [ACCENT, "#e8833a", "#3a9d5d", "#8a63b8", "#c23b3b"]
    several = color is not None or isinstance(y, list)
    hover = (f"<b>%{{x}}</b><br>%{{fullData.name}}{colon()}%{{y:{fmt}}}{suffix}<extra></extra>" if several
             else f"<b>%{{x}}</b><br>{y}{colon()}%{{y:{fmt}}}{suffix}<extra></extra>")
    if isinstance(y, list):  # one line per column
        series = [(column, shown[x].to_list(), shown[column].to_list()) for column in y]
    else:
        series = [(name, _texts(rows[x].to_list()), rows[y].to_list()) for name, rows in _groups(shown, color, color_kind)]
    traces = [
        dict(type="scatter", x=xs, y=ys, name=name, mode="lines+markers", legendgroup=name, showlegend=several,
             line={"color": _colour(name, i, color_kind, sequence)}, hovertemplate=hover)
        for i, (name, xs, ys) in enumerate(series)
    ]
    y_axis = {"ticksuffix": "%", "rangemode": "tozero"} if value_kind == "pct" else value_axis(value_kind)
    return go.Figure(traces, layout=layout(title, x, y_title or (y if isinstance(y, str) else None), height,
                                           xaxis={"type": "category"}, yaxis=y_axis))


def stacked(shown: pl.DataFrame, category: str, parts: list[str], *, title: str, value_title: str,
            value_kind: str = "num", height: int = 420) -> go.Figure:
    """Horizontal bars of ``category`` made of the ``parts`` columns (same unit), stacked in
    order: e.g. a composite score and what each indicator adds to it."""
    category, parts = header(shown, category), _columns(shown, parts)
    fmt, suffix = value_format(value_kind)
    palette = [ACCENT, "#e8833a", "#3a9d5d", "#8a63b8", "#c23b3b", "#17becf"]
    stack = layout(title, value_title, category, height, yaxis={"type": "category", "autorange": "reversed"},
                   xaxis=value_axis(value_kind), barmode="stack")
    stack["legend"]["traceorder"] = "normal"
    return go.Figure([
        go.Bar(y=_texts(shown[category].to_list()), x=shown[part].to_list(), name=part, orientation="h",
               marker={"color": palette[i % len(palette)]},
               hovertemplate=f"<b>%{{y}}</b><br>{part}{colon()}%{{x:{fmt}}}{suffix}<extra></extra>")
        for i, part in enumerate(parts)
    ], layout=stack)


def grouped(shown: pl.DataFrame, category: str, series: list[str], *, title: str, value_title: str,
            value_kind: str = "int", height: int = 380) -> go.Figure:
    """Side-by-side bars per ``category``, one per ``series`` column (same unit): e.g. the
    planned seats next to the actual participants."""
    category, series = header(shown, category), _columns(shown, series)
    fmt, suffix = value_format(value_kind)
    palette = [MUTED, ACCENT, "#e8833a", "#3a9d5d"]
    groups = layout(title, category, value_title, height, xaxis={"type": "category"},
                    yaxis=value_axis(value_kind), barmode="group")
    groups["legend"]["traceorder"] = "normal"
    return go.Figure([
        go.Bar(x=_texts(shown[category].to_list()), y=shown[column].to_list(), name=column,
               marker={"color": palette[i % len(palette)]},
               texttemplate=f"%{{y:{fmt}}}{suffix}", textposition="outside",
               hovertemplate=f"<b>%{{x}}</b><br>{column}{colon()}%{{y:{fmt}}}{suffix}<extra></extra>")
        for i, column in enumerate(series)
    ], layout=groups)


def pyramid(shown: pl.DataFrame, category: str, value: str, *, title: str, kind: str,
            height: int = 360) -> go.Figure:
    """Centred bars, the top category first: the development-ladder pyramid."""
    category, value = header(shown, category), header(shown, value)
    palette = colors(kind)
    return go.Figure(go.Funnel(
        # The count with thousands separators (plotly's "value" text has none: 1702) and its share.
        y=shown[category].to_list(), x=shown[value].to_list(), texttemplate="%{x:,.0f}<br>%{percentTotal:.1%}",
        marker={"color": [palette.get(c, ACCENT) for c in shown[category].to_list()]},
        hovertemplate=f"<b>%{{y}}</b><br>{value}{colon()}%{{x:,.0f}}<extra></extra>",
    ), layout=layout(title, value, None, height))


def sankey(shown: pl.DataFrame, source: str, target: str, value: str, *, title: str,
           colours: dict[str, str], height: int = 460) -> go.Figure:
    """Flows from ``source`` nodes (left) to ``target`` nodes (right), sized by ``value``.

    Node names must already say which side they are on (e.g. "2023 骨干教师"), and
    ``colours`` maps each node name to its colour.
    """
    nodes = list(dict.fromkeys(shown[source].to_list() + shown[target].to_list()))
    index = {n: i for i, n in enumerate(nodes)}

    def faded(hex_colour: str) -> str:
        r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return f"rgba({r},{g},{b},0.35)"

    return go.Figure(go.Sankey(
        arrangement="snap",
        textfont={"color": "#1f2430", "size": 12},   # dark on the pale links: readable where a label crosses one
        node={"label": _texts(nodes), "pad": 22, "thickness": 16,
              "color": [colours.get(n, MUTED) for n in nodes],
              "hovertemplate": f"<b>%{{label}}</b><br>{value}{colon()}%{{value:,.0f}}<extra></extra>"},
        link={"source": [index[n] for n in shown[source].to_list()],
              "target": [index[n] for n in shown[target].to_list()],
              "value": shown[value].to_list(),
              "color": [faded(colours.get(n, MUTED)) for n in shown[source].to_list()],
              "hovertemplate": f"%{{source.label}} → %{{target.label}}<br>{value}{colon()}%{{value:,.0f}}<extra></extra>"},
    ), layout=layout(title, None, None, height))


def first_rows(shown: pl.DataFrame) -> pl.DataFrame:
    """The rows a ranked bar chart draws: the first ``CHART_ROWS`` (pass the whole frame to
    ``show`` for the downloads)."""
    drawn, sources = shown.head(CHART_ROWS), downloads.source_columns(shown)
    return drawn if sources is None else downloads.mark(drawn, sources)  # query columns name its columns too


def show(fig: go.Figure, shown: pl.DataFrame, name: str, key: str, drawn: int | None = None) -> None:
    """Draw ``fig`` and, under it, the downloads of ``shown`` (the data behind the chart).

    ``drawn``: how many of ``shown``'s rows the chart holds, when only the first ones (see
    ``first_rows``); the reader is told, and the downloads keep every row. An empty frame
    draws nothing but a clear message.
    """
    if shown.is_empty():
        st.info(text("no_data"), icon=":material/info:")
        return
    if drawn is not None and drawn < shown.height:
        st.caption(text("chart_first_rows", n=f"{drawn:,}", total=f"{shown.height:,}"))
    st.plotly_chart(fig, key=f"chart_{key}", config={
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"filename": downloads.file_stem(name), "scale": 2},
    })
    downloads.buttons(shown, name, key)
