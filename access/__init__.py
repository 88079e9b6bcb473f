"""Who may see what: local accounts, roles, the row-level scope, and the way back after a fault.

No Streamlit here: the login form, the session's reader and the download rule's use are in
``ui.login``, ``ui.reader`` and ``ui.downloads``.

- ``access.user``: the logged-in ``User`` (role, schools) and what it may do.
- ``access.accounts``: the accounts file beside the warehouse, argon2 password hashes, login.
- ``access.recovery``: warehouse health check and restoring the kept previous version.
- ``python -m access``: manage accounts and restore the previous warehouse from the shell.
"""
