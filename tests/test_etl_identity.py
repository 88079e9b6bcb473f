"""etl.identity: GB 11643 check digit, Excel-number IDs, keyed hashes, masking, the secret file."""
from __future__ import annotations

import os
import stat

import polars as pl

from etl.identity import (check_char, id_problem, is_valid_id, key_column, load_secret, mask_id, mask_text,
                          normalise_id, teacher_key)
from etl_files import make_id


def _problems(values: list[str]) -> list[str | None]:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    frame = frame.with_columns(normalise_id(pl.col("v")).alias("n"))  # as etl.validate: a column first
    return frame.select(id_problem(pl.col("n")).alias("p"))["p"].to_list()


def test_check_character_of_the_standard_example():
    # GB 11643-1999 example 11010519491231002X: sum of digits × weights = 167, 167 mod 11 = 2 -> 'X'.
    assert check_char("11010519491231002") == "X"
    assert is_valid_id("11010519491231002X")


def test_lower_case_x_and_full_width_digits_are_normalised_before_checking():
    ids = ["11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", " 1101 0519 4912 3100 2X "]
    frame = pl.DataFrame({"v": ids})
    assert frame.select(normalise_id(pl.col("v")).alias("v"))["v"].to_list() == ["11010519491231002X"] * 3
    assert _problems(ids) == [None, None, None]


def test_each_kind_of_bad_id_gets_its_own_reason():
    good = make_id("19800101", 123)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    reasons = _problems([
        "6.22922E+17",            # Excel stored the ID as a number and shows it in scientific form
        "622922198001011000",     # ... or as the 15 significant digits Excel keeps, padded with zeros
        "62292219800101123",      # 17 characters
        "62292219800A011234",     # a letter inside
        "622922198002301232",     # 30 February
        wrong_check,
    ])
    assert reasons[0].startswith("身份证号被 Excel 存成了数字")
    assert reasons[1].startswith("身份证号被 Excel 存成了数字")
    assert reasons[2] == "身份证号应为 18 位，这里是 17 位：请核对"
    assert reasons[3] == "身份证号含有非数字字符（只有最后一位可以是 X）：请核对"
    assert reasons[4] == "身份证号中的出生日期不存在：请核对第 7–14 位"
    assert reasons[5] == f"身份证号校验位不对（按 GB 11643 应为 {good[17]}）：请核对号码是否录错"


def test_digits_of_another_script_are_not_an_id_even_when_the_check_character_would_fit():
    # Arabic-Indic digits match the regex class \d but are no ASCII digit. Region "٠٠٠٠٠٠": the old
    # check skipped the six unreadable digits (as zeros), so an ID whose check character was computed
    # with zeros there passed as valid.
    body = "000000" + "19800101" + "123"
    crafted = "".join(chr(0x0660 + int(d)) for d in body[:6]) + body[6:] + check_char(body)
    assert _problems([crafted]) == ["身份证号含有非数字字符（只有最后一位可以是 X）：请核对"]


def test_a_valid_id_ending_in_zeros_is_not_mistaken_for_an_excel_number():
    ids = [make_id("19800101", seq) for seq in range(1000)]
    zero_ending = [i for i in ids if i.endswith("00")]
    assert zero_ending  # seq 000..999 gives some IDs whose last two characters are 00
    assert _problems(zero_ending) == [None] * len(zero_ending)


def test_masking_keeps_three_leading_and_four_trailing_characters():
    frame = pl.DataFrame({"v": ["11010519491231002X", None]})
    assert frame.select(mask_id(pl.col("v")).alias("v"))["v"].to_list() == ["110***********002X", None]
    assert mask_text("证号 11010519491231002X 有误") == "证号 110***********002X 有误"


def test_teacher_key_is_stable_per_secret_and_differs_between_secrets():
    ids = pl.Series(["11010519491231002X", None, "11010519491231002X", "code:T01"])
    keys = key_column(b"s1", ids).to_list()
    assert keys[0] == keys[2] == teacher_key(b"s1", "11010519491231002X")
    assert keys[1] is None
    assert len(keys[0]) == 32 and keys[0] != keys[3]
    assert key_column(b"s2", ids).to_list()[0] != keys[0]


def test_secret_is_created_once_with_owner_only_permissions(tmp_path):
    path = tmp_path / "w.duckdb.secret"
    first = load_secret(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(first) == 32
    assert load_secret(path) == first


def test_a_loads_secret_hashes_each_id_once_and_keys_stay_the_same():
    from etl.identity import Secret

    secret = Secret(b"k" * 32)
    first = key_column(secret, pl.Series(["A1", "A2", "A1", None]))
    second = key_column(secret, pl.Series(["A2", "A3"]))
    assert first.to_list() == [teacher_key(secret, "A1"), teacher_key(secret, "A2"), teacher_key(secret, "A1"), None]
    assert second.to_list() == [teacher_key(secret, "A2"), teacher_key(secret, "A3")]
    # A1, A2 hashed by the first call, only A3 by the second: 3 remembered, not 4
    assert secret.known.height == 3
    assert teacher_key(secret, "A1") == teacher_key(b"k" * 32, "A1")  # a Secret is its bytes


def test_tokens_sharing_a_hash_still_get_their_own_keys(monkeypatch):
    from etl.identity import Secret

    # Force a collision: pl.Expr.hash gives every token of one length the same value.
    monkeypatch.setattr(pl.Expr, "hash", lambda self, seed=0: self.str.len_bytes().cast(pl.UInt64))
    secret = Secret(b"k" * 32)
    keys = key_column(secret, pl.Series(["A1", "B2", None, "A1"])).to_list()
    assert keys == [teacher_key(secret, "A1"), teacher_key(secret, "B2"), None, teacher_key(secret, "A1")]
    assert key_column(secret, pl.Series(["B2", "C3"])).to_list() == [teacher_key(secret, "B2"), teacher_key(secret, "C3")]


def test_a_long_secret_keys_exactly_as_hmac_does():
    # RFC 2104: a key longer than the 64-byte block is hashed first; the fast path must agree.
    long = b"x" * 100
    assert key_column(long, pl.Series(["11010519491231002X"])).to_list() == [teacher_key(long, "11010519491231002X")]
