"""Words for the ledger's codes in the certificate (Chinese; the page uses ui.i18n)."""
from __future__ import annotations

from ui.i18n import CODES

UNIT = {"hours": "学时", "credits": "学分"}
FORECAST = {
    "met": "已达标",
    "on_pace": "尚未达标，按目前进度预计周期末可以达标",
    "at_risk": "尚未达标，按目前进度预计周期末不能达标，需加快进度",
    "unreachable": "尚未达标，按规则每年可认定的上限已无法在本周期内达标",
}


def code_label(kind: str, code: str | None) -> str:
    """The Chinese label of a warehouse code (国培, 线上, …); '—' when missing."""
    if code is None:
        return "—"
    return CODES.get(kind, {}).get(code, (code,))[0]


def status_text(row: dict) -> str:
    """The conclusion line: compliance, and where the cycle is not over the forecast."""
    return FORECAST.get(row["forecast"], row["forecast"]) + "。"
