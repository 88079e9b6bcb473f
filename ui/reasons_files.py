"""The ETL's messages about files, sheets and loads, as (Chinese pattern, English sentence).

Sources: ``etl/load.py`` and ``etl/effect.py`` (a load's message: header row, rows new /
changed / rejected), ``etl/replace.py``, ``etl/sheets.py``, ``etl/read.py``,
``etl/headers.py`` and ``etl/context.py`` (why a sheet is not loaded, where a year or a
programme came from), ``etl/workbook_limits.py``, ``etl/upload_guard.py``, ``etl/sandbox.py``
(refused uploads), ``ui/importing.py``. Group names: see ``ui.reasons.CONVERT``.
"""
from __future__ import annotations

W = r"(?P<w>文件“[^”]*”(?:的工作表“[^”]*”|的工作表部件 \S+)?)"
N = r"(?P<n>[\d,]+)"
HEAD = r"表头（第 (?P<row>\d+) 行）"
RESAVE = "请用 Excel 打开后另存为 .xlsx 再导入"
RESAVE_EN = "open it in Excel, save it as .xlsx and import again"
SPLIT = "请按年度或学校拆分成几个文件分别导入"
SPLIT_EN = "split it into several files by year or school and import them separately"
TYPES_EN = "upload an .xlsx, .xls or .csv file"
GAP = {"本文件没有考核结果列": "This file has no result column", "考核结果为空": "The result is empty",
       "考核结果无法识别": "The result is not recognised"}
SKIPPED = "(?:，已跳过)"

