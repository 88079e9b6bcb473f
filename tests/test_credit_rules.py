"""Rule sets: every preset loads and says where it comes from; a broken file is refused with
a Chinese message naming the file and the key."""
from __future__ import annotations

import pytest

from credits import rules
from credits.rules import RulesError


@pytest.mark.parametrize("name", ["national", "beijing", "shanghai", "zhejiang"])
def test_each_preset_loads_with_its_source_and_a_note_to_check_it(name):
    rule_set = rules.load(name)
    assert rule_set.id == name
    assert "《" in rule_set.source and "》" in rule_set.source  # a named document
    assert "核对" in rule_set.check_note or "修改" in rule_set.check_note


def test_the_presets_carry_the_published_numbers():
    national, beijing = rules.load("national"), rules.load("beijing")
    shanghai, zhejiang = rules.load("shanghai"), rules.load("zhejiang")
    assert (national.requirement.unit, national.requirement.total, national.requirement.new_teacher) == ("hours", 360, 120)
    assert (beijing.requirement.unit, beijing.requirement.total) == ("credits", 36)
    assert beijing.hours_per_credit("county", "offline", "学科教学") == 10
    assert beijing.hours_per_credit("county", "online", "学科教学") == 20
    assert beijing.hours_per_credit("school", "offline", "学科教学") == 20
    assert {c.name: c.min for c in shanghai.category} == {"实践体验": 14, "自主研修": 4, "师德素养": 8, "知识技能": 10}
    assert shanghai.category_of("county", "offline", "师德师风建设") == "师德素养"
    assert (zhejiang.requirement.total, zhejiang.requirement.yearly_min) == (360, 24)
    assert rules.presets() == ["beijing", "national", "shanghai", "zhejiang"]


def write(tmp_path, body: str):
    path = tmp_path / "本县规则.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
id = "county"
name = "本县"
source = "《本县办法》"
check_note = "自定"
[requirement]
unit = "credits"
total = 36
[conversion]
hours_per_credit = 10
"""


def test_a_bureau_file_of_its_own_loads(tmp_path):
    assert rules.load(str(write(tmp_path, GOOD))).requirement.total == 36


@pytest.mark.parametrize("change, key, words", [
    (("total = 36", "total = -5"), "requirement.total", "应大于 0"),
    (("total = 36", "total = \"三十六\""), "requirement.total", "应为数字"),
    (("unit = \"credits\"", "unit = \"points\""), "requirement.unit", "学时"),
    (("total = 36", "total = 36\ntotl = 1"), "requirement.totl", "不认识这个键"),
    (("hours_per_credit = 10", ""), "conversion.hours_per_credit", "缺少这一项"),
    (("[conversion]", "[[category]]\nname = \"师德\"\nmin = 9\nmax = 3\n[conversion]"), "category[0]", "min（9）大于 max（3）"),
    (("[conversion]", "[[category]]\nname = \"师德\"\nforms = [\"网课\"]\n[conversion]"), "category[0].forms[0]", "线上"),
    (("[conversion]", "[offsets]\ndegree_themes = [\"学历\"]\n[conversion]"), "degree_cap", "冲抵上限"),
    (("id = \"county\"", "id = \"本县\""), "id", "小写字母"),
])
def test_a_broken_file_is_refused_naming_the_file_and_the_key(tmp_path, change, key, words):
    old, new = change
    with pytest.raises(RulesError) as refused:
        rules.load(str(write(tmp_path, GOOD.replace(old, new))))
    message = str(refused.value)
    assert "本县规则.toml" in message and key in message and words in message, message
    assert "未采用" in message


def test_a_file_that_is_not_toml_says_so(tmp_path):
    with pytest.raises(RulesError, match="不是有效的 TOML.*line 3"):
        rules.load(str(write(tmp_path, "id = \"x\"\nname = \"y\"\ntotal = = 3\n")))


def test_a_file_that_is_not_utf8_says_so(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(GOOD.replace("本县", "本縣").encode("gb18030"))
    with pytest.raises(RulesError, match="UTF-8"):
        rules.load(str(path))


def test_an_unknown_choice_names_the_presets():
    with pytest.raises(RulesError, match="beijing、national、shanghai、zhejiang"):
        rules.load("guangdong")


def test_the_build_keeps_going_with_a_broken_choice_and_an_empty_ledger(tmp_path, monkeypatch, capsys):
    import settings
    from credits import store
    from tests.credit_fixtures import CreditWarehouse

    w = CreditWarehouse().school("S1").roster("t1", "S1", (2021,))
    w.course("t1", 2021, 40)
    store.refresh(w.con)  # the default choice: national
    assert w.ledger("t1")["earned"] == 40
    monkeypatch.setattr(settings, "CREDIT_RULES", str(write(tmp_path, GOOD.replace("total = 36", "total = 0"))))
    with pytest.raises(RulesError):
        store.refresh(w.con)
    assert store.refresh(w.con, strict=False) is None
    assert "requirement.total" in capsys.readouterr().err
    assert w.con.execute("select count(*) from metric_teacher_credit").fetchall() == [(0,)]
    assert store.applied(w.con) is None
