"""A file uploaded through the import page: checked, staged, loaded or previewed in the sandbox.

The import page hands the uploaded files' names and bytes to ``import_uploads``: each goes
through ``etl.upload_check.check_upload``; only files that pass are written (under a cleaned name) to a
private temporary folder and given to ``etl.load.load_paths`` through ``guarded_load``.
What is checked, and why:

- size: at most ``MAX_UPLOAD_MB`` (the same number as ``server.maxUploadSize`` in
  ``.streamlit/config.toml``), so one file cannot exhaust the server's memory;
- type, from the content, not the name: an .xlsx is a zip holding ``[Content_Types].xml``
  and an ``xl/`` workbook part; an .xls is an OLE2 compound file; a .csv is text that
  decodes (UTF-8 / GBK / GB18030 / UTF-16) and holds no NUL or other control bytes.
  Web pages and XML saved as ".xls" by some bureau systems are recognised and explained;
- zip bombs: the sum of the declared uncompressed sizes is capped at
  ``MAX_UNCOMPRESSED_MB``, each member's compression ratio at ``MAX_RATIO``, and the
  members are then actually inflated in chunks with the same cap, so a lying header gains
  nothing;
- what a spreadsheet reader would allocate (``etl.workbook_limits``: the grid its cells span,
  columns, cells, shared strings), measured from the XML before any reader sees it;
- anything the ETL itself throws is turned into a message (the warehouse is untouched,
  since a load swaps files atomically) and the traceback goes to the server log, masked.

The preview and the load both run in a child process with memory and time limits
(``etl.sandbox``): a reader that aborts or runs away ends that child, never the server.
Previews are cached per set of uploaded files (their SHA-256), so a rerun of the page does
not parse them again.

Every message is in Chinese and names the file.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
import traceback
import uuid
from collections import OrderedDict
from pathlib import Path

from etl import sandbox
from etl.identity import mask_text
from etl.upload_check import UploadRejected, check_upload

log = logging.getLogger(__name__)


def stage_uploads(files: list[tuple[str, bytes]], folder: Path | None = None) -> tuple[list[Path], list[str]]:
    """Check every ``(name, bytes)``; write the good ones to a fresh private folder.

    Returns ``(paths to load, messages for refused files)``. The folder (``folder`` or a new
    temporary one, mode 0700) holds one subfolder per file, so two uploads with the same
    name do not overwrite each other and the cleaned name is kept for the ETL's messages.
    The caller removes the folder when the load is done.
    """
    root = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="upload-"))
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths, refused = [], []
    for name, data in files:
        try:
            checked = check_upload(name, data)
        except UploadRejected as exc:
            refused.append(str(exc))
            continue
        target = root / uuid.uuid4().hex / checked.name
        target.parent.mkdir(mode=0o700)
        target.write_bytes(checked.data)
        paths.append(target)
    return paths, refused


def guarded_load(paths: list[Path], warehouse: Path | None = None, kind: str | None = None, given=None):
    """``etl.load.load_paths``, but an unexpected error becomes ``(None, message)``.

    Returns ``(LoadReport, "")`` normally. A load swaps the warehouse atomically, so after
    an error nothing has changed; the traceback goes to the server log with ID numbers
    masked, and the clerk gets a message and an error number to quote.
    """
    from etl.load import load_paths
    from etl.warehouse_io import WarehouseDamaged
    from etl.warehouse_secret import SecretError

    try:
        return load_paths(paths, warehouse, kind, given), ""
    except (SecretError, WarehouseDamaged) as exc:  # refusals that say what to do
        return None, str(exc)
    except OSError as exc:
        return None, (f"导入 {'、'.join(Path(p).name for p in paths)} 时读写文件失败（{exc.strerror or exc}），"
                      "已中止，数据仓库未作任何更改：若磁盘已满，请系统管理员清理后重试。")
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.error("import failed [%s]: %s", ref, mask_text(traceback.format_exc()))
        names = "、".join(Path(p).name for p in paths)
        return None, (f"导入 {names} 时出现意外错误，数据仓库未作任何更改。请检查文件后重试；"
                      f"如仍失败，请把错误编号 {ref} 告诉系统管理员。")


def import_here(files: list[tuple[str, bytes]], folder: Path, warehouse: Path | None = None,
                kind: str | None = None, given=None):
    """Check, stage and load, in this process (``import_uploads`` runs it in the sandbox)."""
    paths, messages = stage_uploads(files, folder)
    if not paths:
        return None, messages
    report, error = guarded_load(paths, warehouse, kind, given)
    return report, messages + ([error] if error else [])


def import_uploads(files: list[tuple[str, bytes]], warehouse: Path | None = None, kind: str | None = None,
                   given=None):
    """What the import page calls: check, stage, load, clean up, in a limited child process.

    ``files`` are the uploads' ``(name, bytes)``. Returns ``(LoadReport or None, messages)``:
    the messages name each refused file and any unexpected error; the report covers the
    files that passed the checks (None when none did or the load failed). The staging
    folder and any staging copy of the warehouse are removed here, even when the child was
    killed.
    """
    from etl.warehouse_io import remove_stale_stages
    import settings

    folder = Path(tempfile.mkdtemp(prefix="upload-"))
    target = Path(warehouse) if warehouse else settings.warehouse_path()
    try:
        return sandbox.call("etl.upload_guard:import_here", files, folder, target, kind, given,
                            memory_mb=sandbox.LOAD_MEMORY_MB, seconds=sandbox.LOAD_SECONDS, what="导入")
    except sandbox.SandboxError as exc:
        return None, [str(exc)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        remove_stale_stages(target)


def signature(files: list[tuple[str, bytes]], kind: str | None, warehouse: Path, given=None) -> str:
    """What a preview depends on: the files, the kind asked for, the answers given (year,
    programme), and the warehouse's state."""
    digest = hashlib.sha256(f"{kind}|{given!r}".encode())
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    if warehouse.exists():
        stat = warehouse.stat()
        digest.update(f"{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def _masked(report, messages: list[str]):
    """A preview's messages and reasons with ID numbers masked (its sample rows are masked
    where they are made; headers, file and sheet names are shown as they were read)."""
    if report is not None:
        for r in report.results:
            r.message = mask_text(r.message)
            r.first_reasons = [mask_text(x) for x in r.first_reasons]
    return report, [mask_text(m) for m in messages]


PREVIEW_TARGET = "ui.importing:preview"  # (files, warehouse, kind, given) -> (LoadReport | None, refused)
_previews: OrderedDict = OrderedDict()
_previews_lock = threading.Lock()
PREVIEWS_KEPT = 8


def preview_uploads(files: list[tuple[str, bytes]], warehouse: Path | None = None, kind: str | None = None,
                    given=None):
    """The import page's dry run of ``files``, parsed in the sandbox and cached.

    Returns ``(LoadReport or None, messages)`` as ``ui.importing.preview`` does; when the
    child fails (memory, time, a reader's crash), ``(None, [the message])``. The cache key is
    the files' content, the kind, the answers given and the warehouse's state
    (``signature``), so a rerun does not parse again and a load makes it stale.
    """
    import settings

    target = Path(warehouse) if warehouse else settings.warehouse_path()
    key = signature(files, kind, target, given)
    with _previews_lock:
        if key in _previews:
            _previews.move_to_end(key)
            return _previews[key]
    try:
        result = sandbox.call(PREVIEW_TARGET, files, target, kind, given, what="预览上传的文件")
    except sandbox.SandboxError as exc:
        result = (None, [str(exc)])
    result = _masked(*result)
    with _previews_lock:
        _previews[key] = result
        while len(_previews) > PREVIEWS_KEPT:
            _previews.popitem(last=False)
    return result
