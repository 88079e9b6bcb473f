"""Run the parsing of uploaded files in a child process with memory, CPU and time limits.

A spreadsheet reader that aborts (calamine's allocation failures end the process with
SIGABRT) or runs away must not take the dashboard's server down with it, nor starve the
other sessions. ``call("module:function", *args)`` runs that function in a fresh Python
process (``python -m etl.sandbox``), which first limits itself:

- address space (``RLIMIT_AS``) to ``memory_mb`` more than the loaded code maps: an
  allocation past it fails in the child;
- CPU seconds (``RLIMIT_CPU``) to ``seconds``; and the parent kills the child's process
  group after ``seconds`` of wall time, whatever it is doing;
- no core dumps.

Arguments and the result cross the pipe pickled (the child is this same code base; the
hostile input is the file's bytes inside the arguments). Only functions of the modules
in ``ALLOWED`` can be called. Any failure of the child becomes ``SandboxError`` with a
Chinese message for the clerk; the details go to the server log, ID numbers masked.
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import shutil
import subprocess
import sys
import tempfile

import settings
from etl.identity import mask_text

log = logging.getLogger(__name__)

PREVIEW_MEMORY_MB = int(os.environ.get("PREVIEW_MEMORY_MB", "3072"))
PREVIEW_SECONDS = int(os.environ.get("PREVIEW_SECONDS", "120"))
LOAD_MEMORY_MB = int(os.environ.get("IMPORT_MEMORY_MB", "4096"))
LOAD_SECONDS = int(os.environ.get("IMPORT_SECONDS", "1800"))
ALLOWED = ("etl.", "ui.importing:")


class SandboxError(Exception):
    """The child failed, ran out of memory or time; ``str(exc)`` is for the clerk."""


def call(target: str, *args, memory_mb: int | None = None, seconds: int | None = None,
         what: str = "读取上传的文件", **kwargs):
    """``module:function(*args, **kwargs)`` in a limited child process; its return value.

    An exception the function raises is raised again here when it can be pickled (the ETL's
    own errors carry their Chinese messages); a crash, a limit or a timeout is ``SandboxError``.
    """
    if not target.startswith(ALLOWED):
        raise ValueError(f"not allowed in the sandbox: {target}")
    memory_mb = memory_mb or PREVIEW_MEMORY_MB
    seconds = seconds or PREVIEW_SECONDS
    request = pickle.dumps((target, args, kwargs, memory_mb, seconds))
    # The child's temporary files go in a folder of its own, removed here even when it is killed.
    scratch = tempfile.mkdtemp(prefix="sandbox-")
    env = {**os.environ, "PYTHONPATH": str(settings.ROOT), "TMPDIR": scratch, "RUST_BACKTRACE": "0",
           # glibc reserves 64 MB of address space per thread's malloc arena: with duckdb's and
           # polars' threads that alone would eat the budget below without using memory
           "MALLOC_ARENA_MAX": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "etl.sandbox"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=settings.ROOT, env=env,
                            start_new_session=True)  # its own process group, killed as one
    try:
        out, err = proc.communicate(request, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise SandboxError(f"{what}超过 {seconds} 秒仍未完成，已中止（服务器未受影响）："
                           "文件可能过大或结构异常，请拆分后重试，或用 Excel 打开后另存为 .xlsx 再导入") from None
    except BaseException:
        _kill(proc)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if proc.returncode == 0 and out:
        status, value = pickle.loads(out)
        if status == "ok":
            return value
        if isinstance(value, BaseException):
            raise value
        raise SandboxError(str(value))
    detail = mask_text(err.decode("utf-8", "replace"))[-2000:]
    log.error("sandboxed %s ended with %s: %s", target, proc.returncode, detail)
    if proc.returncode in (-signal.SIGKILL, -signal.SIGXCPU) or "memory allocation" in detail \
            or "MemoryError" in detail or proc.returncode == -signal.SIGABRT:
        raise SandboxError(f"{what}时超出了内存（{memory_mb:,} MB）或计算时间的上限，已中止（服务器未受影响）："
                           "文件可能有大量空白行列或结构异常，请删除表格以外的内容、拆分后重试")
    raise SandboxError(f"{what}时读取程序意外退出（代码 {proc.returncode}），已中止（服务器未受影响）："
                       "请用 Excel 打开后另存为 .xlsx 再导入")


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _limit(memory_mb: int, seconds: int) -> None:
    import resource

    # The budget is on top of what the loaded code already maps (duckdb, polars and their
    # thread pools reserve address space they never touch), so it measures the file's reading.
    budget = (_mapped_bytes() or 0) + (memory_mb << 20)
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1  # the imports' CPU time is not the file's
    resource.setrlimit(resource.RLIMIT_CPU, (spent + seconds, spent + seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _mapped_bytes() -> int | None:
    """This process's address space now (VmSize), or None where /proc does not say."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _child() -> int:
    target, args, kwargs, memory_mb, seconds = pickle.loads(sys.stdin.buffer.read())
    # The result goes to the real stdout; anything the code prints goes to stderr (the log).
    result = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    import importlib

    module, _, name = target.partition(":")
    # Our own code and its libraries load before the limits: mapping a large extension module
    # (duckdb's) counts against the address space, and an import is not the hostile part.
    for library in ("duckdb", "polars", "fastexcel"):
        importlib.import_module(library)
    function = getattr(importlib.import_module(module), name)
    _limit(memory_mb, seconds)
    try:
        value = ("ok", function(*args, **kwargs))
    except Exception as exc:  # sent back to be raised in the parent, or shown as text
        try:
            pickle.dumps(exc)
            value = ("error", exc)
        except Exception:
            value = ("error", mask_text(f"{type(exc).__name__}: {exc}"))
    result.write(pickle.dumps(value))
    result.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
