"""Every public query function the pages can call, and the argument sets to call it with.

Walks ``warehouse/queries/*`` so a function is covered by the
access and ID-scan tests the day it is written. A function is a query function when its
first two parameters are ``con`` and ``filters``.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing

import warehouse.queries

# Extra keyword arguments beyond the defaults and the Literal/bool values.
EXTRA_CASES = {"warehouse.queries.ranking.ranking": [{"weights": {"group_by": "all"}}]}


def query_functions() -> list:
    """Every public ``(con, filters, …)`` function of the query modules."""
    modules = [importlib.import_module(f"warehouse.queries.{m.name}")
               for m in pkgutil.iter_modules(warehouse.queries.__path__)]
    found = []
    for module in modules:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(function).parameters)
            if params[:2] == ["con", "filters"]:
                found.append(function)
    return found


def call_variants(function) -> list[dict]:
    """Keyword sets: the defaults, then each Literal / bool value of every argument."""
    hints = typing.get_type_hints(function)
    variants: list[dict] = [{}]
    for name, param in list(inspect.signature(function).parameters.items())[2:]:
        hint = hints.get(name)
        if typing.get_origin(hint) is typing.Literal:
            variants += [{name: value} for value in typing.get_args(hint)]
        elif hint is bool:
            variants += [{name: True}, {name: False}]
        elif param.default is inspect.Parameter.empty:
            raise AssertionError(f"{function.__qualname__}: add a value for required argument {name!r}")
    return variants + EXTRA_CASES.get(qualified(function), [])


def qualified(function) -> str:
    return f"{function.__module__}.{function.__name__}"
