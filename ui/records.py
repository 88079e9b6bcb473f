"""The teacher-record page's words (zh / en) and its two drawing helpers: a table whose rows
link to each teacher's record, and the .docx certificate's download button.

Both helpers keep the page's promises: a table comes with its CSV / Excel downloads (without
the link column), and teacher-level files only for readers who may have them.
"""
from __future__ import annotations

import polars as pl
import streamlit as st

from ui import downloads
from ui.i18n import lang, text

TEXT: dict[str, tuple[str, str]] = {
    "rule": ("学分规则：{name}（以{unit}计）。达标、预测和证明都按此规则计算。",
             "Credit rules: {name} (counted in {unit}). Compliance, forecast and certificates follow them."),
    "rule_source": ("规则依据与核对提示", "Source of the rules, and what to check"),
    "check": ("请核对：", "Check: "),
    "no_rules": ("数据仓库里还没有按学分规则计算的台账：重新导入一次数据，或在服务器上运行 python -m credits apply。",
                 "The warehouse holds no credit ledger yet: load the data again, or run python -m credits apply on the server."),
    "bad_rules": ("设置中选择的学分规则无法使用，台账未计算：\n\n{error}", "The credit rules chosen in the settings cannot be used:\n\n{error}"),
    "stale": ("台账按“{applied}”计算，但设置现在选择的是“{chosen}”：运行 python -m credits apply（或重新导入数据）后生效。",
              "The ledger follows “{applied}” but the settings now choose “{chosen}”: run python -m credits apply (or load again)."),
    "search": ("查找教师", "Find a teacher"),
    "search_hint": ("姓名、教师编号、脱敏身份证号或身份证号后四位", "Name, teacher code, masked ID or its last four characters"),
    "none_found": ("没有找到符合条件的教师（或不在您可查看的学校）。", "No teacher found (or none at a school you may see)."),
    "pick": ("找到 {n} 位教师，选择一位查看档案", "{n} teachers found: pick one to open the record"),
    "forecast_title": ("{start}–{end} 年周期预测（截至 {year} 年）", "Cycle {start}–{end}: forecast (as of {year})"),
    "projected": ("预计周期末达标率", "Projected to comply"),
    "compliant": ("已达标率", "Already complied"),
    "teachers": ("教师（人）", "Teachers"),
    "met": ("已达标（人）", "Complied"),
    "on_pace": ("按进度可达标（人）", "On pace"),
    "at_risk": ("有风险（人）", "At risk"),
    "unreachable": ("已无法达标（人）", "Cannot make it"),
    "by_chart": ("各{by}预计周期末达标率（虚线为 100% 检查线）", "Projected compliance by {by} (dashed: the 100% line)"),
    "line": ("100% 检查线", "100% line"),
    "no_people": ("教师名单仅对分析员和学校账号（本校教师）开放。", "Teacher lists are for analysts and school accounts (their own teachers)."),
    "list_unreachable": ("已无法在本周期达标的教师", "Teachers who can no longer comply this cycle"),
    "list_at_risk": ("有风险的教师（按目前进度不能达标）", "Teachers at risk (short at the current pace)"),
    "count": ("共 {n} 人。", "{n} teachers."),
    "open": ("档案", "Record"),
    "not_found": ("没有这位教师的档案，或您无权查看。", "No record for this teacher, or you may not see it."),
    "back": ("返回预测与查找", "Back to the forecast and search"),
    "facts": ("{school} · {stage} · {tier} · 身份证号 {id} · 教师编号 {code}", "{school} · {stage} · {tier} · ID {id} · code {code}"),
    "ledger_title": ("{start}–{end} 年周期台账（截至 {year} 年）", "Ledger, cycle {start}–{end} (as of {year})"),
    "required": ("应完成（{unit}）", "Required ({unit})"),
    "earned": ("已认定（{unit}）", "Counted ({unit})"),
    "remaining": ("尚差（{unit}）", "Remaining ({unit})"),
    "status": ("结论", "Status"),
    "new_teacher": ("新教师：{year} 年为试用期，应完成 {need}，已认定 {got}（{unit}）。",
                    "New teacher: probation year {year}, {need} required, {got} counted ({unit})."),
    "offsets": ("其中获奖冲抵 {award}、学历冲抵 {degree}；合格学时 {recorded}，认定学时 {counted}（封顶后）。",
                "Of which awards {award}, degree study {degree}; passed hours {recorded}, counted hours {counted} (after caps)."),
    "categories": ("分类认定", "By category"),
    "trainings": ("培训记录（共 {n} 项）", "Training ({n} rows)"),
    "years": ("任职学校与发展层级（按年度）", "Schools and ladder step by year"),
    "steps": ("发展层级变动", "Moves on the development ladder"),
    "awards": ("获奖荣誉", "Awards"),
    "certificate": ("下载继续教育学时（学分）证明（.docx）", "Download the continuing-education certificate (.docx)"),
    "batch_title": ("批量打印证明（每位教师一页）", "Certificates for a whole school (a page per teacher)"),
    "batch_school": ("学校", "School"),
    "batch_make": ("生成本校证明", "Make the school's certificates"),
    "batch_ready": ("已生成 {school} 的证明：{n} 位教师。", "{school}: certificates for {n} teachers are ready."),
    "batch_none": ("这所学校在本周期台账中没有教师。", "This school has no teachers in the cycle's ledger."),
}
STATUS = {"met": ("已达标", "Complied"), "on_pace": ("未达标，按进度可达标", "Not yet, on pace"),
          "at_risk": ("未达标，有风险", "Not yet, at risk"), "unreachable": ("已无法达标", "Cannot comply this cycle")}
