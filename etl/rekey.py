"""Re-keying: ``python -m etl rekey 原始文件夹/`` rebuilds the warehouse from the raw files
under a new secret, deliberately (``etl.warehouse_secret`` says why a load refuses otherwise)."""
from __future__ import annotations

import os
from pathlib import Path

import settings
from etl.load import load_paths
from etl.warehouse_io import WarehouseDamaged, damage_message, seal, seal_path, swap_in, verify, writer_lock
from etl.warehouse_secret import keep_aside


def rekey(paths: list[Path], target: Path):
    """Rebuild ``target`` from the raw files under a new secret, deliberately.

    The keys cannot be translated (the ID numbers are not kept), so re-keying is a rebuild:
    the files are loaded into a fresh warehouse beside the live one with a fresh secret, which
    is read in full, then swapped in. The replaced warehouse becomes ``.prev`` (as after any
    load) and the replaced secret ``<secret>.replaced-<time>``. Returns the ``LoadReport``.
    """
    fresh = target.with_name(f".{target.name}.rekey-{os.getpid()}")
    leftovers = [fresh, settings.secret_path(fresh), fresh.with_name(fresh.name + ".lock"),
                 fresh.with_name(fresh.name + ".wal"), seal_path(fresh)]
    for path in leftovers:
        path.unlink(missing_ok=True)
    try:
        report = load_paths(paths, fresh)
        if not report.ok or not fresh.exists():
            return report
        with writer_lock(target):
            if bad := verify(fresh):
                raise WarehouseDamaged(damage_message(fresh, bad))
            keep_aside(settings.secret_path(target))
            os.replace(settings.secret_path(fresh), settings.secret_path(target))
            swap_in(fresh, target)  # the replaced warehouse becomes .prev, as after any load
            seal(target)            # read in full just above
        report.warehouse = target
        return report
    finally:
        for path in leftovers:
            path.unlink(missing_ok=True)
