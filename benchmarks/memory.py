"""Peak memory of the current process: the kernel's high-water mark, checked by sampling.

``VmHWM`` in /proc/self/status and ``ru_maxrss`` are the resident-set peak the kernel keeps;
a sampling thread (every 50 ms) reads ``VmRSS`` as well, so a phase of a long run can be
measured on its own (``PeakMemory`` around a block), not only the process as a whole.
"""
from __future__ import annotations

import resource
import threading
import time

GIB = 1024 ** 3


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_bytes() -> int:
    kib = _status_kib("VmRSS")
    return (kib or 0) * 1024


def process_peak_bytes() -> int:
    """The process's resident peak so far (max of VmHWM and ru_maxrss, both in KiB on Linux)."""
    hwm = _status_kib("VmHWM") or 0
    return max(hwm, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


class PeakMemory:
    """``with PeakMemory() as peak: ...`` then ``peak.bytes``: the largest RSS sampled inside."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.bytes = max(self.bytes, rss_bytes())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self.bytes = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.bytes = max(self.bytes, rss_bytes())


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call, on the monotonic clock."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out
