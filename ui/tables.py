"""Display frames: a query result turned into the table the reader sees and downloads.

A page lists its columns once (``Col``): which result column, which header, what kind of
value. ``display()`` picks them, turns codes into labels and fractions into percentages,
and names the columns in the reader's language. ``show()`` draws that frame with its two
downloads, so the screen and the files cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import polars as pl
import streamlit as st

from ui import downloads
from ui.i18n import CODES, label, lang, text

# Column headers with their units, shared by every page: key → (中文, English).
HEADERS: dict[str, tuple[str, str]] = {
    "year": ("年度", "Year"),
    "school_code": ("学校代码", "School code"),
    "school_name": ("学校", "School"),
    "township": ("乡镇", "Township"),
    "stage": ("学段", "Stage"),
    "urban_rural": ("城乡", "Urban / rural"),
    "is_weak": ("薄弱学校", "Weak school"),
    "subject": ("学科", "Subject"),
    "train_tier": ("培训层级", "Training tier"),
    "dev_tier": ("发展层级", "Development tier"),
    "award_level": ("获奖级别", "Award level"),
    "category": ("类别", "Category"),
    "rating": ("考核等次", "Rating"),
    "form": ("培训形式", "Training form"),
    "attended_teachers": ("参训教师数（人）", "Teachers who took part"),
    "attendance_rate": ("参训率（%）", "Participation rate (%)"),
    "schools": ("学校数（所）", "Schools"),
    "roster_teachers": ("名册教师数（人）", "Teachers on roster"),
    "teachers": ("教师数（人）", "Teachers"),
    "trained_teachers": ("参训合格教师数（人）", "Teachers trained (passed)"),
    "untrained_teachers": ("未参训合格教师数（人）", "Teachers not trained"),
    "coverage": ("培训覆盖率（%）", "Coverage (%)"),
    "person_times": ("参训人次", "Person-times"),
    "passed": ("合格人次", "Passed"),
    "with_result": ("有考核结果人次", "With a result"),
    "pass_rate": ("合格率（%）", "Pass rate (%)"),
    "passed_hours": ("合格学时（学时）", "Passed hours"),
    "hours_per_teacher": ("人均学时（学时/人）", "Hours per teacher"),
    "awards": ("获奖数（项）", "Awards"),
    "award_density": ("获奖密度（项/百名教师）", "Awards per 100 teachers"),
    "weighted_award_density": ("加权获奖密度（/百名教师）", "Weighted awards per 100 teachers"),
    "share": ("占比（%）", "Share (%)"),
    "name": ("姓名", "Name"),
    "id_masked": ("身份证号（脱敏）", "ID number (masked)"),
    "teacher_code": ("教师编号", "Teacher code"),
    "compliance_rate": ("学时达标率（%）", "On pace (%)"),
    "compliant_teachers": ("达标教师数（人）", "Teachers on pace"),
    "behind_teachers": ("未达标教师数（人）", "Teachers behind pace"),
    "avg_passed_hours": ("人均已获学时（学时）", "Average hours so far"),
    "avg_required_hours": ("人均应获学时（学时）", "Average hours due"),
    "required_hours_full_time": ("全周期在岗教师应获学时（学时）", "Hours due, whole cycle on roster"),
    "hours_needed": ("尚差学时（学时）", "Hours short"),
    "as_of_year": ("截至年度", "As of"),
    "start_year": ("周期起算年度", "Counted from"),
    "years_elapsed": ("已过年数（年）", "Years elapsed"),
    "required_hours": ("应获学时（学时）", "Hours due"),
    "hours_to_cycle_target": ("距 360 学时（学时）", "Hours to 360"),
    "weighted_awards": ("加权获奖数", "Weighted awards"),
    "award_name": ("奖项名称", "Award"),
    "award_category": ("类别", "Category"),
    "grade": ("等次", "Grade"),
    "issuer": ("颁发单位", "Issued by"),
    "program_code": ("项目编号", "Program code"),
    "program_name": ("项目名称", "Program"),
    "theme": ("培训类别", "Theme"),
    "planned_seats": ("计划人数（人）", "Planned seats"),
    "participants": ("实际参训人次", "Participants"),
    "participants_with_seats": ("有计划名额项目的参训人次", "Participants (programs with seats)"),
    "programs": ("项目数（个）", "Programs"),
    "programs_with_seats": ("有计划名额的项目数（个）", "Programs with seats"),
    "completion": ("完成率（%）", "Completion (%)"),
    "target": ("计划目标（人次）", "Target"),
    "actual": ("实际完成（人次）", "Actual"),
    "plan_category": ("计划类别", "Plan category"),
    "source_file": ("文件", "File"),
    "sheet": ("工作表", "Sheet"),
    "kind": ("数据类型", "Kind"),
    "header_row": ("表头行", "Header row"),
    "columns_found": ("识别的列", "Columns recognised"),
    "columns_ignored": ("未使用的列", "Columns not used"),
    "status": ("状态", "Status"),
    "message": ("说明", "Message"),
    "batch_id": ("批次", "Batch"),
    "loaded_at": ("导入时间", "Loaded at"),
    "rows_read": ("读取行数", "Rows read"),
    "rows_loaded": ("导入行数", "Rows loaded"),
    "rows_rejected": ("拒绝行数", "Rows rejected"),
    "rows_skipped": ("跳过行数（合计行、空行、备注）", "Rows skipped (totals, blanks, notes)"),
    "rows_warned": ("提示行数", "Rows with warnings"),
    "row_number": ("行号", "Row"),
    "column_name": ("列", "Column"),
    "reason": ("原因", "Reason"),
    "raw": ("原始内容", "Raw values"),
    "rows": ("行数", "Rows"),
    "first_row": ("首次出现的行号", "First row"),
    "no_roster": ("缺教师名册", "No roster"),
    "no_participation": ("无参训记录", "No participation"),
    "not_rated": ("未考核", "Not rated"),
    "missing_subject": ("缺任教学科（人）", "No subject"),
    "missing_dev_tier": ("缺发展层级（人）", "No development tier"),
    "missing_hire_date": ("缺参加工作年月（人）", "No hire date"),
    "unknown_school": ("学校不在学校名册（人）", "School not on the school list"),
    "comparison_group": ("比较组", "Comparison group"),
    "group_size": ("组内学校数", "Schools in group"),
    "rank": ("名次", "Rank"),
    "previous_rank": ("上年名次", "Last year's rank"),
    "rank_change": ("名次变化（正数为上升）", "Rank change (+ = up)"),
    "composite": ("综合得分（0–100）", "Composite (0–100)"),
    "contribution_coverage": ("覆盖率贡献", "From coverage"),
    "contribution_pass_rate": ("合格率贡献", "From pass rate"),
    "contribution_hours_per_teacher": ("人均学时贡献", "From hours per teacher"),
    "contribution_award_density": ("获奖贡献", "From awards"),
    "contribution_rating": ("考核等次贡献", "From rating"),
    "small_school": ("小规模学校（<10 人）", "Small school (<10 teachers)"),
    "from_tier": ("上年层级", "Tier last year"),
    "to_tier": ("今年层级", "Tier this year"),
    "movement": ("变化", "Move"),
    "promoted": ("晋升人数（人）", "Promoted"),
    "promotion_rate": ("晋升率（%）", "Promotion rate (%)"),
    "promoted_spells": ("已晋升人数（人）", "Teachers promoted"),
    "median_years_to_promotion": ("晋升前停留年数中位数（年）", "Median years before promotion"),
    "current_teachers": ("目前仍在该层级（人）", "Still at the tier"),
    "median_years_so_far": ("目前已停留年数中位数（年）", "Median years so far"),
}


@dataclass(frozen=True)
class Col:
    """One displayed column.

    ``kind``: ``int`` / ``num`` (rounded to ``digits``) / ``pct`` (a fraction shown as a
    percentage number) / ``text`` / ``year`` / ``code:<kind>`` (a code shown as its label,
    e.g. ``code:train_tier``) / ``bool`` (是/否). ``header`` is a key of ``HEADERS`` or a
    ``(中文, English)`` pair; by default the source column's own key.
    """

    source: str
    kind: str = "int"
    header: str | tuple[str, str] | None = None
    digits: int = 1

    def title(self) -> str:
        pair = self.header if isinstance(self.header, tuple) else HEADERS[self.header or self.source]
        return pair[0] if lang() == "zh" else pair[1]


def _expression(col: Col) -> pl.Expr:
    source = pl.col(col.source)
    if col.kind == "pct":
        return (source.cast(pl.Float64) * 100).round(col.digits)
    if col.kind == "num":
        return source.cast(pl.Float64).round(col.digits)
    if col.kind == "int":
        return source.cast(pl.Int64)
    if col.kind == "year":
        return source.cast(pl.Int64)
    if col.kind == "datetime":
        return source.dt.strftime("%Y-%m-%d %H:%M")
    # Labels are looked up here, in the script's thread: polars runs expressions in its own
    # threads, where the reader's language (session state) is not available.
    if col.kind == "bool":
        return (pl.when(source).then(pl.lit(label("bool", True))).when(~source).then(pl.lit(label("bool", False)))
                .otherwise(pl.lit(text("not_given"))))
    if col.kind.startswith("code:"):
        code_kind = col.kind.split(":", 1)[1]
        mapping = {code: label(code_kind, code) for code in CODES.get(code_kind, {})}
        return source.cast(pl.String).replace(mapping).fill_null(text("not_given"))
    # An empty text cell is shown (and downloaded) empty, not as Streamlit's grey "None".
    return source.cast(pl.String).fill_null("")


# Headers of year columns, drawn without a thousands separator (2024, not 2,024).
YEAR_TITLES: set[str] = {*HEADERS["year"]}


def display(frame: pl.DataFrame, columns: list[Col]) -> pl.DataFrame:
    """The frame as the reader sees it: chosen columns, labels, percentages, their headers."""
    YEAR_TITLES.update(c.title() for c in columns if c.kind == "year")
    shown = frame.select(_expression(c).alias(c.title()) for c in columns)
    return downloads.mark(shown, (c.source for c in columns))  # the download rule reads these


def _column_config(shown: pl.DataFrame) -> dict:
    config = {}
    for name, dtype in shown.schema.items():
        if dtype.is_integer() and name not in YEAR_TITLES:
            config[name] = st.column_config.NumberColumn(format="localized")
    return config


def show(shown: pl.DataFrame, name: str, key: str, height: int | None = None,
         everything: Callable[[], pl.DataFrame] | None = None) -> None:
    """Draw a display frame with its CSV / Excel downloads; an empty frame gives a message.

    The table grows with its rows up to about 16 of them, then scrolls.
    """
    if shown.is_empty():
        st.info(text("no_data"), icon=":material/info:")
        return
    height = height or min(600, 35 * (shown.height + 1) + 3)
    st.dataframe(shown, hide_index=True, column_config=_column_config(shown), height=height,
                 key=f"table_{key}")
    downloads.buttons(shown, name, key, everything)