FILES: tuple[tuple[str, str], ...] = (
    # etl/effect.py, etl/load.py, etl/replace.py: what a load did
    (r"表头在第 (?P<row>\d+) 行", "Header in row {row}"),
    (r"新增 (?P<a>[\d,]+) 行，修改 (?P<b>[\d,]+) 行，不变 (?P<c>[\d,]+) 行",
     "New rows: {a}, changed: {b}, unchanged: {c}"),
    (r"新增 (?P<a>[\d,]+) 行，修改 (?P<b>[\d,]+) 行，不变 (?P<c>[\d,]+) 行，删除新版中已没有的 (?P<d>[\d,]+) 行",
     "New rows: {a}, changed: {b}, unchanged: {c}, removed as the new version no longer has them: {d}"),
    (r"(?P<f>[^：]+)：" + N + r" 行将被修改", "“{f}”: {n} row(s) will change"),
    (r"(?P<f>[^：]+)：" + N + r" 行已被修改", "“{f}”: {n} row(s) changed"),
    *((zh + r"：这 " + N + r" 条记录不计入覆盖率和合格率", en + ": {n} record(s) counted in neither coverage "
       "nor the pass rate") for zh, en in GAP.items()),
    (r"拒绝 " + N + r" 行：(?P<q>[^：]*)：(?P<t>.+)", "{n} row(s) rejected:{q}: {t}"),
    (r"取代批次 (?P<b>\d+)", "Replaces batch {b}"),
    (r"已被批次 (?P<b>\d+) 的新版取代", "Replaced by the new version in batch {b}"),
    (r"与已导入的版本完全相同，未作更改", "Identical to the version already loaded: nothing changed"),
    # ui/importing.py, etl/headers.py: why a sheet is the kind it is
    (r"识别依据：(?P<t>.+)", "Recognised by: {t}"),
    (r"有 (?P<l>[^；]+)", "has {l}"),
    (r"按指定类型“(?P<k>[^”]+)”导入", "loaded as the chosen kind, {k}"),
    (r"“(?P<h>[^”]+)”列填的是合格、不合格等，按考核结果导入",
     "column “{h}” holds grades such as “合格” and “不合格”, so it is loaded as the result"),
    (r"(?P<t>.+)；“(?P<h>[^”]+)”列填的是合格、不合格等，按考核结果导入",
     "{t}; column “{h}” holds grades such as “合格” and “不合格”, so it is loaded as the result"),
    (r"预览失败（(?P<e>\w+)）：文件未导入，请把文件发给系统管理员",
     "The preview failed ({e}): nothing was loaded; send the file to the system administrator"),
    # etl/context.py: a year or programme the file does not state
    (r"年度 (?P<y>\d+)：取自--year（导入页：年度）", "Year {y}: from --year (import page: the year)"),
    (r"年度 (?P<y>\d+)：取自(?P<src>标题行|工作表名|文件名)“(?P<v>.*)”", "Year {y}: from {src} “{v}”"),
    (r"项目 (?P<c>\S+)（(?P<p>.*)）：取自--program \S+（导入页：所选项目）",
     "Program {c} (“{p}”): from --program (import page: the chosen program)"),
    (r"项目 (?P<c>\S+)（(?P<p>.*)）：取自(?P<src>标题行|工作表名|文件名)“(?P<v>.*)”中的项目名称",
     "Program {c} (“{p}”): the program name in {src} “{v}”"),
    (r"名单没有学时列，每人按项目学时 (?P<h>\S+) 计（未结业者不计入学时统计）",
     "The list has no hours column: each person is given the program's {h} hours (those who did not complete "
     "are not counted in hours)"),
    (r"这是一份没有“年度”列的教师名册（全国教师管理信息系统导出的是当时的快照），标题里也没有年份："
     r"请用 --year 指定年度（导入页：填写年度），例如 --year 2024",
     "This is a teacher roster without a “年度” column (the national system exports a snapshot), and its title "
     "names no year: give the year with --year (import page: enter the year), e.g. --year 2024"),
    (r"--program 指定的项目编号“(?P<v>.*)”不在培训项目中：请先导入该项目（或一并导入培训项目文件），或核对编号",
     "The program code “{v}” given by --program is not among the training programs: import that program first "
     "(or load the programs file with it), or check the code"),
    (r"这是一份没有“项目编号”列的名单（参训学员名单、结业名单或成绩单），标题里也找不到已知的项目名称："
     r"请用 --program 项目编号 指定它属于哪个项目（导入页：选择项目）",
     "This is a list without a “项目编号” column (a participant, completion or score list), and its title names no "
     "known program: say which program it belongs to with --program CODE (import page: choose the program)"),
    (r"名单没有学时列，项目 (?P<c>\S+) 的学时也未知：请在名单中加“完成学时”列",
     "The list has no hours column and the hours of program {c} are unknown: add a “完成学时” column to the list"),
    # etl/headers.py: a header that fits no kind, or the wrong one
    (r"找不到表头行：前 40 行里没有可识别的列名（如“身份证号”“项目编号”“学校代码”）。请确认表头在数据上方，且列名与《数据约定》一致",
     "No header row found: none of the first 40 rows has a column name the loader knows (such as “身份证号”, "
     "“项目编号”, “学校代码”). Check that the header is above the data and that the column names follow the "
     "data contract"),
    (r"未知的数据类型“(?P<v>[^”]*)”：可选 (?P<c>.*)", "Unknown kind of data “{v}”: choose one of {c}"),
    (r"按“(?P<k>[^”]+)”导入，但" + HEAD + r"缺少必填列：(?P<l>.*)",
     "Loading as {k}, but the header (row {row}) lacks the required columns {l}"),
    (HEAD + r"有“(?P<l>.*)”列：这是(?P<f>[^，]+)，[^，]+不是本系统的数据类型，未导入。请不要为导入而增删它的列；"
     r"其中的信息（如职称、学校）若需更新，请在教师名册中更正后导入名册",
     "The header (row {row}) has {l}: this is a “{f}”, which is not a kind of data this system loads; not loaded. "
     "Do not add or remove its columns to make it load; if its information (such as titles or schools) needs "
     "updating, correct it in the teacher roster and load the roster"),
    (HEAD + r"同时符合“(?P<kl>.*)”，无法判断是哪一类，未导入：请把两类数据分成两张表（或两个工作表），或用 --kind（导入页：数据类型）指定",
     "The header (row {row}) fits both {kl}, so its kind cannot be told; not loaded: put the two kinds in separate "
     "tables (or sheets), or name the kind with --kind (import page: kind of data)"),
    (HEAD + r"是“(?P<k>[^”]+)”（有 (?P<l>.*)），但缺少必填列：(?P<l2>.*)。请补上这些列后重新导入",
     "The header (row {row}) is {k} (it has {l}) but lacks the required columns {l2}: add them and import again"),
    (HEAD + r"为“(?P<v>.*)”，不符合任何一类数据，未导入。(?P<t>.+)",
     "The header (row {row}) is “{v}”, which fits no kind of data; not loaded. {t}"),
    (r"本系统导入的数据及其必备列：(?P<kinds>.*)。请核对这张表是哪一类，再按该类的列名整理",
     "The kinds of data this system loads, with their identifying columns: {kinds}. Check which kind this table "
     "is and name its columns as that kind does"),
    (r"它像“(?P<k>[^”]+)”，但有“(?P<l>.*)”列，.+不会有这些列：这可能是另一种名单。若它确是.+，请删去这些列后重新导入",
     "It looks like {k}, but it has {l}, which {k} never has: it may be another kind of list. If it really is "
     "{k}, delete those columns and import again"),
    (r"它像“(?P<k>[^”]+)”（有 (?P<l>.*)），但.+还需要：(?P<l2>.*)。若它确是.+，请补上这些列；若不是，这类数据不能导入本系统",
     "It looks like {k} (it has {l}), but that also needs {l2}. If it is one, add those columns; if not, this "
     "kind of data cannot be loaded into this system"),
    # etl/sheets.py: sheets skipped
    (W + r"不在指定的工作表之列" + SKIPPED, "{w} is not among the chosen sheets; skipped"),
    (W + r"是隐藏工作表（常为下拉选项），不导入；如确需导入，请在命令中用 --sheet 指明它的名称" + SKIPPED,
     "{w} is a hidden sheet (usually drop-down options) and is not loaded; to load it, name it with --sheet; skipped"),
    (W + r"是空表" + SKIPPED, "{w} is empty; skipped"),
    (W + r"按名称是(?P<role>[^，]+)，不是数据" + SKIPPED, "{w} is, by its name, {role}, not data; skipped"),
    (W + r"是(?P<role>[^；]+)；若它其实是数据，请单独导入该工作表以查看原因" + SKIPPED,
     "{w} is {role}; if it is in fact data, import that sheet alone to see why; skipped"),
    (W + r"没有可识别的数据表头（看起来是说明、选项或统计表）；若它其实是数据，请单独导入该工作表以查看原因" + SKIPPED,
     "{w} has no data header the loader knows (it looks like instructions, options or a summary); if it is in "
     "fact data, import that sheet alone to see why; skipped"),
    (r"“(?P<a>.*)”与“(?P<b>.*)”同名但内容不同：同名文件会互相替换，请改名后再导入",
     "“{a}” and “{b}” have the same name but different contents: files of the same name replace each other; "
     "rename one and import again"),
    # etl/read.py, etl/workbook_limits.py: files that cannot be read
    (r"无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）：请在 Excel 中“另存为” CSV UTF-8 或 \.xlsx 后重新导入",
     "The file's encoding is not recognised (neither UTF-8 nor GBK/GB18030): in Excel, save it as CSV UTF-8 or "
     ".xlsx and import again"),
    (r"文件在导入过程中被修改：请等文件保存完毕后重新导入",
     "The file changed while it was being loaded: wait until it is saved, then import again"),
    (W + r"无法打开工作簿（(?P<e>\w+)）：文件可能已损坏、加密或并非 Excel 文件，请用 Excel 打开后另存为 \.xlsx 再导入",
     "{w}: the workbook cannot be opened ({e}): the file may be damaged, encrypted or not an Excel file; " + RESAVE_EN),
    (r"工作表“(?P<s>.*)”无法读取（(?P<e>\w+)）：请检查是否有损坏的单元格",
     "Sheet “{s}” cannot be read ({e}): check it for damaged cells"),
    (r"不支持的文件类型“(?P<v>.*)”：请导入 \.xlsx、\.xls 或 \.csv 文件", "File type “{v}” is not supported: " + TYPES_EN),
    (r"无法读取文件：(?P<e>.+)", "The file cannot be read: {e}"),
    (r"文件是空的", "The file is empty"),
    (W + r"解压后超过 (?P<m>\d+) MB 的上限：" + SPLIT, "{w} is over the {m} MB limit once unzipped: " + SPLIT_EN),
    (W + r"用到了第 (?P<a>[\d,]+) 列，超过 (?P<b>[\d,]+) 列的上限：请删除表格以外的空行空列（或把表格复制到新工作簿）后另存为 \.xlsx 再导入",
     "{w} uses column {a}, over the limit of {b} columns: delete the empty rows and columns outside the table (or copy "
     "the table to a new workbook), save it as .xlsx and import again"),
    (W + r"的单元格分布在 (?P<a>[\d,]+) 行 × (?P<b>[\d,]+) 列的范围内（(?P<c>[\d,]+) 格），超过 (?P<d>[\d,]+) 格的上限："
     r"请删除表格以外的空行空列（或把表格复制到新工作簿）后另存为 \.xlsx 再导入",
     "{w} has cells spread over {a} rows × {b} columns ({c} cells), over the limit of {d}: delete the empty rows "
     "and columns outside the table (or copy the table to a new workbook), save it as .xlsx and import again"),
    (W + r"共有 (?P<a>[\d,]+) 个单元格，超过 (?P<b>[\d,]+) 的上限：" + SPLIT,
     "{w} has {a} cells, over the limit of {b}: " + SPLIT_EN),
    (W + r"共享字符串有 (?P<a>[\d,]+) 条，超过 (?P<b>[\d,]+) 的上限：" + SPLIT,
     "{w} has {a} shared strings, over the limit of {b}: " + SPLIT_EN),
    # etl/upload_guard.py, etl/sandbox.py: uploads refused
    (W + r"已损坏（压缩包无法打开），可能没有完整上传：" + RESAVE,
     "{w} is damaged (the zip cannot be opened); it may not have been uploaded completely: " + RESAVE_EN),
    (W + r"是 Word 文档，不是 Excel 表格：请把表格复制到 Excel 中另存为 \.xlsx 再导入",
     "{w} is a Word document, not an Excel sheet: copy the table into Excel, save it as .xlsx and import again"),
    (W + r"是一个压缩包，但不是 Excel 工作簿：请直接上传 \.xlsx、\.xls 或 \.csv 文件",
     "{w} is a zip archive but not an Excel workbook: " + TYPES_EN + " directly"),
    (W + r"内部结构异常（包含 (?P<a>[\d,]+) 个部件）：" + RESAVE, "{w} has an odd structure ({a} parts): " + RESAVE_EN),
    (W + r"解压后有 (?P<a>.+)，超过 (?P<m>\d+) MB 的上限：" + SPLIT,
     "{w} holds {a} once unzipped, over the {m} MB limit: " + SPLIT_EN),
    (W + r"的压缩比异常（(?P<p>.+) 压缩了 (?P<a>[\d,]+) 倍），疑似恶意文件，已拒绝：" + RESAVE,
     "{w} has an abnormal compression ratio ({p} compressed {a} times) and may be malicious; refused: " + RESAVE_EN),
    (W + r"解压后超过 (?P<m>\d+) MB 的上限：请拆分后分别导入",
     "{w} is over the {m} MB limit once unzipped: split it and import the parts separately"),
    (W + r"已损坏（(?P<p>.+) 无法解压），可能没有完整上传：" + RESAVE,
     "{w} is damaged ({p} cannot be unzipped); it may not have been uploaded completely: " + RESAVE_EN),
    (W + r"不是可识别的表格文件（既不是 Excel，也不是 UTF-8/GBK 编码的 CSV 文本）：请用 Excel 打开后另存为 \.xlsx 或“CSV UTF-8”再导入",
     "{w} is not a spreadsheet the loader knows (neither Excel nor CSV text in UTF-8/GBK): open it in Excel, save "
     "it as .xlsx or CSV UTF-8 and import again"),
    (W + r"实际上是网页（HTML）格式，只是扩展名像表格：请用 Excel 打开它，再“另存为” Excel 工作簿（\.xlsx）后导入",
     "{w} is in fact a web page (HTML) with a spreadsheet's extension: " + RESAVE_EN),
    (W + r"是 XML 格式（如 Excel 2003 XML 表格）：" + RESAVE, "{w} is XML (such as an Excel 2003 XML sheet): " + RESAVE_EN),
    (W + r"含有二进制内容，不是文本格式的 CSV：请上传 \.xlsx、\.xls 或 \.csv 文件",
     "{w} holds binary content, not CSV text: " + TYPES_EN),
    (W + r"含有大量控制字符，不是文本格式的 CSV：请上传 \.xlsx、\.xls 或 \.csv 文件",
     "{w} holds many control characters, not CSV text: " + TYPES_EN),
    (W + r"是空的", "{w} is empty"),
    (W + r"的类型“(?P<v>.*)”不受支持：请上传 \.xlsx、\.xls 或 \.csv 文件", "{w}: type “{v}” is not supported: " + TYPES_EN),
    (W + r"是空的（0 字节）：请重新导出后上传", "{w} is empty (0 bytes): export it again and upload it"),
    (W + r"有 (?P<a>.+)，超过 (?P<m>\d+) MB 的上限：" + SPLIT, "{w} is {a}, over the {m} MB limit: " + SPLIT_EN),
    (W + r"设置了打开密码：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后另存为 \.xlsx 再导入",
     "{w} has an opening password: remove it in Excel (File → Info → Protect Workbook), save it as .xlsx and "
     "import again"),
    (W + r"已损坏（压缩包头不完整）：" + RESAVE, "{w} is damaged (its zip header is incomplete): " + RESAVE_EN),
    (r"导入 (?P<files>.+) 时读写文件失败（(?P<e>.+)），已中止，数据仓库未作任何更改：若磁盘已满，请系统管理员清理后重试。",
     "Reading or writing files failed while importing {files} ({e}); stopped, the warehouse is unchanged: if the "
     "disk is full, ask the system administrator to free space and try again."),
    (r"导入 (?P<files>.+) 时出现意外错误，数据仓库未作任何更改。请检查文件后重试；如仍失败，请把错误编号 (?P<r>\w+) 告诉系统管理员。",
     "An unexpected error occurred while importing {files}; the warehouse is unchanged. Check the files and try "
     "again; if it fails again, give the system administrator the error number {r}."),
    (r"(?:导入|预览上传的文件|读取上传的文件)超过 (?P<s>\d+) 秒仍未完成，已中止（服务器未受影响）："
     r"文件可能过大或结构异常，请拆分后重试，或用 Excel 打开后另存为 \.xlsx 再导入",
     "The work did not finish within {s} seconds and was stopped (the server is unaffected): the file may be too "
     "large or oddly built; split it and try again, or " + RESAVE_EN),
    (r"(?:导入|预览上传的文件|读取上传的文件)时超出了内存（(?P<m>[\d,]+) MB）或计算时间的上限，已中止（服务器未受影响）："
     r"文件可能有大量空白行列或结构异常，请删除表格以外的内容、拆分后重试",
     "The work went over the memory ({m} MB) or time limit and was stopped (the server is unaffected): the file "
     "may have many blank rows and columns or an odd structure; delete what is outside the table, split it and "
     "try again"),
    (r"(?:导入|预览上传的文件|读取上传的文件)时读取程序意外退出（代码 (?P<c>-?\d+)），已中止（服务器未受影响）：" + RESAVE,
     "The reader stopped unexpectedly (code {c}) and the work was stopped (the server is unaffected): " + RESAVE_EN),
    # etl/warehouse_secret.py, etl/warehouse_io.py: loads refused to protect the warehouse (one sentence a line)
    (r"数据仓库 (?P<t_>.+?) 的密钥文件 (?P<p>.+?) 不见了，已拒绝导入：没有原密钥，同一位教师会被当成新教师重复计入。",
     "The key file {p} of the warehouse {t_} is missing; the load was refused: without the original key the same "
     "teacher would be counted again as a new one."),
    (r"密钥文件 (?P<p>.+?) 不是数据仓库 (?P<t_>.+?) 的密钥（指纹 (?P<a>\S+)，应为 (?P<b>\S+)），已拒绝导入："
     r"换用别的密钥，同一位教师会被当成新教师重复计入。",
     "The key file {p} is not the key of the warehouse {t_} (fingerprint {a}, should be {b}); the load was refused: "
     "with another key the same teacher would be counted again as a new one."),
    (r"请从备份中找回该数据仓库的密钥文件，放回 (?P<p>.+?)（权限 600），再重新导入；"
     r"正确的密钥指纹为 (?P<b>\S+)（python -m etl secret --warehouse (?P<t_>.+?) 可显示当前文件的指纹）。",
     "Restore the warehouse's key file from a backup to {p} (mode 600) and import again; the right key's "
     "fingerprint is {b} (python -m etl secret --warehouse {t_} shows the fingerprint of the current file)."),
    (r"此文件夹中保留的旧密钥：(?P<files>.+)。", "Old keys kept in this folder: {files}."),
    (r"如果密钥确实无法找回，请用原始文件重建并启用新密钥：python -m etl rekey 原始文件所在文件夹/ "
     r"--warehouse (?P<t_>.+?)（旧数据仓库和旧密钥都会保留）。",
     "If the key really cannot be found, rebuild from the original files under a new key: python -m etl rekey "
     "FOLDER_OF_ORIGINAL_FILES/ --warehouse {t_} (the old warehouse and the old key are both kept)."),
    (r"数据仓库文件 (?P<p>.+?) 已损坏（无法完整读取的表：(?P<files>[^；]*)；(?P<e>.*)），已停止，未作任何更改。"
     r"请系统管理员运行 python -m access check 查看各版本的状态，再用 python -m access restore-previous "
     r"恢复最近一个完好的版本，或从原始文件重建：python -m etl load 原始文件所在文件夹/",
     "The warehouse file {p} is damaged (tables that cannot be read in full: {files}; {e}); stopped, nothing "
     "changed. The system administrator should run python -m access check to see the state of each version, then "
     "python -m access restore-previous to bring back the latest sound version, or rebuild from the original "
     "files: python -m etl load FOLDER_OF_ORIGINAL_FILES/"),
    # etl/alias_file.py: a column mapping the import page could not save
    (r"列名是空的：无法保存为别名", "The column name is empty: it cannot be saved as an alias"),
    (r"列名超过 (?P<n>\d+) 个字：这不像表头，未保存",
     "The column name is longer than {n} characters: it does not look like a header; not saved"),
    (r"列名里有一长串数字（可能是身份证号或数据行）：这不像表头，未保存",
     "The column name holds a long run of digits (perhaps an ID number or a data row): it does not look like a "
     "header; not saved"),
    (r"“(?P<kc>[^”]+)”没有字段“(?P<f>[^”]+)”", "“{kc}” has no field “{f}”"),
    (r"别名文件中找不到 \[headers\.(?P<kc>\S+)\] 的 (?P<f>\S+) 一行：请由管理员手工添加",
     "The alias file has no {f} line under [headers.{kc}]: ask the administrator to add it by hand"),
    (r"别名未能写入：请由管理员手工添加", "The alias could not be written: ask the administrator to add it by hand"),
    # etl/questions.py, etl/context.py: where a sheet is, where a year was found
    (W, "{w}"),
    (r"(?P<place>标题行|工作表名|文件名)“(?P<v>.*)”", "{place} “{v}”"),
    # a message about a sheet: etl/load.py
    (W + r"：(?P<t>.+)", "{w}: {t}"),
)
