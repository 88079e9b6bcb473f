"""Interface texts added in round 2 (training form, 参训率, exports, print, links), kept
apart so ``ui.texts`` stays readable; ``ui.texts.TEXT`` includes them."""
from __future__ import annotations

MORE: dict[str, tuple[str, str]] = {
    # plan vs actual under a filter
    "pl_scope_note": (
        "年度计划和项目名额按全县制定，完成率按全县参训人次计算；所选范围（{scope}）的参训人次单列为“所选范围参训”，"
        "占全县的 {share}。",
        "Plans and seats are set for the whole county, so completion counts the whole county's participants; "
        "the selection ({scope}) is shown apart as \"In selection\": {share} of the county's."),
    "pl_scope_school_note": (
        "年度计划和项目名额按全县制定：这里的参训人次只计本校教师，完成率是本校在全县名额中完成的部分。",
        "Plans and seats are set for the whole county: participants here are your school's teachers only, so "
        "completion is your school's part of the county's seats."),
    "cy_avg_note": (
        "人均已获学时高于人均应获学时，达标率却是 {rate}：人均数被学时多的教师拉高，达标率则逐人比较，"
        "每位教师要达到自己的应获学时（新入职教师按在职年数折算）。仍有 {behind} 人未达到。",
        "Hours gained per teacher exceed hours due per teacher, yet the compliance rate is {rate}: teachers with "
        "many hours lift the average, while the rate checks each teacher against their own due hours (pro-rated "
        "for new teachers). {behind} teachers are still behind."),
    "rk_small_group": ("这个比较组只有 {n} 所学校（少于 {least} 所），各项指标按当年参与排名的全部学校计分，名次仍在组内排列。",
                       "This comparison group has only {n} schools (fewer than {least}): each indicator is scored "
                       "against every school ranked that year; the ranks are still within the group."),
    "page_download": ("下载本页（Excel）", "Download this page (Excel)"),
    "page_download_help": ("一个 Excel 文件：第一张工作表说明页面、筛选范围、下载时间和指标口径，其后每个图表、表格一张工作表。",
                           "One Excel file: a first sheet with the page, its filters, the time and the metric "
                           "definitions, then a sheet for each chart and table."),
    "page_about_sheet": ("说明", "About"),
    "page_about_item": ("项目", "Item"),
    "page_about_value": ("内容", "Value"),
    "page_about_page": ("页面", "Page"),
    "page_about_scope": ("范围", "Scope"),
    "page_about_time": ("下载时间", "Downloaded"),
    "page_about_definition": ("指标口径", "Definition"),
    "pl_in_selection": ("所选范围参训（人次）", "In selection (person-times)"),
    # training form
    "f_form": ("培训形式", "Training form"),
    "n_forms": ("{n} 种培训形式", "{n} training forms"),
    "form_online_pt": ("网络培训人次", "Online person-times"),
    "form_shadowing_pt": ("外出交流/跟岗人次", "Shadowing person-times"),
    "ov_by_form": ("各培训形式参训人次", "Person-times by training form"),
    "ov_form_chart": ("{year} 年各培训层级、培训形式参训人次", "Person-times by training tier and form, {year}"),
    "form_note": ("培训形式取自培训项目；网络培训 = 线上/网络研修项目，外出交流/跟岗 = 跟岗、影子培训项目，"
                  "混合式单列。", "The form is the program's: online = online programs; shadowing = "
                  "visits and job shadowing; blended is counted on its own."),
    # 参训率 beside 覆盖率
    "ov_attendance": ("参训率", "Participation rate"),
    "ov_teachers": ("教师总数（人）", "Teachers"),
    "ov_trained": ("参训合格教师（人）", "Teachers trained (passed)"),
    "ov_ratings": ("学校考核等次", "School ratings"),
    "ov_rating_count": ("{rating}（所）", "{rating} (schools)"),
    "ov_key_teachers": ("骨干及以上教师（按层级）", "Key teachers and above, by level"),
    "ov_definitions": ("口径：覆盖率 = 当年至少一项培训考核合格的名册教师 ÷ 名册教师；参训率 = 当年至少参加一项培训"
                       "（不论考核结果）的名册教师 ÷ 名册教师。",
                       "Coverage = roster teachers who passed at least one training that year ÷ roster teachers; "
                       "participation rate = roster teachers who took part in at least one (any result) ÷ roster "
                       "teachers."),
    "sc_title": ("学校画像：{school}", "School report card: {school}"),
    "sc_year_cards": ("{year} 年主要指标（箭头为较 {before} 年的变化）", "Key figures, {year} (arrows: change from {before})"),
    "sc_form_chart": ("{year} 年各培训形式参训人次", "Person-times by training form, {year}"),
    # exports, print, links
    "download_page": ("下载本页（Excel，每个图表一张表）", "Download this page (Excel, a sheet per chart)"),
    "print_hint": ("打印：浏览器菜单“打印”（Ctrl+P），A4 纵向；侧栏和按钮不打印。",
                   "Print with the browser (Ctrl+P), A4 portrait; the sidebar and buttons are left out."),
    "bad_school": ("链接中的学校代码“{code}”不存在或不在您的权限范围内，请在下方选择学校。",
                   "The school code \"{code}\" in the link does not exist or is outside your access; "
                   "choose a school below."),
    "bad_year": ("链接中的年度 {year} 没有数据，已改为显示 {shown} 年。可选年度：{years}。",
                 "There is no data for {year} in the link; showing {shown} instead. Years: {years}."),
    "bad_value": ("链接中的“{field}”取值 {values} 不存在，已忽略。",
                  "The link's {field} value(s) {values} do not exist and were ignored."),
    "not_found": ("没有这个页面：“{path}”。已打开总览；请从左侧菜单选择页面。",
                  "There is no page \"{path}\". The overview is shown; choose a page on the left."),
}
