"""Login under attack, end to end (#15): the real server on 127.0.0.1, a browser guessing the
owner's password from one address while the owner logs in from another.

The outcomes only: the guesser is refused before any password check once past its free
attempts, and the owner gets in every time during the attack. How long the owner's login
takes under attack against idle is measured by ``benchmarks/login_under_attack.py`` (speed is
never a timed assertion in a test); docs/deployment.md gives the figures.
"""
from __future__ import annotations

import pytest

from benchmarks.login_under_attack import scenario

pytestmark = pytest.mark.browser


def test_the_owner_logs_in_while_a_guesser_is_refused(tmp_path):
    out = scenario(seconds=25, guessers=1, logins=2, folder=tmp_path)
    assert len(out.idle) == 2 and len(out.attacked) >= 2  # every owner login reached the overview
    # Per address: 10 attempts at once, then one per 6 s, so of the guesser's attempts in 25 s at
    # most 10 + 25 / 6 (+1 for timing) reached a password check; the rest were refused unchecked.
    checked = out.guesses.get("用户名或密码不正确", 0)
    assert 3 <= checked <= 10 + 25 // 6 + 1, out.guesses
    assert out.guesses.get("尝试次数过多", 0) > 0, out.guesses
    assert set(out.guesses) <= {"用户名或密码不正确", "尝试次数过多"}, out.guesses
