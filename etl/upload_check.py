"""The checks on one uploaded file, before the ETL reads a byte of it (``etl.upload_guard``
says what is checked and why): size, type from the content, zip bombs, what a spreadsheet
reader would allocate, text that is really text. Every message is in Chinese and names the file."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from etl.identity import mask_text
from etl.workbook_limits import problem as workbook_problem

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
