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
from ui.i18n import label, lang, text



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
        st.caption(text("import_mapping.year_help", sheets=reasons.places(q.year_sheets)))
        year = st.number_input(text("import_mapping.year"), min_value=1990, max_value=2100, value=q.year_guess, step=1,
                               key="import_year")
        st.caption(text("import_mapping.year_guess", where=reasons.shown(q.year_from), year=q.year_guess) if q.year_guess else text("import_mapping.year_none"))
    if q.program_sheets:
        st.caption(text("import_mapping.program_help", sheets=reasons.places(q.program_sheets)))
        codes = [p.code for p in q.programmes]
        names = {p.code: f"{p.code} {p.name}" for p in q.programmes}
        program = st.selectbox(text("import_mapping.program"), codes, index=codes.index(q.program_guess) if q.program_guess in codes else None,
                               format_func=names.get, key="import_program")
        st.caption(text("import_mapping.program_guess") if q.program_guess else text("import_mapping.program_none"))
    return Given(int(year) if year is not None else None, program)


def column_mapping(q: Questions, kind: str | None) -> bool:
    """One field picker and a save button per column the loader does not know. True when an alias
    was saved (the page then reads the uploads again)."""
    if not q.unmapped:
        return False
    st.subheader(text("import_mapping.mapping"))
    st.caption(text("import_mapping.mapping_help"))
    saved = False
    for i, u in enumerate(q.unmapped):
        target = u.kind or kind
        if target is None:
            st.info(text("import_mapping.kind_first", header=u.header, where=reasons.shown(u.where)), icon=":material/help:")
            continue
        fields = [f.name for f in all_specs()[target].fields]
        headers = {f.name: f.header for f in all_specs()[target].fields}
        cols = st.columns([3, 1])
        choice = cols[0].selectbox(text("import_mapping.field", header=u.header, where=reasons.shown(u.where)), fields,
                                   index=fields.index(u.suggestion) if u.suggestion in fields else None,
                                   format_func=lambda n: f"{headers[n]}（{label('kind', target)}）", key=f"import_map_{i}")
        if cols[1].button(text("import_mapping.save"), key=f"import_save_{i}", disabled=choice is None):
            try:
                added = add_header_alias(target, choice, u.header)
            except AliasError as exc:
                st.error(reasons.shown(str(exc)), icon=":material/error:")
                continue
            st.success(text("import_mapping.saved" if added else "known", header=u.header, field=headers[choice]),
                       icon=":material/task_alt:")
            saved = True
    return saved
