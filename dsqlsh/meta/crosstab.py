"""\\crosstabview [colV [colH [colD [sortcolH]]]]: run the query buffer as \\g does and show its result pivoted.

The pivot is dsqlsh/output/crosstab.py; the engine applies it to the query's last result (QueryOptions.crosstab).
"""

from __future__ import annotations

import re

from dsqlsh.engine import QueryOptions
from dsqlsh.meta.args import dequote_downcase
from dsqlsh.meta.registry import Call, Result, command, warn_extra_args
from dsqlsh.output.crosstab import ColumnRef
from dsqlsh.variables import c_atoi

ARGUMENTS = 4  # colV, colH, colD, sortcolH (psql's ctv_args)
_NUMBER = re.compile(r"[0-9]+")


# psql's help.c prints this one usage, one character too long for the usual column, on the description's line
# (one space between): help.py lays out an empty help as the usage alone, so the usage carries the whole line.
@command("crosstabview", usage="\\crosstabview [COLUMNS] execute query and display result in crosstab",
         group="General", help="", listed_before="errverbose")
def do_crosstabview(call: Call) -> Result:
    """psql's exec_command_crosstabview: up to four ordinary arguments, then the query is sent."""
    ctx = call.ctx
    args = [call.args.next() for _ in range(ARGUMENTS)]
    for message in call.args.errors:  # "unterminated quoted string", printed as psql's lexer does
        ctx.error(message)
    warn_extra_args(call)
    call.runner.send_buffer(QueryOptions(crosstab=[None if arg is None else column_ref(arg) for arg in args]))
    return Result.OK


def column_ref(arg: str) -> ColumnRef:
    """psql's indexOfColumn reading of an argument: all digits is a column number; anything else a name,
    dequoted and downcased as an identifier ("22" is the column named 22, Foo is foo)."""
    if _NUMBER.fullmatch(arg):
        return c_atoi(arg)
    return dequote_downcase(arg, downcase=True)
