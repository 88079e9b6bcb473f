"""Every label the dashboard shows, in Simplified Chinese (default) and English.

The warehouse stores codes in English (``national``, ``primary`` …); this module is the one
place that turns them into words. The language is the sidebar switch, bound to the URL
(``?lang=English``) so a copied link opens in the same language.
"""
from __future__ import annotations

import streamlit as st

from warehouse import codebook

LANG_KEY = "lang"
LANG_OPTIONS = ("中文", "English")  # what the switch shows and what the URL holds


def lang() -> str:
    """``"zh"`` or ``"en"``, from the sidebar switch (Chinese until the switch says otherwise)."""
    try:
        chosen = st.session_state.get(LANG_KEY)
    except Exception:  # outside a Streamlit run (plain Python, exports in tests)
        chosen = None
    return "en" if chosen == "English" else "zh"


# Code → (zh, en) label, per code list, in order: read from the one codebook (warehouse/codebook.csv).
CODES: dict[str, dict[str, tuple[str, str]]] = {name: codebook.labels(name) for name in codebook.lists()}
# A program without a training form is counted as "unknown" (form_school_year).
CODES["form"] = {**CODES["form"], "unknown": ("未填", "Not given")}


CODES["comparison_group"].update(CODES["stage"])  # a ranking group is a stage, or all schools


def label(kind: str, code) -> str:
    """The label of a code (``label("train_tier", "national")`` → ``"国培"``).

    An unknown or empty code is shown as itself (or "未填" / "not given"), never dropped.
    """
    if code is None or code == "":
        return text("not_given")
    if isinstance(code, bool):
        code = "true" if code else "false"
    pair = CODES.get(kind, {}).get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang() == "zh" else pair[1]


def labeller(kind: str):
    """A ``format_func`` for widgets whose options are codes of ``kind``."""
    return lambda code: label(kind, code)


