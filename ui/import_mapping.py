"""The import page's questions (etl.questions): the year of a roster without 年度 (the title's
guess filled in), the programme of a list without 项目编号 (the title's match preselected), and
a field for a column the loader does not know, saved as an alias for the next file."""
from __future__ import annotations

import streamlit as st

from etl import sandbox
from etl.alias_file import AliasError, add_header_alias
from etl.context import Given
from etl.fields import all_specs
from etl.questions import Questions
from ui import reasons
from ui.i18n import label, lang

TEXT = {
    "year": ("年度", "Year"),
    "year_help": ("这些名册没有“年度”列（全国系统导出的是当时的快照）：{sheets}。", "These rosters have no 年度 column: {sheets}."),
    "year_guess": ("已按{where}填入 {year}，请确认。", "{year} filled in from the {where}; please check it."),
    "year_none": ("文件里没有年份：请填写这份名册属于哪一年。", "The files name no year: enter the roster's year."),
    "program": ("所属培训项目", "Programme"),
    "program_help": ("这些名单没有“项目编号”列：{sheets}。同一次上传的名单都计入所选项目。",
                     "These lists have no programme code: {sheets}. Every such list in this upload counts for it."),
    "program_guess": ("已按标题中的项目名称选中，请确认。", "Chosen from the programme name in the title; please check it."),
    "program_none": ("请选择项目（没有的话先导入培训项目文件）。", "Choose the programme (load the programme file first if it is missing)."),
    "mapping": ("未识别的列", "Columns not recognised"),
    "mapping_help": ("可以把列对应到字段并保存为别名：以后带这个列名的文件会直接识别。",
                     "Map a column to a field and save it as an alias: later files with that header load without asking."),
    "field": ("“{header}”对应的字段（{where}）", "Field for “{header}” ({where})"),
    "kind_first": ("“{header}”（{where}）：请先在“数据类型”中选择这张表的类型，再对应字段。",
                   "“{header}” ({where}): choose the kind of data above first, then map the column."),
    "save": ("保存为别名", "Save as alias"),
    "saved": ("已保存：“{header}”以后按“{field}”识别。", "Saved: “{header}” now reads as “{field}”."),
    "known": ("“{header}”已是“{field}”的别名。", "“{header}” already reads as “{field}”."),
}


def _t(key: str, **values) -> str:
    zh, en = TEXT[key]
    return (zh if lang() == "zh" else en).format(**values)


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def questions(files: tuple[tuple[str, bytes], ...], kind: str | None, warehouse: str, aliases_version: float) -> Questions:
    """etl.questions.ask on the uploads, read in the sandbox like the preview (a hostile file
    ends a child, not the server), cached per upload. When the child fails there is nothing to
    ask: the preview below then shows the file's message."""
    try:
        return sandbox.call("etl.questions:ask_uploads", list(files), warehouse, kind, what="读取上传的文件")
    except sandbox.SandboxError:
        return Questions()


def ask_given(q: Questions) -> Given:
    """The year box and the programme picker, shown only when some uploaded sheet needs them."""
    year = program = None
    if q.year_sheets:
        st.caption(_t("year_help", sheets=reasons.places(q.year_sheets)))
        year = st.number_input(_t("year"), min_value=1990, max_value=2100, value=q.year_guess, step=1,
                               key="import_year")
        st.caption(_t("year_guess", where=reasons.shown(q.year_from), year=q.year_guess) if q.year_guess else _t("year_none"))
    if q.program_sheets:
        st.caption(_t("program_help", sheets=reasons.places(q.program_sheets)))
        codes = [p.code for p in q.programmes]
        names = {p.code: f"{p.code} {p.name}" for p in q.programmes}
        program = st.selectbox(_t("program"), codes, index=codes.index(q.program_guess) if q.program_guess in codes else None,
                               format_func=names.get, key="import_program")
        st.caption(_t("program_guess") if q.program_guess else _t("program_none"))
    return Given(int(year) if year is not None else None, program)


def column_mapping(q: Questions, kind: str | None) -> bool:
    """One field picker and a save button per column the loader does not know. True when an alias
    was saved (the page then reads the uploads again)."""
    if not q.unmapped:
        return False
    st.subheader(_t("mapping"))
    st.caption(_t("mapping_help"))
    saved = False
    for i, u in enumerate(q.unmapped):
        target = u.kind or kind
        if target is None:
            st.info(_t("kind_first", header=u.header, where=reasons.shown(u.where)), icon=":material/help:")
            continue
        fields = [f.name for f in all_specs()[target].fields]
        headers = {f.name: f.header for f in all_specs()[target].fields}
        cols = st.columns([3, 1])
        choice = cols[0].selectbox(_t("field", header=u.header, where=reasons.shown(u.where)), fields,
                                   index=fields.index(u.suggestion) if u.suggestion in fields else None,
                                   format_func=lambda n: f"{headers[n]}（{label('kind', target)}）", key=f"import_map_{i}")
        if cols[1].button(_t("save"), key=f"import_save_{i}", disabled=choice is None):
            try:
                added = add_header_alias(target, choice, u.header)
            except AliasError as exc:
                st.error(reasons.shown(str(exc)), icon=":material/error:")
                continue
            st.success(_t("saved" if added else "known", header=u.header, field=headers[choice]),
                       icon=":material/task_alt:")
            saved = True
    return saved
