"""Data files shipped in the package: the playground seeds (SQL) and psql-style SQL help (sql_help.py)."""
