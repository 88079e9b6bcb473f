"""The words of logging in, the account box and the access notices, in Chinese and English."""
from __future__ import annotations

from ui.i18n import lang

TEXT: dict[str, tuple[str, str]] = {
    "demo": ("演示模式：尚未配置账号，所有访问者都能看到全部学校的数据、导入文件、下载教师明细。"
             "正式使用前请在服务器上运行 python -m access add 创建账号（见 docs/deployment.md）。",
             "Demo mode: no accounts are configured, so every visitor sees every school, may import "
             "files and download teacher-level tables. Create accounts with python -m access add "
             "before real use (see docs/deployment.md)."),
    "login_title": ("登录师训数据看板", "Log in to the Teacher Training Dashboard"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "login": ("登录", "Log in"),
    "login_oidc": ("使用单位账号登录", "Log in with your organisation account"),
    "bad_credentials": ("用户名或密码不正确", "Wrong username or password"),
    "disabled": ("该账号已停用，请联系系统管理员", "This account is disabled; ask the administrator"),
    "throttled": ("尝试次数过多，请 {seconds} 秒后再试", "Too many attempts; try again in {seconds} seconds"),
    "busy": ("服务器正忙，请稍后再试", "The server is busy; please try again shortly"),
    "read_only": ("只读模式：尚未配置账号，访问者只能查看汇总数据，不能导入文件或下载教师明细。"
                  "系统管理员请在服务器上运行 python -m access add 创建账号（见 docs/deployment.md）。",
                  "Read-only mode: no accounts are configured, so visitors see aggregates only; nobody may "
                  "import files or download teacher-level tables. The administrator creates accounts with "
                  "python -m access add (see docs/deployment.md)."),
    "oidc_unknown": ("单位账号 {email} 尚未开通本看板，请联系系统管理员（python -m access add {email} --role … --oidc）",
                     "{email} has no access to this dashboard yet; ask the administrator "
                     "(python -m access add {email} --role … --oidc)"),
    "no_accounts": ("已启用单位账号登录，但还没有任何账号：请在服务器上运行 python -m access add",
                    "Organisation login is on but no accounts exist: run python -m access add on the server"),
    "broken": ("账号文件无法使用，已拒绝所有登录：{error}", "The accounts file cannot be used; every login is refused: {error}"),
    "logout": ("退出登录", "Log out"),
    "signed_in": ("{name}（{role}）", "{name} ({role})"),
    "schools": ("可见学校：{codes}", "Schools: {codes}"),
    "forbidden": ("您的账号无权使用此页面", "Your account may not use this page"),
    "restore_hint": ("上一次导入前的版本仍在（{prev}）。系统管理员可在服务器上运行 `python -m access restore-previous` 恢复它，"
                     "或从原始文件重建：`python -m etl load 原始文件所在文件夹/`。",
                     "The version before the last load is still there ({prev}). The administrator can put it back "
                     "with `python -m access restore-previous` on the server, or rebuild from the raw files with "
                     "`python -m etl load RAW_FOLDER/`."),
    "unavailable": ("数据暂时无法使用，系统管理员正在处理。请稍后再来，或联系系统管理员。",
                    "The data is unavailable for the moment; the administrator has been told. Please come back later."),
    "no_teacher_download": ("教师明细仅限分析员下载。", "Teacher-level tables can be downloaded by analysts only."),
}


def t(key: str, **values) -> str:
    pair = TEXT[key]
    return (pair[0] if lang() == "zh" else pair[1]).format(**values)
