"""Turn pydantic's complaints about a rules file into Chinese a bureau clerk can act on.

Each problem names the file and the key as written in the file (``requirement.total``,
``category[2].min``: the third ``[[category]]`` block), says what was found and what is
expected.
"""
from __future__ import annotations

from pydantic import ValidationError

# Allowed codes, with the words a clerk knows, for "should be one of" messages.
CODE_WORDS = {
    "online": "线上", "offline": "线下", "blended": "混合", "shadowing": "跟岗", "other": "其他",
    "national": "国家级/国培", "provincial": "省级/省培", "municipal": "市/州级", "county": "县/区级",
    "school": "校级/校本", "honour": "荣誉称号", "contest": "教学竞赛", "paper": "论文",
    "research": "课题", "coaching": "指导学生", "hours": "学时", "credits": "学分",
}


def key_path(loc: tuple) -> str:
    """``('category', 2, 'min')`` → ``category[2].min``; pydantic's own wrapper steps dropped."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and not part.startswith(("function-", "literal[")):
            out += ("." if out else "") + part
    return out or "（文件顶层）"


def _one(error: dict) -> str:
    kind, ctx, found = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "缺少这一项（必填）"
    if kind == "extra_forbidden":
        return f"不认识这个键（拼写错误？），值为 {found!r}"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        sign = {"greater_than": "大于", "greater_than_equal": "不小于", "less_than_equal": "不大于"}[kind]
        bound = ctx.get("gt", ctx.get("ge", ctx.get("le")))
        return f"应{sign} {bound}，现为 {found!r}"
    if kind == "literal_error":
        allowed = ctx.get("expected", "")
        words = "、".join(f"{c}（{w}）" for c, w in CODE_WORDS.items() if f"'{c}'" in allowed)
        return f"不认识 {found!r}，应为以下之一：{words or allowed}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return f"应为数字，现为 {found!r}"
    if kind in ("string_type",):
        return f"应为文字（用引号括起），现为 {found!r}"
    if kind in ("tuple_type", "list_type"):
        return f"应为列表，如 [\"a\", \"b\"]，现为 {found!r}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"应为一个表（[节] 或 {{ … }}），现为 {found!r}"
    if kind == "string_pattern_mismatch":
        return f"只能用小写字母、数字、下划线和连字符（最多 40 个），现为 {found!r}"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg']}（现为 {found!r}）"


def explain(exc: ValidationError, file_name: str) -> str:
    lines = [f"学分规则文件 {file_name} 有 {exc.error_count()} 处错误，未采用："]
    for error in exc.errors():
        lines.append(f"· {key_path(error['loc'])}：{_one(error)}")
    return "\n".join(lines)
