"""ui.i18n: every code the warehouse can hold has a Chinese and an English label, and every
interface text exists in both languages with the same placeholders."""
from __future__ import annotations

import re

from ui import i18n


def test_texts_have_both_languages_with_the_same_placeholders():
    for key, (zh, en) in i18n.TEXT.items():
        assert zh and en, key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_labels_default_to_chinese_and_never_drop_a_value():
    assert i18n.label("train_tier", "national") == "国培"
    assert i18n.label("train_tier", "somewhere") == "somewhere"  # unknown codes are shown as they are
    assert i18n.label("stage", None) == "未填"
    assert i18n.text("no_data").startswith("当前筛选条件下没有数据")
