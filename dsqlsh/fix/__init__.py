"""``--fix``: what DSQL rejects rewritten into what it accepts, with a report of each change.

The modules, in the order a script goes through them: script (statements, commands and COPY data, read as psql
reads them), facts (the first pass: what later statements tell earlier ones), rewrite and tables (the second pass:
each statement fixed), changes (what a fix did), fixes (every fix as data, with its example), run (files in,
fixed script and report out, exit status).
"""

from dsqlsh.fix.run import fix_file

__all__ = ["fix_file"]
