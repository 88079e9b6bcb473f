"""etl.fields: field specs come from the pydantic kinds and the alias file, including the 市培 switch."""
from __future__ import annotations

from etl.fields import kind_spec, load_aliases, value_map
from etl.kinds import KINDS


def test_every_field_of_every_kind_has_headers_in_the_alias_file():
    aliases = load_aliases()
    for kind, model in KINDS.items():
        assert set(aliases["headers"][kind]) == set(model.model_fields), kind


def test_spec_carries_bounds_and_requirements_from_the_model():
    hours = kind_spec("participation").field("hours")
    assert (hours.type, hours.required, hours.ge, hours.le) == ("float", True, 0, 3000)
    program_hours = kind_spec("program").field("hours")
    assert (program_hours.gt, program_hours.le) == (0, 2000)
    assert kind_spec("roster").one_of == (("id_number", "teacher_code"), ("school_code", "school_name"))


def test_tier_labels_follow_the_municipality_switch():
    aliases = load_aliases()
    county = value_map("train_tier", aliases)
    assert (county["市培"], county["州培"], county["国培计划"], county["校本研修"]) == (
        "municipal", "municipal", "national", "school")
    municipality = dict(aliases, options={"municipality": True})
    chongqing = value_map("train_tier", municipality)
    # In Chongqing or Beijing 市培 is the provincial tier and 区培 the county one.
    assert (chongqing["市培"], chongqing["区培"], chongqing["国培"]) == ("provincial", "county", "national")
    assert kind_spec("program", municipality).field("train_tier").values["市培"] == "provincial"
