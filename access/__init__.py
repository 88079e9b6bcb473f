"""Who may see what: local accounts, roles, the row-level scope, and the way back after a fault.

- ``access.user``: the logged-in ``User`` (role, schools) and what it may do.
- ``access.accounts``: the accounts file beside the warehouse, argon2 password hashes, login.
- ``access.ui``: the Streamlit login form / demo banner the app calls before navigation.
- ``access.recovery``: warehouse health check and restoring the kept previous version.
- ``python -m access``: manage accounts and restore the previous warehouse from the shell.
"""