UNITS = {"hours": ("学时", "hours"), "credits": ("学分", "credits")}
HEADERS = {"earned": ("已认定", "Counted"), "required": ("应完成", "Required"), "remaining": ("尚差", "Remaining"),
           "credits": ("折算学分", "Credits"), "counted_hours": ("认定学时", "Hours counted"),
           "counted_credits": ("认定学分", "Credits counted"), "min_required": ("最低要求", "Minimum"),
           "shortfall": ("尚差", "Short"), "result": ("考核结果", "Result"), "form": ("培训形式", "Form"),
           "hours": ("完成学时", "Hours"), "kind": ("类型", "Kind"), "title": ("职称", "Title")}


def t(key: str, **values) -> str:
    pair = TEXT[key]
    return (pair[0] if lang() == "zh" else pair[1]).format(**values)


def word(pairs: dict, key: str) -> str:
    pair = pairs.get(key, (key, key))
    return pair[0] if lang() == "zh" else pair[1]


def header(key: str, unit: str | None = None) -> tuple[str, str]:
    """A (中文, English) column header; counts from TEXT, measures from HEADERS with the unit."""
    zh, en = HEADERS[key] if key in HEADERS else TEXT[key]
    if unit:
        zh, en = f"{zh}（{UNITS[unit][0]}）", f"{en} ({UNITS[unit][1]})"
    return zh, en


def linked_table(shown: pl.DataFrame, keys: list[str], name: str, key: str) -> None:
    """``shown`` with a last column linking each row to ``/teacher?key=…``, and the downloads of
    ``shown`` (teacher-level: for readers allowed them, see ui.downloads)."""
    if shown.is_empty():
        st.info(text("no_data"), icon=":material/info:")
        return
    column = t("open")
    linked = shown.with_columns(pl.Series(column, [f"teacher?key={k}" for k in keys]))
    st.dataframe(linked, hide_index=True, key=f"table_{key}",
                 column_config={column: st.column_config.LinkColumn(display_text=column)})
    downloads.buttons(shown, name, key)


def document_button(data: bytes | None, file_name: str, key: str, label_text: str) -> None:
    """The download of a .docx made for this reader (already scoped by the queries behind it)."""
    if data is None:
        st.info(text("no_data"), icon=":material/info:")
        return
    st.download_button(label_text, data=data, file_name=f"{downloads.file_stem(file_name)}.docx", key=f"dl_docx_{key}",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       on_click="ignore", icon=":material/description:")
