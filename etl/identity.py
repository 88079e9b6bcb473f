"""Teacher identity: ID-number checks (GB 11643), keyed hashes and masking.

The ID number never reaches the warehouse: a teacher is keyed by HMAC-SHA256 of the
normalised ID (or of ``code:<教师编号>``) under a secret kept beside the warehouse file,
and only a masked form (``620***********123X``) is stored for display.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

import polars as pl

from etl.normalize import compact

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
KEY_HEX_CHARS = 32  # 128 bits of the HMAC: ample for uniqueness, half the storage
TOKEN_HASH_SEED = 11643


def check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def is_valid_id(text: str) -> bool:
    """Scalar check: 18 characters, digits + check char, a real birth date."""
    if len(text) != 18 or not text[:17].isdigit() or text[17] not in "0123456789X":
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today() and check_char(text[:17]) == text[17]


def normalise_id(expr: pl.Expr) -> pl.Expr:
    """Full-width to half-width, spaces and Excel's text wrappers removed, lower-case x
    upper-cased, an old 15-digit number upgraded to 18 digits (``from_15``)."""
    return from_15(compact(expr).str.to_uppercase())


OLD_ID = r"^\d{15}$"


def from_15(expr: pl.Expr) -> pl.Expr:
    """An old 15-digit ID number (issued before 1999: 6-digit region, YYMMDD, 3-digit sequence)
    -> its 18-digit form by GB 11643-1999: "19" inserted before the year, check character
    appended. Anything else is returned as it is."""
    body = expr.str.slice(0, 6) + pl.lit("19") + expr.str.slice(6, 9)
    return pl.when(expr.str.contains(OLD_ID)).then(body + expected_check_char(body)).otherwise(expr)


def expected_check_char(first17: pl.Expr) -> pl.Expr:
    """``check_char`` over a column: the check character of 17 digits (null when a character is
    not an ASCII digit: callers test the digits first)."""
    total = pl.sum_horizontal([first17.str.slice(i, 1).cast(pl.Int64, strict=False) * w
                               for i, w in enumerate(WEIGHTS)], ignore_nulls=False)
    return pl.lit(CHECK_CHARS).str.slice(total % 11, 1)


def id_problem(expr: pl.Expr) -> pl.Expr:
    """Null when the (normalised) ID number is valid, else the reason in Chinese."""
    s = expr
    expected = expected_check_char(s.str.slice(0, 17))
    birth = s.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    # An ID Excel stored as a number comes out as '6.22922E+17', as 15 significant digits padded
    # with zeros ('…011000'), or (read from .xlsx) as the exact value of the double nearest to the
    # ID ('…010944'): 18 digits that survive a round trip through a double. Such digits are
    # blamed on Excel only when the check character fails too, so no valid ID is ever refused.
    digits18 = s.str.contains(r"^[0-9]{18}$")
    via_double = s.cast(pl.Float64, strict=False).cast(pl.Int64, strict=False) == s.cast(pl.Int64, strict=False)
    looks_like_number = s.str.contains(r"(?i)^\d(\.\d+)?E\+?\d+$") | (
        digits18 & (s.str.ends_with("000") | via_double) & (s.str.slice(17, 1) != expected))
    return (
        pl.when(looks_like_number)
        .then(pl.lit("身份证号被 Excel 存成了数字，后几位已丢失（如 6.22922E+17）：请把该列设为“文本”格式，重新录入完整的 18 位号码"))
        .when(s.str.len_chars() != 18)
        .then(pl.format("身份证号应为 18 位，这里是 {} 位：请核对", s.str.len_chars()))
        .when(~s.str.contains(r"^[0-9]{17}[0-9X]$"))  # ASCII digits: \d would take any script's
        .then(pl.lit("身份证号含有非数字字符（只有最后一位可以是 X）：请核对"))
        .when(birth.is_null() | (birth < dt.date(1900, 1, 1)) | (birth > dt.date.today()))
        .then(pl.lit("身份证号中的出生日期不存在：请核对第 7–14 位"))
        .when(s.str.slice(17, 1).ne_missing(expected))
        .then(pl.format("身份证号校验位不对（按 GB 11643 应为 {}）：请核对号码是否录错", expected))
        .otherwise(None)
    )


def mask_id(expr: pl.Expr) -> pl.Expr:
    """'622922198001011234' -> '622***********1234' (3 + 11 stars + 4)."""
    return pl.when(expr.is_null()).then(None).otherwise(
        pl.concat_str([expr.str.slice(0, 3), pl.lit("*" * 11), expr.str.slice(14, 4)]))


# An ID number in any written form: 18 characters (17 digits and a check digit or X) or the old
# 15 digits, in half- or full-width digits, with single spaces, hyphens or dots anywhere
# between them ("622922 1975 0205 3433", "622922-19750205-3433").
_D, _SEP, _LAST = "[0-9０-９]", "[ \\-.\u3000]", "[0-9０-９XxＸｘ]"
_ID_TEXT = re.compile(rf"(?<![0-9０-９])({_D}(?:{_SEP}?{_D}){{13}}(?:(?:{_SEP}?{_D}){{3}})?{_SEP}?{_LAST})(?!{_LAST})")
# The same for polars (Rust's regex has no look-around: the neighbours are matched as groups 1
# and 4, so two IDs one character apart need a second pass; ``mask_ids`` makes two). The
# masked form keeps the length: 3 + 11 stars + 4 for 18 characters, 3 + 8 stars + 4 for 15.
_EDGE = "[^0-9０-９XxＸｘ]"
ID_PATTERN = (rf"(^|[^0-9０-９])({_D}{{3}})(?:{_SEP}?{_D}){{11}}((?:{_SEP}?{_D}){{3}}{_SEP}?{_LAST})({_EDGE}|$)")
ID_MASK = "${1}${2}***********${3}${4}"
ID15_PATTERN = rf"(^|[^0-9０-９])({_D}{{3}})(?:{_SEP}?{_D}){{8}}((?:{_SEP}?{_D}){{4}})({_EDGE}|$)"
ID15_MASK = "${1}${2}********${3}${4}"


def _masked(match: re.Match) -> str:
    chars = re.sub(_SEP, "", match.group(1))
    return chars[:3] + "*" * (len(chars) - 7) + chars[-4:]


def mask_text(text: str) -> str:
    """Scalar masking of anything that looks like an ID number inside free text, in any of
    its written forms (see ``_ID_TEXT``): ``110***********002X``, ``622********8031``."""
    return _ID_TEXT.sub(_masked, text) if text else text


def mask_ids(expr: pl.Expr) -> pl.Expr:
    """``mask_text`` for a polars String column (keeps the first 3 and last 4 characters)."""
    for pattern, mask in ((ID_PATTERN, ID_MASK), (ID15_PATTERN, ID15_MASK)):
        expr = expr.str.replace_all(pattern, mask).str.replace_all(pattern, mask)
    return expr


class Secret(bytes):
    """The warehouse's secret, remembering the keys it has made (token -> key).

    A province's teacher appears in five rosters, five participation files and the award
    files: each ID is hashed once per load (``load_paths`` reads the secret once per load, so
    the memory lives as long as the load's own copy of the files).
    """

    def __new__(cls, value: bytes) -> "Secret":
        obj = super().__new__(cls, value)
        obj.known = pl.DataFrame(schema={"token": pl.String, "_h": pl.UInt64, "key": pl.String})
        return obj


def load_secret(path: Path) -> bytes:
    """Read the warehouse's secret, creating it (mode 0600) on first use."""
    try:
        return Secret(bytes.fromhex(path.read_text().strip()))
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        return Secret(bytes.fromhex(path.read_text().strip()))


def teacher_key(secret: bytes, token: str) -> str:
    return hmac.digest(secret, token.encode(), "sha256").hex()[:KEY_HEX_CHARS]  # one-shot C path


def _keyer(secret: bytes):
    """teacher_key for many tokens: HMAC (RFC 2104) with the padded key's SHA-256 states made once
    and copied per token, 2.6× faster than ``hmac.digest``, which pads the key on every call."""
    block = (hashlib.sha256(secret).digest() if len(secret) > 64 else secret).ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def key(token: str) -> str:
        i = inner.copy()
        i.update(token.encode())
        o = outer.copy()
        o.update(i.digest())
        return o.hexdigest()[:KEY_HEX_CHARS]
    return key


def key_column(secret: bytes, ids: pl.Series) -> pl.Series:
    """HMAC of each distinct value only (a participation file repeats each teacher many times),
    and only once per load for a ``Secret`` (which remembers the keys it made). Tokens are
    matched by a 64-bit hash, checked against the token itself (see etl.validate.by_unique)."""
    tokens = ids.to_frame("token").with_columns(pl.col("token").hash(TOKEN_HASH_SEED).alias("_h"))
    uniq = tokens.drop_nulls("token").unique(subset="_h", keep="any")
    known = getattr(secret, "known", None)
    todo = uniq if known is None else uniq.join(known.select("_h"), on="_h", how="anti")
    key = _keyer(secret)
    mapping = todo.with_columns(pl.Series("key", [key(t) for t in todo["token"].to_list()], dtype=pl.String))
    if known is not None:
        mapping = secret.known = pl.concat([known, mapping])
    out = tokens.select("_h").join(mapping, on="_h", how="left", maintain_order="left")
    if out["token"].eq_missing(ids).all():
        return out["key"]
    distinct = ids.drop_nulls().unique().to_list()  # two tokens shared a hash: key them exactly
    exact = pl.DataFrame({"token": distinct, "key": [key(t) for t in distinct]},
                         schema={"token": pl.String, "key": pl.String})
    return ids.to_frame("token").join(exact, on="token", how="left", maintain_order="left")["key"]
