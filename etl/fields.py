"""Field specifications, read from the pydantic kinds and the alias file.

``FieldSpec`` is what the vectorised validator needs to know about one column: its type,
whether it is required, its bounds, its accepted values and the headers it may appear under.
"""
from __future__ import annotations

import datetime as dt
import functools
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import annotated_types
from pydantic import BaseModel

from etl.kinds import KINDS
from etl.normalize import to_half_width
import settings


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str                      # "str" | "int" | "float" | "date" | "bool" | "enum" | "id"
    required: bool
    headers: tuple[str, ...]       # canonical first
    values: dict[str, str] | None  # label -> code, for enums and bools
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    year_from_date: bool = False
    codes: dict[str, str] | None = None  # a drop-down's code -> its label ("1" -> "男"), from [codes.*]

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class KindSpec:
    kind: str
    label: str
    fields: tuple[FieldSpec, ...]
    one_of: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@functools.cache
def load_aliases(path: Path | None = None) -> dict:
    """The alias file (``settings.ALIASES_FILE``, looked up at call time), parsed once until
    ``etl.alias_file`` changes it and clears this cache."""
    with open(path or settings.ALIASES_FILE, "rb") as fh:
        return tomllib.load(fh)


def value_map(enum_name: str, aliases: dict) -> dict[str, str]:
    """Label -> code for one enum, codes included, with the municipality switch applied."""
    tables = [aliases["values"].get(enum_name, {})]
    if enum_name == "train_tier" and aliases.get("options", {}).get("municipality"):
        tables.append(aliases["values"]["train_tier_municipality"])  # applied last, so its labels win
    out: dict[str, str] = {}
    for table in tables:
        for code, labels in table.items():
            out[code] = code
            for label in labels:
                out[value_key(label)] = code
    return out


def value_key(label: str) -> str:
    """A label as the validator compares it: half-width, no spaces (cells are compacted alike)."""
    return "".join(to_half_width(str(label)).split())


def code_list(enum_name: str | None, aliases: dict) -> dict[str, str] | None:
    """A drop-down's code -> label ([codes.<name>] in the alias file), or None."""
    table = aliases.get("codes", {}).get(enum_name or "")
    return {str(k): value_key(v) for k, v in table.items()} if table else None


def _unwrap(annotation):
    """Strip Optional[...] and Annotated[...]; return (base type, metadata list)."""
    meta: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            meta.extend(extra)
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation, meta


def _bound(meta: list, kind: type, attr: str) -> float | None:
    for m in meta:
        for item in [m, *(getattr(m, "metadata", None) or [])]:
            if isinstance(item, kind):
                return getattr(item, attr)
    return None


def kind_spec(kind: str, aliases: dict | None = None) -> KindSpec:
    aliases = aliases if aliases is not None else load_aliases()
    model: type[BaseModel] = KINDS[kind]
    extra = model.model_config.get("json_schema_extra") or {}
    headers = aliases["headers"][kind]
    fields = []
    for name, info in model.model_fields.items():
        base, meta = _unwrap(info.annotation)
        meta = meta + list(info.metadata)
        fextra = info.json_schema_extra or {}
        values, codes = None, None
        if fextra.get("id"):
            ftype = "id"
        elif typing.get_origin(base) is typing.Literal:
            ftype = "enum"
            enum_name = fextra.get("values", name)
            values = value_map(enum_name, aliases)
            allowed = set(typing.get_args(base))
            values = {k: v for k, v in values.items() if v in allowed}
            for code in allowed:
                values.setdefault(code, code)
            codes = code_list(enum_name, aliases)
        elif base is bool:
            ftype = "bool"
            values = {k: ("true" if v == "true" else "false") for k, v in value_map(name, aliases).items()}
            codes = code_list(name, aliases)
        elif base is dt.date:
            ftype = "date"
        elif base is int:
            ftype = "int"
        elif base is float:
            ftype = "float"
        else:
            ftype = "str"
        fields.append(FieldSpec(
            name=name, type=ftype, required=info.is_required(), headers=tuple(headers[name]),
            values=values, ge=_bound(meta, annotated_types.Ge, "ge"), gt=_bound(meta, annotated_types.Gt, "gt"),
            le=_bound(meta, annotated_types.Le, "le"), year_from_date=bool(fextra.get("year_from_date")),
            codes=codes,
        ))
    return KindSpec(kind=kind, label=extra["label"], fields=tuple(fields),
                    one_of=tuple(tuple(g) for g in extra.get("one_of", ())),
                    keys=tuple(extra.get("keys", ())))


@functools.cache
def all_specs() -> dict[str, KindSpec]:
    return {kind: kind_spec(kind) for kind in KINDS}
