"""One credit rule set (学分规则), read from a TOML file and checked before anything uses it.

A rule set says how a province turns passed training into continuing-education hours or
credits and what a teacher owes in a cycle. The file's keys (see the presets in
``credits/presets/`` and docs/data-contract.md, "学分规则文件"):

- ``id``, ``name``, ``source`` (the document it follows), ``check_note``;
- ``[cycle]`` ``years`` and ``start`` (first year of a cycle; omitted → settings.CYCLE_START);
- ``[requirement]`` ``unit`` (``hours`` 学时 or ``credits`` 学分), ``total``, ``yearly_min``,
  ``new_teacher`` (owed in a new teacher's probation year, in the unit);
- ``[conversion]`` ``hours_per_credit`` (the default), and ``[[conversion.rule]]`` entries
  matching ``forms`` / ``tiers`` / ``themes`` (first match wins);
- ``[caps]`` ``per_course``, ``per_year`` (in the unit);
- ``[[category]]`` by programme theme (keywords), form or tier: ``min`` and ``max`` per cycle;
- ``[[group]]`` by form or tier (e.g. 校本研修): ``min`` and ``max`` per cycle;
- ``[offsets]`` ``award_cap``, ``degree_cap``, ``degree_themes``, ``[[offsets.award]]``
  ``levels`` / ``categories`` / ``amount`` (冲抵 from awards and degree study);
- ``[forecast]`` ``max_per_year`` when the rules have no per-year cap.

``load(path_or_preset)`` returns a ``RuleSet`` or raises ``RulesError`` whose message, in
Chinese, names the file and the key that is wrong.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PRESETS_DIR = Path(__file__).resolve().parent / "presets"

Form = Literal["online", "offline", "blended", "shadowing", "other"]
Tier = Literal["national", "provincial", "municipal", "county", "school"]
AwardLevel = Literal["national", "provincial", "municipal", "county", "school"]
AwardCategory = Literal["honour", "contest", "paper", "research", "coaching", "other"]
Positive = Field(gt=0)


class RulesError(ValueError):
    """A rules file that cannot be used; ``str()`` is the message for the bureau clerk."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Match(_Strict):
    """Which courses an entry applies to: every listed condition must hold (empty = any)."""

    forms: tuple[Form, ...] = ()
    tiers: tuple[Tier, ...] = ()
    themes: tuple[str, ...] = ()   # keywords: a course matches when its theme contains one

    def matches(self, tier: str | None, form: str | None, theme: str | None) -> bool:
        return ((not self.forms or (form or "other") in self.forms)
                and (not self.tiers or tier in self.tiers)
                and (not self.themes or any(k in (theme or "") for k in self.themes)))


class ConversionRule(Match):
    hours_per_credit: float = Positive


class Conversion(_Strict):
    hours_per_credit: float = Positive
    rule: tuple[ConversionRule, ...] = ()


class Bucket(Match):
    """A category (by theme) or group (by form / tier) with a minimum and a cap per cycle."""

    name: str = Field(min_length=1)
    min: float = Field(default=0, ge=0)
    max: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _min_below_max(self) -> "Bucket":
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min（{self.min:g}）大于 max（{self.max:g}）")
        return self


class Cycle(_Strict):
    years: int = Field(default=5, ge=1, le=10)
    start: int | None = Field(default=None, ge=1990, le=2100)


class Requirement(_Strict):
    unit: Literal["hours", "credits"]
    total: float = Positive
    yearly_min: float = Field(default=0, ge=0)
    new_teacher: float = Field(default=0, ge=0)


class Caps(_Strict):
    per_course: float | None = Field(default=None, gt=0)
    per_year: float | None = Field(default=None, gt=0)


class AwardOffset(_Strict):
    levels: tuple[AwardLevel, ...] = ()
    categories: tuple[AwardCategory, ...] = ()
    amount: float = Positive


class Offsets(_Strict):
    award: tuple[AwardOffset, ...] = ()
    award_cap: float | None = Field(default=None, gt=0)
    degree_themes: tuple[str, ...] = ()
    degree_cap: float | None = Field(default=None, gt=0)


class Forecast(_Strict):
    max_per_year: float | None = Field(default=None, gt=0)


