"""学校画像 School report card: one school on one printable page, reachable by a link that
names it (``/school?school=附城初中``).

Data: ``warehouse.queries`` coverage (by year), overview (county trend), awards, cycle,
ranking and progression, each narrowed to the school.
"""
import polars as pl
import streamlit as st

from settings import DEV_TIERS
from warehouse.queries import awards, coverage, cycle, forms, options, overview, progression, ranking
from ui import charts, data, downloads, filters, links, printing, report_button, tables, widgets
from ui.format import plain
from ui.i18n import label, text
from ui.tables import Col


SCHOOL, PICK = "school", "school_pick"  # the URL parameter, the picker's key

f = filters.current()
schools = data.query(options.schools, f)
if schools.is_empty() or f.year is None:
    widgets.title(text("p_school"))
    widgets.empty()
    st.stop()
codes = schools["school_code"].to_list()
names = filters.school_names(schools)
chosen = [c for c in f.schools if c in codes]
# The address names the school by its code (?school=<code>; a name works too). An unknown one
# is said, never replaced by another school. Opened from the menu, the card shows the sidebar's
# school (else the first) and the address then names it, so a copied link opens the same card.
# Not bound to the URL by Streamlit, which would write the school's name and drop a default.
if PICK not in st.session_state:
    asked = links.raw(SCHOOL)
    known = links.lookup(codes, names=names)
    if asked and asked[-1] not in known:
        widgets.title(text("p_school"))
        st.warning(text("bad_school", code=asked[-1]), icon=":material/link_off:")
    else:
        st.session_state[PICK] = known[asked[-1]] if asked else (chosen[0] if chosen else codes[0])
code = st.selectbox(text("sc_pick"), codes, index=None, format_func=lambda c: names.get(c, c), key=PICK,
                    placeholder=text("sc_pick"))
if code is None:
    st.stop()
if st.query_params.get(SCHOOL) != code:
    st.query_params[SCHOOL] = code
info = schools.filter(pl.col("school_code") == code).row(0, named=True)
downloads.SUBJECT.set(info["school_name"])  # every download of this card is named for the school
one = f.replace(townships=(), stages=(), urban_rural=(), schools=(code,))
year = f.year

# names from imported files are text, never Markdown (a name could carry a link or an image)
widgets.title(text("sc_title", school=plain(info["school_name"])), text("sc_facts", stage=label("stage", info["stage"]),
                                        township=plain(info["township"]) if info["township"] else text("not_given"),
                                        urban=label("urban_rural", info["urban_rural"]),
                                        weak=text("sc_weak") if info.get("is_weak") else ""))
printing.printable()
report_button.show(one)

years = data.query(coverage.coverage_by, one.replace(year=None), by="year")
now = years.filter(pl.col("year") == year)
before = years.filter(pl.col("year") == year - 1)
now = now.row(0, named=True) if now.height else {}
before = before.row(0, named=True) if before.height else {}
prize = data.query(awards.awards_by_school, one)
prize_before = data.query(awards.awards_by_school, one.replace(year=year - 1))
pace = data.query(cycle.compliance, one)
rank = data.query(ranking.ranking, one)

st.subheader(text("sc_year_cards", year=year, before=year - 1))
cols = st.columns(4)
widgets.metric(cols[0], text("sc_teachers"), now.get("roster_teachers"), before.get("roster_teachers"))
widgets.metric(cols[1], text("ov_person_times"), now.get("person_times"), before.get("person_times"))
widgets.metric(cols[2], text("ov_coverage"), now.get("coverage"), before.get("coverage"), "pct")
widgets.metric(cols[3], text("ov_pass_rate"), now.get("pass_rate"), before.get("pass_rate"), "pct")
cols = st.columns(4)
widgets.metric(cols[0], text("ov_hours"), now.get("hours_per_teacher"), before.get("hours_per_teacher"), "num")
widgets.metric(cols[1], text("aw_density"), prize["award_density"][0] if prize.height else None,
               prize_before["award_density"][0] if prize_before.height else None, "num")
widgets.metric(cols[2], text("cy_rate"), pace["compliance_rate"][0] if pace.height else None, None, "pct")
if rank.height:
    r = rank.row(0, named=True)
    cols[3].metric(text("sc_rank"), text("sc_rank_of", rank=r["rank"], size=r["group_size"]),
                   None if r["rank_change"] is None else f"{r['rank_change']:+d}", border=True)
    if r["rating"]:
        st.caption(text("sc_rating", year=year, rating=label("rating", r["rating"])))

left, right = st.columns(2)
with left:
    county = data.query(overview.yearly_trend, f.replace(year=None, townships=(), stages=(), urban_rural=(), schools=()))
    both = pl.concat([
        years.select("year", pl.lit(info["school_name"]).alias("who"), "coverage"),
        county.select("year", pl.lit(text("sc_county")).alias("who"), "coverage"),
    ])
    shown = tables.display(both, [Col("year", "year"), Col("who", "text"),
                                  Col("coverage", "pct")])
    name = text("sc_trend_chart", school=info["school_name"])
    fig = charts.line(shown, "year", "coverage", color="who", title=name, value_kind="pct")
    charts.show(fig, shown, name, "school_trend")
with right:
    mix = data.query(progression.train_tier_mix, one)
    shown = tables.display(mix, [Col("train_tier", "code:train_tier"), Col("person_times"), Col("share", "pct")])
    name = text("sc_mix_chart", year=year)
    fig = charts.bar(shown, "train_tier", "person_times", title=name, color="train_tier",
                     color_kind="train_tier", show_values=True)
    charts.show(fig, shown, name, "school_mix")

left, right = st.columns(2)
with left:
    tiers = data.query(progression.dev_tier_counts, one).filter(pl.col("dev_tier").is_in(DEV_TIERS))
    shown = tables.display(tiers.reverse(), [Col("dev_tier", "code:dev_tier"), Col("teachers"), Col("share", "pct")])
    name = text("sc_pyramid", year=year)
    fig = charts.pyramid(shown, "dev_tier", "teachers", title=name, kind="dev_tier")
    charts.show(fig, shown if shown[charts.header(shown, "teachers")].sum() else tables.cleared(shown), name, "school_pyramid")
with right:
    mine = data.query(forms.person_times_by_form, one)
    shown = tables.display(mine, [Col("form", "code:form"), Col("person_times")])
    name = text("sc_form_chart", year=year)
    fig = charts.bar(shown, "form", "person_times", title=name, color="form",
                     color_kind="form", show_values=True)
    charts.show(fig, shown, name, "school_forms")
st.subheader(text("sc_years"))  # full width: every column visible, on screen and on paper
shown = tables.display(years.sort("year", descending=True),
                       [Col("year", "year"), Col("roster_teachers"), Col("person_times"), Col("coverage", "pct"),
                        Col("pass_rate", "pct"), Col("hours_per_teacher", "num")])
with printing.screen_only("years"):
    tables.show(shown, f"{info['school_name']}_{text('sc_years')}", "school_years")
with printing.print_only("years"):  # a grid draws on a canvas, which paper does not get
    printing.paper_table(shown)
st.caption(text("sc_link") + "　" + text("print_hint"))
widgets.definition("metric_school_year")
