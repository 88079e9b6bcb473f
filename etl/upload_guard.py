"""Checks on a file uploaded through the import page, before the ETL reads a byte of it.

The import page hands the uploaded files' names and bytes to ``import_uploads``: each goes
through ``check_upload``; only files that pass are written (under a cleaned name) to a
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
import io
import logging
import re
import shutil
import tempfile
import threading
import traceback
import unicodedata
import uuid
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from etl import sandbox
from etl.identity import mask_text
from etl.workbook_limits import problem as workbook_problem

log = logging.getLogger(__name__)

MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNCOMPRESSED_MB = 200
MAX_UNCOMPRESSED_BYTES = MAX_UNCOMPRESSED_MB * 1024 * 1024
MAX_RATIO = 200          # real workbooks compress 5–30× (POI refuses at 100×); bombs 1000× and more
RATIO_FLOOR = 1024 * 1024  # tiny members (styles, a sheet of blanks) may compress very well
MAX_MEMBERS = 5000
CHUNK = 1024 * 1024
# Control characters no spreadsheet text holds (tab, line ends, form feed and the old DOS
# end-of-file mark \x1a are allowed).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")  # a password-protected .xlsx is OLE2
WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin")
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
SUFFIX_FOR = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "csv": ".csv"}
ACCEPTED_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".txt"}


class UploadRejected(Exception):
    """A file refused before loading; ``str(exc)`` is the message for the clerk."""


@dataclass(frozen=True)
class CheckedUpload:
    name: str       # the cleaned file name it will be loaded under (also in etl_batch)
    kind: str       # xlsx | xls | ods | csv, from the content
    size: int
    data: bytes


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def clean_name(name: str, kind: str) -> str:
    """A safe file name: no folders, no control or path characters, the suffix of its content.

    The original suffix is kept when it agrees with the content (``报表.xlsm`` stays), so a
    file uploaded twice keeps one name and the ETL recognises it as unchanged.
    """
    base = mask_text(re.split(r"[\\/]", name or "")[-1])  # an ID number in a file name is never kept
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[<>:"|?*]+', "_", base).strip(" .") or "上传文件"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    fits = {"xlsx": {".xlsx", ".xlsm", ".xlsb"}, "xls": {".xls"}, "ods": {".ods"}, "csv": {".csv", ".txt"}}
    if suffix not in fits[kind]:
        suffix = SUFFIX_FOR[kind]
    return (stem or "上传文件")[:120] + suffix


def _check_zip(name: str, data: bytes) -> str:
    """'xlsx' or 'ods' for a workbook zip within the caps; raises UploadRejected otherwise."""
    where = f"文件“{name}”"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError ("zip file version 8.4"), …: all damage
        raise UploadRejected(f"{where}已损坏（压缩包无法打开），可能没有完整上传：请用 Excel 打开后另存为 .xlsx 再导入") from exc
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names and any(p in names for p in WORKBOOK_PARTS):
        kind = "xlsx"
    elif "mimetype" in names and _safe_read(archive, "mimetype", 200).startswith(ODS_MIME):
        kind = "ods"
    elif "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        raise UploadRejected(f"{where}是 Word 文档，不是 Excel 表格：请把表格复制到 Excel 中另存为 .xlsx 再导入")
    else:
        raise UploadRejected(f"{where}是一个压缩包，但不是 Excel 工作簿：请直接上传 .xlsx、.xls 或 .csv 文件")
    if len(members) > MAX_MEMBERS:
        raise UploadRejected(f"{where}内部结构异常（包含 {len(members):,} 个部件）：请用 Excel 打开后另存为 .xlsx 再导入")
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise UploadRejected(f"{where}解压后有 {_mb(declared)}，超过 {MAX_UNCOMPRESSED_MB} MB 的上限："
                             "请按年度或学校拆分成几个文件分别导入")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise UploadRejected(f"{where}的压缩比异常（{m.filename} 压缩了 {m.file_size // max(m.compress_size, 1):,} 倍），"
                                 "疑似恶意文件，已拒绝：请用 Excel 打开后另存为 .xlsx 再导入")
    # Inflate for real, counting bytes: a header that understates a member's size gains nothing.
    total = 0
    for m in members:
        try:
            with archive.open(m) as fh:
                while chunk := fh.read(CHUNK):
                    total += len(chunk)
                    if total > MAX_UNCOMPRESSED_BYTES:
                        raise UploadRejected(f"{where}解压后超过 {MAX_UNCOMPRESSED_MB} MB 的上限：请拆分后分别导入")
        except UploadRejected:
            raise
        except Exception as exc:  # CRC errors, zlib errors, unsupported methods, encrypted or cut parts
            raise UploadRejected(f"{where}已损坏（{m.filename} 无法解压），可能没有完整上传："
                                 "请用 Excel 打开后另存为 .xlsx 再导入") from exc
    if kind == "xlsx" and (why := workbook_problem(data)):
        raise UploadRejected(f"{where}{why}")
    return kind


def _safe_read(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    try:
        with archive.open(member) as fh:
            return fh.read(limit)
    except Exception:  # a damaged member reads as nothing; the caller then refuses the file
        return b""


def _check_text(name: str, data: bytes) -> str:
    """'csv' for decodable text; raises UploadRejected for binaries, web pages and XML."""
    from etl.read import ReadError, decode  # the ETL's own decoding, so guard and loader agree

    where = f"文件“{name}”"
    try:
        text, _ = decode(data)
    except (ReadError, UnicodeDecodeError) as exc:
        raise UploadRejected(f"{where}不是可识别的表格文件（既不是 Excel，也不是 UTF-8/GBK 编码的 CSV 文本）："
                             "请用 Excel 打开后另存为 .xlsx 或“CSV UTF-8”再导入") from exc
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or "<table" in head[:1000]:
        raise UploadRejected(f"{where}实际上是网页（HTML）格式，只是扩展名像表格：请用 Excel 打开它，"
                             "再“另存为” Excel 工作簿（.xlsx）后导入")
    if head.startswith("<?xml"):
        raise UploadRejected(f"{where}是 XML 格式（如 Excel 2003 XML 表格）：请用 Excel 打开后另存为 .xlsx 再导入")
    if "\x00" in text:
        raise UploadRejected(f"{where}含有二进制内容，不是文本格式的 CSV：请上传 .xlsx、.xls 或 .csv 文件")
    controls = len(CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 100):
        raise UploadRejected(f"{where}含有大量控制字符，不是文本格式的 CSV：请上传 .xlsx、.xls 或 .csv 文件")
    if not text.strip():
        raise UploadRejected(f"{where}是空的")
    return "csv"


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Check one uploaded file; return it with its cleaned name and content type.

    Raises ``UploadRejected`` (a Chinese message naming the file) when it is empty, too
    big, not a spreadsheet by content, password-protected, damaged or a zip bomb.
    """
    display = mask_text(re.split(r"[\\/]", name or "")[-1]) or "上传文件"
    where = f"文件“{display}”"
    suffix = Path(display).suffix.lower()
    if suffix and suffix not in ACCEPTED_SUFFIXES:
        raise UploadRejected(f"{where}的类型“{suffix}”不受支持：请上传 .xlsx、.xls 或 .csv 文件")
    size = len(data)
    if size == 0:
        raise UploadRejected(f"{where}是空的（0 字节）：请重新导出后上传")
    if size > MAX_UPLOAD_BYTES:
        raise UploadRejected(f"{where}有 {_mb(size)}，超过 {MAX_UPLOAD_MB} MB 的上限：请按年度或学校拆分成几个文件分别导入")
    if data.startswith(ZIP):
        kind = _check_zip(display, data)
    elif data.startswith(OLE2):
        if ENCRYPTED_OOXML in data:
            raise UploadRejected(f"{where}设置了打开密码：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后另存为 .xlsx 再导入")
        kind = "xls"
    elif data.startswith(b"PK"):
        raise UploadRejected(f"{where}已损坏（压缩包头不完整）：请用 Excel 打开后另存为 .xlsx 再导入")
    else:
        kind = _check_text(display, data)
    return CheckedUpload(name=clean_name(display, kind), kind=kind, size=size, data=data)


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