# Free text of the interface: key → (中文, English).
TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app_title": ("师训数据看板", "Teacher Training Dashboard"),
    "language": ("语言 / Language", "语言 / Language"),
    "filters": ("筛选", "Filters"),
    "section_analysis": ("数据分析", "Analysis"),
    "section_data": ("数据管理", "Data"),
    "not_given": ("未填", "Not given"),
    "all": ("全部", "All"),
    "chart_first_rows": ("图中为排在最前的 {n} 个（共 {total} 个）；完整的表请用图下的下载。",
                         "The chart shows the first {n} of {total}; the downloads below it hold them all."),
    "no_data": ("当前筛选条件下没有数据。请放宽筛选条件（年度、乡镇、学段、学校等）后再看。",
                "No data for the current filters. Widen the filters (year, township, stage, school …) and look again."),
    "definition": ("指标口径", "Metric definition"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "delta_note": ("箭头后的数字为较 {year} 年的变化；比率的变化以百分点计。",
                   "The small figures show the change from {year}; for rates, in percentage points."),
    "points": ("个百分点", "pts"),
    "print_hint": ("打印：浏览器菜单 → 打印（或 Ctrl+P），侧边栏不会打印。",
                   "To print: browser menu → Print (or Ctrl+P); the sidebar is not printed."),
    # pages (navigation titles)
    "p_overview": ("总览", "Overview"),
    "p_coverage": ("培训覆盖", "Coverage"),
    "p_progression": ("层级进阶", "Tier progression"),
    "p_ranking": ("学校排名", "School rankings"),
    "p_school": ("学校画像", "School report card"),
    "p_compliance": ("学时达标", "Cycle compliance"),
    "p_teacher": ("教师档案", "Teacher records"),
    "p_awards": ("获奖荣誉", "Awards"),
    "p_plan": ("计划完成", "Plan vs actual"),
    "p_official": ("官方报表", "Official statistics"),
    "of_period": ("统计期", "Period"),
    "of_caption": ("{year} 年 · {period}。各表统计人数（不是人次），口径见每张表下方；下载的工作簿与本页各表相同，并附口径表。",
                   "{year} · {period}. Each table counts persons (not person-times); its rule is under it; the workbook holds exactly these tables, with a rule sheet for each."),
    "of_download": ("下载全部报表（.xlsx）", "Download all tables (.xlsx)"),
    "of_bad_period": ("链接中的统计期“{value}”无法识别（可用 calendar 自然年、school 学年），已显示自然年。",
                      "The link's period “{value}” is not known (calendar or school); showing the calendar year."),
    "p_import": ("数据导入", "Import"),
    "p_quality": ("数据质量", "Data quality"),
    "p_setup": ("开始使用", "Getting started"),
    # filter summary under page titles
    "n_townships": ("{n} 个乡镇", "{n} townships"),
    "n_stages": ("{n} 个学段", "{n} stages"),
    "n_urban": ("{n} 类城乡", "{n} urban/rural groups"),
    "n_schools": ("{n} 所学校", "{n} schools"),
    "n_tiers": ("{n} 个培训层级", "{n} training tiers"),
    "whole_county": ("全县", "whole county"),
    "own_school": ("本校", "own school"),
    # filters
    "f_year": ("年度", "Year"),
    "f_township": ("乡镇", "Township"),
    "f_stage": ("学段", "Stage"),
    "f_urban": ("城乡", "Urban / rural"),
    "f_school": ("学校", "School"),
    "f_tier": ("培训层级", "Training tier"),
    "f_form": ("培训形式", "Training form"),
    "ov_rate_axis": ("比率（%）", "Rate (%)"),
    "pl_targets_no_form": ("年度计划指标按类别和层级制定，不分培训形式：下表不按所选培训形式计算。",
                           "Annual plan targets are set per category and tier, not per form: the table below does "
                           "not use the training-form filter."),
    "f_form_not_ready": ("这个数据仓库建于培训形式筛选之前：导入任一文件（或运行 python -m etl demo 重建演示数据）后可用。",
                         "This warehouse was built before the training-form filter: it works after the next load "
                         "of any file (or python -m etl demo for the demo)."),
    "not_applied": ("本页的指标不按以下筛选计算：{names}。", "This page's figures do not use these filters: {names}."),
    "f_form_help": ("只计所选形式（网络培训、线下集中、混合、外出交流/跟岗等）的培训项目：人次、学时、覆盖率随之改变，"
                    "名册教师人数（分母）不变。未填形式的项目记为“未填”。",
                    "Counts only programmes of the chosen forms (online, face to face, blended, visits and "
                    "shadowing …): person-times, hours and coverage change; the roster (the denominator) does not. "
                    "A programme without a form counts as “Not given”."),
    "f_placeholder": ("全部", "All"),
    "f_reset": ("清除筛选", "Clear filters"),
    # overview
    "ov_person_times": ("参训人次", "Person-times"),
    "ov_coverage": ("培训覆盖率", "Coverage"),
    "ov_pass_rate": ("合格率", "Pass rate"),
    "ov_hours": ("人均学时", "Hours per teacher"),
    "ov_awards": ("获奖荣誉（项）", "Awards"),
    "ov_by_tier": ("各培训层级参训人次", "Person-times by training tier"),
    "ov_by_level": ("各级别获奖荣誉", "Awards by level"),
    "ov_tier_chart": ("{year} 年各培训层级参训人次", "Person-times by training tier, {year}"),
    "ov_trend_chart": ("历年培训覆盖率与合格率", "Coverage and pass rate over the years"),
    "ov_behind_chart": ("{year} 年培训覆盖率最低的学校", "Schools with the lowest coverage, {year}"),
    "ov_behind_note": ("覆盖率最低的 {n} 所学校（名册教师不少于 {min} 人）；完整排名见“学校排名”页。",
                       "The {n} schools with the lowest coverage (at least {min} teachers on the roster); the full list is on the School rankings page."),
    # coverage
    "cov_by": ("查看维度", "Break down by"),
    "by_school": ("学校", "School"),
    "by_township": ("乡镇", "Township"),
    "by_stage": ("学段", "Stage"),
    "by_subject": ("学科", "Subject"),
    "by_urban_rural": ("城乡", "Urban / rural"),
    "by_dev_tier": ("发展层级", "Development tier"),
    "by_train_tier": ("培训层级", "Training tier"),
    "cov_chart": ("{year} 年各{by}培训覆盖率", "Coverage by {by}, {year}"),
    "cov_gap_title": ("城乡差距", "The rural gap"),
    "cov_gap_chart": ("历年城区、镇区、乡村培训覆盖率", "Coverage in urban, town and rural schools over the years"),
    "cov_gap_note": ("{year} 年乡村学校培训覆盖率 {rural}，城区 {urban}，相差 {gap} 个百分点。",
                     "Coverage in {year}: rural schools {rural}, urban {urban}, a gap of {gap} points."),
    "cov_untrained_title": ("{year} 年未参训合格的教师", "Teachers with no passed training in {year}"),
    "cov_untrained_count": ("共 {n} 人。", "{n} teachers."),
    "cov_untrained_hidden": ("教师名单仅对分析人员显示；下表为各校人数。",
                             "Names are shown to analysts only; the table counts them per school."),
    "page_no": ("页码", "Page"),
    "page_of": ("第 {page} / {pages} 页，每页 {size} 条", "Page {page} of {pages}, {size} per page"),
    "page_of_total": ("{page_of}（共 {n} 条）", "{page_of} ({n} in all)"),
    # progression
    "pr_teachers": ("名册教师（人）", "Teachers on roster"),
    "pr_up": ("今年晋升（人）", "Promoted this year"),
    "pr_joined_n": ("新加入（人）", "Joined"),
    "pr_left_n": ("离开名册（人）", "Left"),
    "pr_pyramid": ("{year} 年教师发展层级分布", "Development tiers of teachers, {year}"),
    "pr_flows": ("{prev} → {year} 年发展层级流动", "Moves between development tiers, {prev} → {year}"),
    "pr_stayed": ("包括层级未变的教师", "Include teachers whose tier did not change"),
    "pr_joined": ("新加入名册", "Joined the roster"),
    "pr_left": ("离开名册", "Left the roster"),
    "pr_no_tier": ("层级未填", "Tier not given"),
    "pr_promotion": ("{year} 年各层级晋升率", "Promotion rate by tier, {year}"),
    "pr_promotion_note": ("晋升率 = 上年处于该层级、今年仍在名册且升到更高层级的教师 ÷ 上年处于该层级且今年仍在名册的教师。",
                          "Promotion rate = teachers at the tier last year, still on the roster and now higher ÷ teachers at the tier last year still on the roster."),
    "pr_years": ("在各层级停留的年数（历年数据）", "Years spent at each tier (all years on record)"),
    "pr_mix": ("历年各培训层级参训人次占比", "Share of person-times by training tier over the years"),
    # ranking
    "rk_count": ("{year} 年共 {n} 所学校参与排名，分 {groups} 个比较组。", "{n} schools ranked in {year}, in {groups} comparison groups."),
    "rk_weights": ("权重（可调整）", "Weights (adjustable)"),
    "rk_group": ("比较组", "Compare with"),
    "rk_group_stage": ("同学段学校", "Schools of the same stage"),
    "rk_group_all": ("全部学校", "All schools"),
    "rk_show_group": ("图中显示的比较组", "Group shown in the chart"),
    "rk_w_coverage": ("培训覆盖率", "Coverage"),
    "rk_w_pass_rate": ("合格率", "Pass rate"),
    "rk_w_hours_per_teacher": ("人均学时", "Hours per teacher"),
    "rk_w_award_density": ("获奖密度", "Award density"),
    "rk_w_rating": ("学校考核等次", "School rating"),
    "rk_levels": ("获奖级别权重", "Award level weights"),
    "rk_reset": ("恢复默认权重", "Default weights"),
    "rk_chart": ("{year} 年综合得分及各指标贡献（{group}）", "Composite and each indicator's contribution, {year} ({group})"),
    "rk_table": ("{year} 年学校排名", "School ranking {year}"),
    "rk_method": ("计算方法", "How the score is made"),
    "rk_small_note": ("标 ⚠ 的学校名册教师少于 {n} 人，比率波动较大，名次仅供参考。",
                      "Schools marked ⚠ have fewer than {n} teachers: their rates swing, read their rank with care."),
    # cycle compliance
    "cy_cycle": ("{start}–{end} 年周期，截至 {year} 年", "Cycle {start}–{end}, as of {year}"),
    "cy_credit_rules": ("本局学分规则：“{name}”。本页按学时统计进度；按该规则折算、封顶、冲抵后的学分台账、周期预测和学时（学分）证明见“教师档案”页。",
                        "The bureau's credit rules: “{name}”. This page counts hours; the ledger under those rules "
                        "(conversion, caps, offsets), the cycle forecast and the certificates are on the Teacher records page."),
    "cy_ledger_title": ("按本局学分规则（{name}）：{start}–{end} 周期", "Under the bureau's credit rules ({name}): cycle {start}–{end}"),
    "cy_ledger_met": ("已达标", "Already complied"),
    "cy_ledger_met_help": ("已达标率 = 学分台账中本周期已达到规则要求的教师 ÷ 台账中的教师（按规则折算、封顶、冲抵后）。",
                           "Already complied = teachers whose ledger meets the rule set's requirement this cycle ÷ "
                           "teachers in the ledger (after the rules' conversion, caps and offsets)."),
    "cy_ledger_projected": ("预计周期末达标", "Projected to comply"),
    "cy_ledger_projected_help": ("预计达标率 = （已达标 + 按目前进度周期末可达标的教师）÷ 台账中的教师。",
                                 "Projected rate = (already complied + teachers on pace to comply by the cycle's end) "
                                 "÷ teachers in the ledger."),
    "cy_ledger_at_risk": ("有风险（人）", "At risk (teachers)"),
    "cy_ledger_unreachable": ("已无法达标（人）", "Cannot make it (teachers)"),
    "cy_ledger_link": ("在“教师档案”页查看每位教师的学分台账、名单和证明", "Each teacher's ledger, the lists and the certificates: Teacher records"),
    "cy_rate": ("学时达标率", "On pace"),
    "cy_behind": ("进度落后教师（人）", "Teachers behind pace"),
    "cy_avg": ("人均已获学时", "Average hours so far"),
    "cy_due": ("人均应获学时", "Average hours due"),
    "cy_rule": ("每位教师每五年须完成 360 学时；周期中途按每年 72 学时折算应获学时（中途入职的教师从入职年度起算）。",
                "Every teacher needs 360 hours per five-year cycle; mid-cycle the hours due are 72 per elapsed year (from the year a teacher joined)."),
    "cy_by_chart": ("截至 {year} 年各{by}学时达标率", "On pace by {by}, as of {year}"),
    "cy_trend_chart": ("本周期逐年学时达标率", "On pace, year by year through the cycle"),
    "cy_behind_title": ("进度落后的教师", "Teachers behind pace"),
    "cy_behind_hidden": ("教师名单仅对分析人员显示；下表为各校人数。", "Names are shown to analysts only; the table counts them per school."),
    # awards
    "aw_total": ("获奖总数（项）", "Awards"),
    "aw_density": ("每百名教师获奖（项）", "Awards per 100 teachers"),
    "aw_level_chart": ("历年各级别获奖数", "Awards by level over the years"),
    "aw_category_chart": ("{year} 年各类别获奖数", "Awards by category, {year}"),
    "aw_school_chart": ("{year} 年各校每百名教师获奖数", "Awards per 100 teachers by school, {year}"),
    "aw_list": ("{year} 年获奖明细", "Awards in {year}"),
    "weighted": ("按级别加权", "Weighted by level"),
    # plan
    "pl_seats": ("计划名额（人）", "Planned seats"),
    "pl_actual": ("实际参训（人次）", "Participants"),
    "pl_rate": ("名额完成率", "Seats filled"),
    "pl_tier_chart": ("{year} 年各培训层级计划名额与实际参训", "Planned seats and participants by training tier, {year}"),
    "pl_plan_chart": ("{year} 年年度培训计划完成情况", "Annual plan targets and actual, {year}"),
    "pl_programs": ("{year} 年各培训项目完成情况", "Programs in {year}"),
    "pl_no_plan": ("{year} 年没有导入年度培训计划。", "No annual plan was loaded for {year}."),
    "series_planned": ("计划", "Planned"),
    "series_actual": ("实际", "Actual"),
    # school report card
    "sc_pick": ("学校", "School"),
    "sc_none": ("没有可查看的学校。", "No school to show."),
    "sc_facts": ("{stage} · {township} · {urban}{weak}", "{stage} · {township} · {urban}{weak}"),
    "sc_weak": (" · 薄弱学校", " · weak school"),
    "sc_rating": ("{year} 年考核：{rating}", "Rated {rating} in {year}"),
    "sc_rank": ("综合排名", "Composite rank"),
    "sc_rank_of": ("第 {rank} / {size} 名", "{rank} of {size}"),
    "sc_teachers": ("名册教师（人）", "Teachers on roster"),
    "sc_trend_chart": ("{school}与全县培训覆盖率", "Coverage: {school} and the county"),
    "sc_county": ("全县", "County"),
    "sc_mix_chart": ("{year} 年各培训层级参训人次", "Person-times by training tier, {year}"),
    "sc_pyramid": ("{year} 年教师发展层级", "Development tiers, {year}"),
    "sc_years": ("历年指标", "Year by year"),
    "sc_link": ("本页链接可直接分享：地址栏中的 ?school= 指明了学校。", "This page's address names the school (?school=…): share it as it is."),
    # import
    "im_intro": ("上传教育局系统导出的 Excel / CSV 文件（可多选）。系统按表头自动识别数据类型，先预览导入后的效果，确认后才写入。"
                 "文件只更新它有的列，不会清空它没有的列；同一文件重复导入不会产生重复数据；修正后的文件会替换原来的记录。",
                 "Upload the Excel / CSV files exported from the bureau's systems (several at once). Each sheet's kind is "
                 "recognised from its headers; the preview shows what a load would do, and nothing is written until you "
                 "confirm. A file updates only the columns it has; loading the same file twice changes nothing; a corrected "
                 "file replaces what its earlier version said."),
    "im_previewing": ("正在预览（试运行，不写入）……", "Previewing (a dry run, nothing is written)…"),
    "im_preview_note": ("以下是试运行的结果：数据尚未写入。核对无误后点击“确认导入”。",
                        "This is a dry run: nothing has been written yet. Check it, then press “Confirm and load”."),
    "im_sheet_detail": ("{where} → {kind}：列对应、前几行与预计效果", "{where} → {kind}: columns, first rows, predicted effect"),
    "im_why": ("识别依据", "Recognised by"),
    "im_header": ("文件中的列", "Column in the file"),
    "im_field": ("导入为", "Stored as"),
    "im_sample": ("前几行（按入库后的样子，身份证号已脱敏）", "First rows as they would be stored (ID numbers masked)"),
    "im_files": ("选择文件", "Choose files"),
    "im_lake": ("看板现在读取的是在 Spark 上建模的数据湖（{path}），这里不能导入。请在数据中心用 python -m etl 导入到"
                "省级数据仓库，再导出数据湖（python -m etl export --lake）并重新建模（python -m warehouse.build --engine spark）。",
                "The dashboard reads a lake of models built on Spark ({path}); files cannot be imported here. Load them "
                "into the warehouse at the data centre (python -m etl), export the lake (python -m etl export --lake) "
                "and build again (python -m warehouse.build --engine spark)."),
    "im_browse": ("浏览文件", "Browse files"),
    "im_limit": ("可拖入文件；每个文件不超过 {mb} MB；支持 XLSX、XLS、CSV",
                 "Or drag files here; up to {mb} MB each; XLSX, XLS or CSV"),
    "im_kind": ("数据类型", "Kind of data"),
    "im_auto": ("自动识别", "Recognise from the headers"),
    "im_recognised": ("识别结果", "What was recognised"),
    "im_load": ("确认导入", "Confirm and load"),
    "im_loading": ("正在导入……", "Loading…"),
    "im_summary": ("导入结果", "Load summary"),
    "im_done": ("导入完成：{loaded} 个工作表已导入，{unchanged} 个未变化，{failed} 个失败。",
                "Done: {loaded} sheets loaded, {unchanged} unchanged, {failed} failed."),
    "im_rejects": ("未导入的行及原因", "Rows not loaded, with the reasons"),
    "im_no_rejects": ("所有行都已导入，没有被拒绝的行。", "Every row was loaded; none was rejected."),
    # data quality
    "dq_loads": ("导入批次", "Loads"),
    "dq_rejected": ("被拒绝的行", "Rows rejected"),
    "dq_warned": ("有提示的行", "Rows with warnings"),
    "dq_gaps": ("{year} 年缺数据的学校", "Schools with gaps in {year}"),
    "dq_history": ("导入记录", "Load history"),
    "dq_reasons": ("被拒绝最多的原因", "Most frequent reasons for rejected rows"),
    "dq_rejects": ("被拒绝的行（含原始内容）", "Rejected rows (with their raw values)"),
    "dq_warnings": ("已导入但需核对的行", "Loaded rows to check"),
    "cov_no_result": ("本年有 {rows} 条参训记录（来自 {files} 个文件）没有考核结果，不计入下面的覆盖率和合格率",
                      "{rows} participation rows this year (from {files} files) have no result and count in none of the coverage and pass rates below"),
    "cov_no_result_link": ("到“数据质量”查看是哪些文件、为什么", "See which files and why on Data quality"),
    "dq_no_result": ("没有考核结果的参训记录", "Participation without a result"),
    "dq_no_result_no_column": ("{file}：本文件没有考核结果列：这 {rows} 条记录不计入覆盖率和合格率。请补上“考核结果”列后重新导入该文件",
                               "{file}: the file has no result column, so these {rows} rows count in no coverage or pass rate. "
                               "Add a 考核结果 column and load the file again"),
    "dq_no_result_blank": ("{file}：{rows} 条记录的考核结果为空，不计入覆盖率和合格率。请填写后重新导入该文件",
                           "{file}: {rows} rows have an empty result and count in no coverage or pass rate. Fill them in and load the file again"),
    "dq_no_result_unrecognised": ("{file}：{rows} 条记录的考核结果无法识别，不计入覆盖率和合格率。请按导入提示更正后重新导入",
                                  "{file}: {rows} rows have a result that was not recognised and count in no coverage or pass rate. "
                                  "Correct them as the load's warnings say and load the file again"),
    "dq_gap_table": ("{year} 年各校数据缺口", "Data gaps by school, {year}"),
    "dq_completeness": ("教师名册完整性", "How complete the rosters are"),
    "dq_no_gaps": ("{year} 年每所学校都有名册、参训和考核数据。", "Every school has roster, participation and rating data for {year}."),
    # missing / broken warehouse
    "missing_title": ("还没有数据仓库", "No warehouse yet"),
    "missing_body": (
        "看板读取的数据仓库文件 `{path}` 不存在。\n\n"
        "在项目目录里运行下面任一命令即可生成：\n\n"
        "- `make run`：安装依赖、生成示例县数据并启动看板；\n"
        "- `python -m etl demo`：只生成示例县的数据仓库；\n"
        "- `python -m etl load 文件或文件夹…`：导入本县的 Excel/CSV 文件。\n\n"
        "生成后刷新本页即可。也可以在左侧“数据导入”页直接上传文件。",
        "The dashboard reads the warehouse file `{path}`, which does not exist.\n\n"
        "Build it from the project folder with one of:\n\n"
        "- `make run`: installs, builds the demo county and serves the dashboard;\n"
        "- `python -m etl demo`: builds only the demo county's warehouse;\n"
        "- `python -m etl load FILES_OR_FOLDERS…`: loads your county's Excel/CSV files.\n\n"
        "Then reload this page. You can also upload files on the Import page on the left.",
    ),
    "broken_title": ("数据仓库无法打开", "The warehouse cannot be opened"),
    "broken_body": (
        "数据仓库文件 `{path}` 存在，但无法读取：{reason}\n\n"
        "可能是文件损坏或不是本系统生成的。请重新生成：`python -m etl demo`（示例数据）"
        "或 `python -m etl load 文件或文件夹…`（本县数据），然后刷新本页。",
        "The warehouse file `{path}` exists but cannot be read: {reason}\n\n"
        "It may be damaged or not built by this system. Rebuild it with `python -m etl demo` "
        "(demo data) or `python -m etl load FILES_OR_FOLDERS…` (your data), then reload this page.",
    ),
}


def text(key: str, **values) -> str:
    """The interface text for ``key`` in the current language, with ``{placeholders}`` filled."""
    zh, en = TEXT[key]
    chosen = zh if lang() == "zh" else en
    return chosen.format(**values) if values else chosen


t = text


def _more() -> None:
    from ui.i18n_more import MORE
    TEXT.update(MORE)


_more()
