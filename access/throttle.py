"""Login under attack: rate limits per client address and for the whole server, a cap on
concurrent password checks, and a delay per (address, user) that grows with each failure.

A password check is argon2id (about 64 MiB and a good part of a second of CPU), so every
limit here is applied *before* the check and refuses with a message saying how long to
wait; nothing sleeps on the server. None of them locks an account: a guesser slows only
itself (its address, and its address with that user name), never the owner logging in from
elsewhere. The figures (docs/deployment.md, "登录限流"):

- ``ADDRESS_BURST`` attempts per client address, then one per ``ADDRESS_REFILL`` seconds;
- ``GLOBAL_BURST`` attempts for the whole server, then ``GLOBAL_PER_SECOND`` a second;
- at most ``MAX_CONCURRENT_CHECKS`` argon2 checks at once (others wait up to
  ``CHECK_WAIT`` seconds, then are told the server is busy): memory stays under
  ``MAX_CONCURRENT_CHECKS`` × 64 MiB;
- after ``FREE_FAILURES`` failures for an (address, user) pair, the next attempt for that
  pair waits ``2 ** (failures - FREE_FAILURES)`` seconds, at most ``MAX_DELAY``; a success
  clears the pair.

All state is in memory, per server process (a restart clears it); ``clock`` is injectable
so tests need no waiting.
"""
from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import Iterator

ADDRESS_BURST, ADDRESS_REFILL = 10, 6.0       # 10 at once, then 10 a minute per address
GLOBAL_BURST, GLOBAL_PER_SECOND = 60, 2.0     # 60 at once, then 120 a minute for everyone
MAX_CONCURRENT_CHECKS, CHECK_WAIT = 2, 10.0
FREE_FAILURES, MAX_DELAY = 3, 300.0
MAX_TRACKED = 100_000                          # addresses / pairs remembered (oldest dropped)


@dataclass
class Verdict:
    allowed: bool
    reason: str = ""       # address | global | pair | busy
    wait: float = 0.0      # seconds until an attempt may succeed


class _Bucket:
    __slots__ = ("tokens", "stamp")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens, self.stamp = tokens, stamp


class LoginGuard:
    def __init__(self, clock=time.monotonic, address_burst: int = ADDRESS_BURST,
                 address_refill: float = ADDRESS_REFILL, global_burst: int = GLOBAL_BURST,
                 global_per_second: float = GLOBAL_PER_SECOND, max_checks: int = MAX_CONCURRENT_CHECKS,
                 check_wait: float = CHECK_WAIT, free_failures: int = FREE_FAILURES,
                 max_delay: float = MAX_DELAY) -> None:
        self.clock = clock
        self.address_burst, self.address_refill = address_burst, address_refill
        self.global_burst, self.global_per_second = global_burst, global_per_second
        self.free_failures, self.max_delay, self.check_wait = free_failures, max_delay, check_wait
        self._lock = threading.Lock()
        self._checks = threading.BoundedSemaphore(max_checks)
        self._addresses: dict[str, _Bucket] = {}
        self._global = _Bucket(float(global_burst), clock())
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}  # pair -> (failures, last failure)

    # ------------------------------------------------------------------ limits
    def _refill(self, bucket: _Bucket, burst: int, per_second: float, now: float) -> None:
        bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.stamp) * per_second)
        bucket.stamp = now

    def pair_delay(self, failures: int) -> float:
        if failures < self.free_failures:
            return 0.0
        return min(self.max_delay, 2.0 ** (failures - self.free_failures))

    def admit(self, address: str, username: str) -> Verdict:
        """May this attempt go on to a password check? Takes a token from the address and the
        global bucket when it may."""
        now = self.clock()
        with self._lock:
            failures, last = self._failures.get((address, username), (0, now))
            wait = last + self.pair_delay(failures) - now if failures >= self.free_failures else 0.0
            if wait > 0:
                return Verdict(False, "pair", wait)
            bucket = self._addresses.get(address)
            if bucket is None:
                if len(self._addresses) >= MAX_TRACKED:
                    self._addresses.pop(next(iter(self._addresses)))
                bucket = self._addresses[address] = _Bucket(float(self.address_burst), now)
            self._refill(bucket, self.address_burst, 1.0 / self.address_refill, now)
            if bucket.tokens < 1:
                return Verdict(False, "address", (1 - bucket.tokens) * self.address_refill)
            self._refill(self._global, self.global_burst, self.global_per_second, now)
            if self._global.tokens < 1:
                return Verdict(False, "global", (1 - self._global.tokens) / self.global_per_second)
            bucket.tokens -= 1
            self._global.tokens -= 1
            return Verdict(True)

    @contextlib.contextmanager
    def checking(self) -> Iterator[bool]:
        """Hold one of the concurrent-check slots; yields False when none came free in time."""
        got = self._checks.acquire(timeout=self.check_wait)
        try:
            yield got
        finally:
            if got:
                self._checks.release()

    def failed(self, address: str, username: str) -> None:
        with self._lock:
            if len(self._failures) >= MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))
            count, _ = self._failures.get((address, username), (0, 0.0))
            self._failures[(address, username)] = (count + 1, self.clock())

    def succeeded(self, address: str, username: str) -> None:
        with self._lock:
            self._failures.pop((address, username), None)
