"""学校排名 School rankings: the composite score with its weights adjustable on the page, the
comparison group, what each indicator contributes, the rank change and small-school flags.

Data: ``warehouse.queries.ranking`` (ranking, RankingWeights, METHOD: the method text is the
query module's, not retyped here). The weights live in the URL, so a copied link ranks alike.
"""
import polars as pl
import streamlit as st

from warehouse.queries import ranking
from ui import charts, data, filters, links, printing, tables, widgets
from ui.i18n import label, lang, text
from ui.tables import Col

DEFAULTS = ranking.RankingWeights()
LEVELS = ("national", "provincial", "municipal", "county", "school")


def _defaults() -> None:
    for indicator in ranking.INDICATORS:
        st.session_state[f"w_{indicator}"] = int(round(getattr(DEFAULTS, indicator) * 100))
    for level in LEVELS:
        st.session_state[f"lw_{level}"] = float(getattr(DEFAULTS, f"award_{level}"))


f = filters.current()
widgets.title(text("p_ranking"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))
printing.printable()
if f.year is None:
    widgets.empty()
    st.stop()

with st.expander(text("rk_weights"), expanded=True, icon=":material/tune:"):
    links.seed("ranking_group", ["stage", "all"], field=text("rk_group"), multi=False)
    group = st.radio(text("rk_group"), ["stage", "all"], format_func=lambda g: text(f"rk_group_{g}"),
                     horizontal=True, key="ranking_group")
    links.keep("ranking_group", group)
    cols = st.columns(len(ranking.INDICATORS))
    weights = {i: col.slider(text(f"rk_w_{i}"), 0, 100, int(round(getattr(DEFAULTS, i) * 100)), step=5,
                             key=f"w_{i}", bind="query-params") / 100
               for col, i in zip(cols, ranking.INDICATORS)}
    st.caption(text("rk_levels"))
    cols = st.columns(len(LEVELS))
    levels = {f"award_{lvl}": col.number_input(label("award_level", lvl), 0.0, 10.0,
                                               float(getattr(DEFAULTS, f"award_{lvl}")), step=0.5,
                                               key=f"lw_{lvl}", bind="query-params")
              for col, lvl in zip(cols, LEVELS)}
    st.button(text("rk_reset"), on_click=_defaults, icon=":material/restart_alt:", type="tertiary")
if sum(weights.values()) == 0:  # the query refuses all-zero weights: fall back to the defaults
    weights = {i: getattr(DEFAULTS, i) for i in ranking.INDICATORS}

rows = data.query(ranking.ranking, f, weights={**weights, **levels, "group_by": group})
if rows.is_empty():
    widgets.empty()
    st.stop()
rows = rows.with_columns(
    pl.when(pl.col("small_school")).then(pl.lit("⚠ ") + pl.col("school_name")).otherwise(pl.col("school_name"))
    .alias("school_name"))
contributions = [f"contribution_{i}" for i in ranking.INDICATORS]
st.caption(text("rk_count", year=rows["year"][0], n=rows.height, groups=rows["comparison_group"].n_unique()))

groups = rows["comparison_group"].unique(maintain_order=True).to_list()
shown_group = groups[0]
if len(groups) > 1:
    largest = rows.group_by("comparison_group").len().sort("len", descending=True)["comparison_group"][0]
    links.seed("ranking_shown_group", groups, field=text("rk_show_group"), kind="comparison_group", multi=False)
    if st.session_state.get("ranking_shown_group") not in groups:  # none linked, or not in this year's groups
        st.session_state["ranking_shown_group"] = largest
    shown_group = st.selectbox(text("rk_show_group"), groups, format_func=lambda g: label("comparison_group", g),
                               key="ranking_shown_group")
    links.keep("ranking_shown_group", shown_group)
part = rows.filter(pl.col("comparison_group") == shown_group).sort(["rank", "school_code"])
if part.height and not part["scored_in_group"][0]:  # too few schools to compare among themselves
    st.caption(text("rk_small_group", n=part.height, least=ranking.MIN_GROUP_SCHOOLS))
shown = tables.display(part, [Col("school_name", "text"), Col("rank"), Col("composite", "num"),
                              *[Col(c, "num") for c in contributions]])
name = text("rk_chart", year=rows["year"][0], group=label("comparison_group", shown_group))
drawn = charts.first_rows(shown)  # the top of the ranking
fig = charts.stacked(drawn, "school_name", contributions, title=name, value_title=charts.header(shown, "composite"),
                     height=max(320, 26 * drawn.height + 140))
charts.show(fig, shown, name, "ranking_contributions", drawn=drawn.height)
st.caption(text("rk_small_note", n=ranking.SMALL_SCHOOL_TEACHERS))

# The table fits the screen: each indicator's contribution is in the chart above (and its download).
shown = tables.display(rows, [
    Col("comparison_group", "code:comparison_group"), Col("rank"), Col("rank_change"), Col("school_name", "text"),
    Col("composite", "num"), Col("coverage", "pct"), Col("pass_rate", "pct"), Col("hours_per_teacher", "num"),
    Col("award_density", "num"), Col("rating", "code:rating"), Col("roster_teachers"), Col("small_school", "bool"),
])
with printing.screen_only("ranking"):
    tables.show(shown, text("rk_table", year=rows["year"][0]), "ranking_table")
with printing.print_only("ranking"):  # on paper: the columns that fit A4, every school
    st.subheader(text("rk_table", year=rows["year"][0]))
    printing.paper_table(tables.display(rows.sort(["comparison_group", "rank", "school_code"]), [
        Col("comparison_group", "code:comparison_group"), Col("rank"), Col("school_name", "text"),
        Col("composite", "num"), Col("coverage", "pct"), Col("pass_rate", "pct"), Col("hours_per_teacher", "num"),
        Col("award_density", "num"), Col("rating", "code:rating")]))
with st.expander(text("rk_method"), icon=":material/functions:"):
    st.markdown(ranking.METHOD[lang()])
widgets.definition("metric_school_year")
