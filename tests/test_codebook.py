"""warehouse.codebook: one file of code lists, read by settings, the types, the UI and the SQL."""
from __future__ import annotations

import typing

import pytest

import settings
from etl import kinds
from metric_fixtures import Warehouse
from warehouse import codebook
from warehouse.filters import Filters


def test_lists_keep_their_order_labels_colours_and_weights():
    assert codebook.codes("train_tier") == ("national", "provincial", "municipal", "county", "school")
    assert codebook.label("train_tier", "municipal") == "市/州培"
    assert codebook.label("train_tier", "municipal", "en") == "Municipal"
    assert codebook.label("train_tier", "nowhere") == "nowhere"
    assert codebook.colours("train_tier")["national"] == "#c23b3b"
    assert codebook.weights("award_level") == {"national": 5, "provincial": 4, "municipal": 3, "county": 2, "school": 1}
    assert codebook.weights("rating") == {"excellent": 1.0, "good": 0.75, "pass": 0.5, "fail": 0.0}
    with pytest.raises(KeyError, match="no code list named"):
        codebook.codes("no_such_list")


def test_settings_and_types_are_read_from_it():
    assert settings.DEV_TIERS == codebook.codes("dev_tier")
    assert typing.get_args(kinds.AwardCategory) == codebook.codes("award_category")
    with pytest.raises(ValueError):
        Filters(train_tiers=("galactic",))


def test_the_warehouse_holds_it_as_a_table_and_the_models_join_it():
    w = Warehouse()
    assert w.rows("select count(*) from codebook where list = 'stage'") == [(len(settings.STAGES),)]
    w.school("A").roster(2024, "t1", "A").award("t1", 2024, "municipal").award("t1", 2024, "school")
    # level weights come from the codebook's weight column: municipal 3, school 1
    assert w.rows("select award_level, level_weight from award_detail order by level_weight") == [
        ("school", 1), ("municipal", 3)]


def test_each_stage_counts_under_one_statistical_stage_group():
    groups = codebook.groups("stage")
    assert set(groups) == set(codebook.codes("stage"))
    assert set(groups.values()) == set(codebook.codes("stage_group"))
    assert groups["nine_year"] == "junior" and groups["complete_secondary"] == "senior"
    assert groups["kindergarten"] == "preschool"
    w = Warehouse()
    w.school("N", stage="nine_year").school("K", stage="kindergarten")
    w.roster(2024, "t1", "N").roster(2024, "t2", "K").roster(2024, "t3", "K")
    # no teaching stage on the roster: each teacher takes the school's stage, grouped by the codebook
    assert w.rows("select stage_group, teachers from school_stage_resources order by stage_group") == [
        ("junior", 1), ("preschool", 2)]


def test_every_input_kind_has_a_label_in_both_languages():
    from etl.kinds import KINDS
    from warehouse import codebook

    labels = codebook.labels("kind")
    assert set(KINDS) <= set(labels), set(KINDS) - set(labels)   # training_funds showed as its code
    assert labels["training_funds"] == ("培训经费", "Training funds")
