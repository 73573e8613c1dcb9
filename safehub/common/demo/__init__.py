"""The demo partnership. Each app adds a step; `safehub demo` runs them in order.

Every step is idempotent (running the demo twice creates no duplicates) and deterministic
(the same seed gives the same data). All names are synthetic; e-mail domains are `.example`.
"""
