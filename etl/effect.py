"""What a load does to the warehouse, per sheet: rows new, changed (per field), unchanged,
removed, rejected by reason. ``etl.replace`` counts it while writing; a dry run
(``etl.load.preview``) performs the same writes on a staging copy and throws the copy away,
so the predicted effect and the real one are computed by the same code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.fields import all_specs

# Columns the warehouse derives, named as the clerk knows them.
DERIVED = {"school_code": "学校", "year": "年度", "teacher.name": "姓名", "teacher.gender": "性别",
           "teacher.birth_date": "出生日期", "teacher.teacher_code": "教师编号", "teacher.id_masked": "身份证号（掩码）"}


@dataclass
class Effect:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    fields: dict[str, int] = field(default_factory=dict)    # column -> rows whose value changes
    rejects: dict[str, int] = field(default_factory=dict)   # "column：reason" -> rows
    no_result: dict[str, int] = field(default_factory=dict)  # result_gap -> participation rows without a result

    def add(self, other: "Effect") -> None:
        self.new, self.changed, self.unchanged = self.new + other.new, self.changed + other.changed, \
            self.unchanged + other.unchanged
        self.removed += other.removed
        for c, n in other.fields.items():
            self.fields[c] = self.fields.get(c, 0) + n

    def comparable(self) -> tuple:
        """Everything but the order of the dicts, for comparing a prediction with a load."""
        return (self.new, self.changed, self.unchanged, self.removed, sorted(self.fields.items()),
                sorted(self.rejects.items()), sorted(self.no_result.items()))


GAP_TEXT = {"no_column": "本文件没有考核结果列", "blank": "考核结果为空", "unrecognised": "考核结果无法识别"}


def field_label(kind: str | None, column: str) -> str:
    if column in DERIVED:
        return DERIVED[column]
    try:
        return all_specs()[kind].field(column).header
    except (KeyError, StopIteration):
        return column


def lines(effect: Effect, kind: str | None, future: bool) -> list[str]:
    """The effect in words, for the command line and the import page."""
    will = "将" if future else "已"
    out = [f"新增 {effect.new:,} 行，修改 {effect.changed:,} 行，不变 {effect.unchanged:,} 行"
           + (f"，删除新版中已没有的 {effect.removed:,} 行" if effect.removed else "")]
    out += [f"{field_label(kind, c)}：{n:,} 行{will}被修改" for c, n in effect.fields.items()]
    out += [f"{GAP_TEXT.get(g, g)}：这 {n:,} 条记录不计入覆盖率和合格率" for g, n in effect.no_result.items()]
    out += [f"拒绝 {n:,} 行：{reason}" for reason, n in effect.rejects.items()]
    return out
