"""DSQL compatibility checking: rules.py (the table), check.py (Checker), lint.py (dsqlsh --check)."""
