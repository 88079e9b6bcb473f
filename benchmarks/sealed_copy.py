"""A copy of a warehouse as a live one stands between loads, for the benchmarks that load into one."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import settings
from etl import warehouse_io


def sealed_copy(source: Path, target: Path) -> Path:
    """Copy ``source`` and its secret to ``target``, then seal the copy: a live warehouse was
    read in full and sealed by the load that swapped it in (``etl.warehouse_io``), so a load
    into the copy does not time a full read that only a restored or copied file needs."""
    shutil.copyfile(source, target)
    shutil.copyfile(settings.secret_path(source), settings.secret_path(target))
    os.chmod(settings.secret_path(target), 0o600)
    warehouse_io.seal(target)
    return target
