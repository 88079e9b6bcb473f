"""Clean failures: a full disk (or a file-size limit) and an unreadable file end the command
line with a Chinese message and exit code 1, no traceback, and no staging file left behind."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_etl(args, fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit():
        if fsize is not None:  # writes past this many bytes fail with EFBIG, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=limit, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def schools(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "学校名册.csv"
    path.write_text("学校代码,学校名称,学段,所属乡镇,城乡类型\n" + "".join(
        f"9{i:09d},学校{i},小学,附城镇,城区\n" for i in range(n)), encoding="utf-8")
    return path


def test_a_full_disk_gives_a_message_and_leaves_nothing_behind(tmp_path):
    live = tmp_path / "w.duckdb"
    first = run_etl(["load", str(schools(tmp_path / "a", 3)), "--warehouse", str(live)])
    assert first.returncode == 0, first.stderr
    before = live.read_bytes()
    result = run_etl(["load", str(schools(tmp_path / "b", 20_000)), "--warehouse", str(live)],
                     fsize=live.stat().st_size + 64 * 1024)
    assert result.returncode == 1
    assert result.stderr.startswith("错误：") and "Traceback" not in result.stderr
    assert "磁盘空间不足或文件超过系统允许的大小" in result.stderr
    assert live.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("w.duckdb")) == \
        ["w.duckdb", "w.duckdb.lock", "w.duckdb.secret", "w.duckdb.verified"]


def test_an_unreadable_file_is_a_message(tmp_path):
    path = schools(tmp_path / "a", 3)
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root: permissions do not stop reading
        path.chmod(0o644)
        path.write_bytes(b"\x00\x01\x02 not text")
    result = run_etl(["load", str(path), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "[失败] 学校名册.csv" in result.stdout
