"""access.accounts: the accounts file, argon2 hashes, the login check and its throttle."""
from __future__ import annotations

import json
import stat

import pytest

from access.accounts import (
    Account, AccountsError, AccountsFile, Outcome, active_user, authenticate, editing,
    hash_password, read_accounts, write_accounts,
)


@pytest.fixture(scope="module")
def hashed() -> str:
    return hash_password("correct horse")


@pytest.fixture()
def accounts(hashed) -> AccountsFile:
    return AccountsFile(accounts={
        "zhang": Account(role="school", schools=["1100000001"], name="张校长", password_hash=hashed),
        "li": Account(role="analyst", password_hash=hashed, disabled=True),
        "wang@bureau.gov.cn": Account(role="leader", oidc=True),  # OIDC only: no password
    })


def test_the_right_password_logs_in_with_role_and_schools(accounts):
    result = authenticate(accounts, "zhang", "correct horse")
    assert result.outcome is Outcome.OK
    assert (result.user.username, result.user.role, result.user.schools, result.user.label) == (
        "zhang", "school", frozenset({"1100000001"}), "张校长")


def test_a_wrong_password_is_refused(accounts):
    result = authenticate(accounts, "zhang", "correct horsE")
    assert (result.outcome, result.user) == (Outcome.BAD_CREDENTIALS, None)


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(accounts):
    assert authenticate(accounts, "nobody", "correct horse").outcome is Outcome.BAD_CREDENTIALS


def test_a_disabled_account_is_refused_even_with_the_right_password(accounts):
    result = authenticate(accounts, "li", "correct horse")
    assert (result.outcome, result.user) == (Outcome.DISABLED, None)


def test_a_disabled_account_with_a_wrong_password_does_not_say_it_is_disabled(accounts):
    assert authenticate(accounts, "li", "wrong password").outcome is Outcome.BAD_CREDENTIALS


def test_an_oidc_only_account_cannot_log_in_with_any_password(accounts):
    assert authenticate(accounts, "wang@bureau.gov.cn", "").outcome is Outcome.BAD_CREDENTIALS
    assert authenticate(accounts, "wang@bureau.gov.cn", "anything").outcome is Outcome.BAD_CREDENTIALS


def test_the_hash_is_argon2id_and_never_the_password(hashed):
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed


def test_a_short_password_is_refused():
    with pytest.raises(AccountsError, match="至少 8 个字符"):
        hash_password("1234567")


def test_failures_slow_the_guessing_address_not_the_owner(accounts):
    from access.throttle import LoginGuard

    now = [1000.0]
    guard = LoginGuard(clock=lambda: now[0])
    for _ in range(3):  # three free failures for the pair (guesser's address, zhang)
        assert authenticate(accounts, "zhang", "guess", guard, "203.0.113.66").outcome is Outcome.BAD_CREDENTIALS
    # The guesser now waits 1 s for this user, even with the right password ...
    result = authenticate(accounts, "zhang", "correct horse", guard, "203.0.113.66")
    assert (result.outcome, result.wait) == (Outcome.THROTTLED, 1.0)
    # ... while the owner, from their own address, logs in at once: nothing is locked.
    assert authenticate(accounts, "zhang", "correct horse", guard, "198.51.100.7").outcome is Outcome.OK
    now[0] += 1
    assert authenticate(accounts, "zhang", "correct horse", guard, "203.0.113.66").outcome is Outcome.OK


def test_a_school_account_needs_a_school():
    with pytest.raises(ValueError, match="至少指定一所学校"):
        Account(role="school")


def test_the_file_is_written_with_mode_600_and_read_back(tmp_path, accounts):
    path = tmp_path / "w.duckdb.accounts.json"
    write_accounts(path, accounts)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_accounts(path) == accounts


def test_no_file_means_none_and_a_broken_file_is_an_error(tmp_path):
    path = tmp_path / "accounts.json"
    assert read_accounts(path) is None
    path.write_text("{not json")
    with pytest.raises(AccountsError, match="已损坏"):
        read_accounts(path)
    path.write_text(json.dumps({"version": 1, "accounts": {"x": {"role": "god"}}}))
    with pytest.raises(AccountsError):
        read_accounts(path)


def test_editing_keeps_other_accounts(tmp_path, accounts):
    path = tmp_path / "accounts.json"
    write_accounts(path, accounts)
    with editing(path) as data:
        data.accounts["zhang"].disabled = True
    again = read_accounts(path)
    assert again.accounts["zhang"].disabled and set(again.accounts) == set(accounts.accounts)


def test_an_account_disabled_after_login_ends_the_session(accounts):
    assert active_user(accounts, "zhang").role == "school"
    accounts.accounts["zhang"].disabled = True
    assert active_user(accounts, "zhang") is None
    assert active_user(accounts, "removed") is None
    assert active_user(None, "zhang") is None