class RuleSet(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]{1,40}$")
    name: str = Field(min_length=1)
    name_en: str = ""     # the name in the English UI (optional; the Chinese name when empty)
    source: str = Field(min_length=1)
    check_note: str = Field(min_length=1)
    cycle: Cycle = Cycle()
    requirement: Requirement
    conversion: Conversion
    caps: Caps = Caps()
    category: tuple[Bucket, ...] = ()
    group: tuple[Bucket, ...] = ()
    offsets: Offsets = Offsets()
    forecast: Forecast = Forecast()

    @field_validator("category", "group")
    @classmethod
    def _unique_names(cls, buckets: tuple[Bucket, ...]) -> tuple[Bucket, ...]:
        names = [b.name for b in buckets]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"名称重复：{'、'.join(twice)}")
        return buckets

    @model_validator(mode="after")
    def _consistent(self) -> "RuleSet":
        if self.requirement.new_teacher > self.requirement.total:
            raise ValueError("requirement.new_teacher 不能大于 requirement.total")
        if self.offsets.award and self.offsets.award_cap is None:
            raise ValueError("有 [[offsets.award]] 时必须给出 offsets.award_cap（冲抵上限）")
        if self.offsets.degree_themes and self.offsets.degree_cap is None:
            raise ValueError("有 offsets.degree_themes 时必须给出 offsets.degree_cap（冲抵上限）")
        return self

    # ------------------------------------------------------------------ evaluation helpers
    def hours_per_credit(self, tier: str | None, form: str | None, theme: str | None) -> float:
        rule = next((r for r in self.conversion.rule if r.matches(tier, form, theme)), None)
        return rule.hours_per_credit if rule else self.conversion.hours_per_credit

    def is_degree(self, theme: str | None) -> bool:
        return any(k in (theme or "") for k in self.offsets.degree_themes)

    def category_of(self, tier: str | None, form: str | None, theme: str | None) -> str | None:
        return next((b.name for b in self.category if b.matches(tier, form, theme)), None)

    def group_of(self, tier: str | None, form: str | None, theme: str | None) -> str | None:
        return next((b.name for b in self.group if b.matches(tier, form, theme)), None)

    def award_amount(self, level: str | None, category: str | None) -> float:
        for rule in self.offsets.award:
            if (not rule.levels or level in rule.levels) and (not rule.categories or category in rule.categories):
                return rule.amount
        return 0.0

    def cycle_start(self, default: int) -> int:
        return self.cycle.start if self.cycle.start is not None else default

    @property
    def yearly_max(self) -> float | None:
        """The most a teacher can earn in a year: the per-year cap, else the forecast's assumption."""
        return self.caps.per_year if self.caps.per_year is not None else self.forecast.max_per_year


def presets() -> list[str]:
    """The names of the shipped presets (file stems under credits/presets/)."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))


def resolve(choice: str) -> Path:
    """A preset name (``national``) or a path to the bureau's own TOML file."""
    preset = PRESETS_DIR / f"{choice}.toml"
    if preset.exists():
        return preset
    path = Path(choice)
    if not path.exists():
        raise RulesError(f"找不到学分规则“{choice}”：既不是内置规则（{'、'.join(presets())}），也不是存在的文件。")
    return path


def load(choice: str | Path) -> RuleSet:
    """Read and check a rule set; a ``RulesError`` names the file and the wrong key."""
    path = choice if isinstance(choice, Path) else resolve(choice)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise RulesError(f"学分规则文件 {path.name} 不是 UTF-8 编码的文本，请另存为 UTF-8 后重试。") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"学分规则文件 {path.name} 不是有效的 TOML：{exc}（请检查引号、括号和等号）") from None
    except OSError as exc:
        raise RulesError(f"无法读取学分规则文件 {path}：{exc.strerror}") from None
    return parse(raw, path.name)


def display_name(rule_id: str, name: str, lang: str) -> str:
    """A stored rule set's name in the page's language: in English, the ``name_en`` of the
    preset (or configured file) with that id, else the stored (Chinese) name."""
    if lang != "en":
        return name
    import settings
    for choice in dict.fromkeys((rule_id, settings.CREDIT_RULES)):
        try:
            found = load(choice)
        except RulesError:
            continue
        if found.id == rule_id and found.name_en:
            return found.name_en
    return name


def parse(raw: dict, file_name: str = "学分规则") -> RuleSet:
    try:
        return RuleSet.model_validate(raw)
    except ValidationError as exc:
        from credits.messages import explain

        raise RulesError(explain(exc, file_name)) from None
