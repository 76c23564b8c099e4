"""\\sf and \\sv (show a function's or a view's definition; meta/edit_commands.py edits one), \\copyright: psql's
command.c.

psql finds the object with a regproc/regprocedure or regclass cast and builds the text from pg_get_functiondef or
pg_get_viewdef (lookup_object_oid, get_create_object_cmd). Those two queries go out through PQexec, not PSQLexec:
no implicit BEGIN under AUTOCOMMIT off, an error shows only its severity and primary message
(minimal_error_message), ERROR, LAST_ERROR_* and \\errverbose are left as they were, and under ECHO_HIDDEN the
-L log frames them as stdout does. Aurora DSQL gets the same queries: FACTS.md marks none of what they read
(pg_proc, pg_class, pg_namespace, pg_get_functiondef, pg_get_viewdef) missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dsqlsh import reporting, session
from dsqlsh.meta.registry import Call, Result, command

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.context import Context

__all__ = ["BODY_STARTS", "COPYRIGHT", "C_SPACE", "definition_lines", "fmt_id", "object_argument",
           "object_definition", "with_line_numbers"]

# fmtId quotes a name that is a keyword of any category but "unreserved" (PostgreSQL 18's kwlist.h).
_QUOTED_KEYWORDS = frozenset("""
all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast
char character check coalesce collate collation column concurrently constraint create cross current_catalog
current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable
desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group
grouping having ilike in initially inner inout int integer intersect interval into is isnull join json json_array
json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value
lateral leading least left like limit localtime localtimestamp merge_action national natural nchar none normalize not
notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary
real references returning right row select session_user setof similar smallint some substring symmetric system_user
table tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic
verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi
xmlroot xmlserialize xmltable""".split())
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")
C_SPACE = " \t\n\v\f\r"  # C's isspace
# The first line of a function's body in pg_get_functiondef's text: \sf+ numbers from it, \ef LINE counts from it.
BODY_STARTS = ("AS ", "BEGIN ", "RETURN ")

_VIEW_QUERY = (
    "SELECT nspname, relname, relkind, pg_catalog.pg_get_viewdef(c.oid, true), "
    "pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions,'check_option=local'),'check_option=cascaded') "
    "AS reloptions, CASE WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL'::text "
    "WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED'::text ELSE NULL END AS checkoption "
    "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid WHERE c.oid = {oid}"
)

# psql's print_copyright text (puts adds a newline after its closing blank line).
COPYRIGHT = """\
PostgreSQL Database Management System
(also known as Postgres, formerly known as Postgres95)

Portions Copyright (c) 1996-2025, PostgreSQL Global Development Group

Portions Copyright (c) 1994, The Regents of the University of California

Permission to use, copy, modify, and distribute this software and its
documentation for any purpose, without fee, and without a written agreement
is hereby granted, provided that the above copyright notice and this
paragraph and the following two paragraphs appear in all copies.

IN NO EVENT SHALL THE UNIVERSITY OF CALIFORNIA BE LIABLE TO ANY PARTY FOR
DIRECT, INDIRECT, SPECIAL, INCIDENTAL, OR CONSEQUENTIAL DAMAGES, INCLUDING
LOST PROFITS, ARISING OUT OF THE USE OF THIS SOFTWARE AND ITS
DOCUMENTATION, EVEN IF THE UNIVERSITY OF CALIFORNIA HAS BEEN ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.

THE UNIVERSITY OF CALIFORNIA SPECIFICALLY DISCLAIMS ANY WARRANTIES,
INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY
AND FITNESS FOR A PARTICULAR PURPOSE.  THE SOFTWARE PROVIDED HEREUNDER IS
ON AN "AS IS" BASIS, AND THE UNIVERSITY OF CALIFORNIA HAS NO OBLIGATIONS TO
PROVIDE MAINTENANCE, SUPPORT, UPDATES, ENHANCEMENTS, OR MODIFICATIONS.

"""


@command("copyright", usage="\\copyright", group="General",
         help="show PostgreSQL usage and distribution terms")
def do_copyright(call: Call) -> Result:
    """psql's \\copyright: PostgreSQL's copyright notice."""
    call.ctx.streams.stdout.write(COPYRIGHT)  # psql's puts: stdout even under \o
    call.ctx.streams.stdout.flush()
    return Result.OK


# ---- \sf and \sv ---------------------------------------------------------------------------------------------

@command("sf", "sf+", usage="\\sf[+]   FUNCNAME", group="Informational",
         help="show a function's definition")
def do_show_function(call: Call) -> Result:
    """\\sf[+] FUNCNAME: a name with argument types, or a bare name that must be unique."""
    return _show(call, is_func=True)


@command("sv", "sv+", usage="\\sv[+]   VIEWNAME", group="Informational",
         help="show a view's definition")
def do_show_view(call: Call) -> Result:
    """\\sv[+] VIEWNAME, possibly schema-qualified."""
    return _show(call, is_func=False)


def _show(call: Call, *, is_func: bool) -> Result:
    """psql's exec_command_sf_sv: the definition to \\o's target (through the pager on a terminal)."""
    ctx = call.ctx
    desc = object_argument(call)
    if desc is None:
        ctx.error("function name is required" if is_func else "view name is required")
        return Result.ERROR
    text = object_definition(ctx, desc, is_func=is_func)
    if text is None:
        return Result.ERROR
    if "+" in call.name:
        text = with_line_numbers(text, is_func=is_func)
    from dsqlsh.output.pager import Paged

    paged = Paged(ctx.streams.out, ctx.streams.stdout, ctx.streams.stdin, ctx.popt)
    paged.stream.write(text)
    paged.finish()
    ctx.streams.out.flush()
    return Result.OK


def object_argument(call: Call) -> str | None:
    """The whole rest of the line; as psql's OT_WHOLE_LINE with semicolon=true, trailing whitespace and
    semicolons dropped, and nothing left means no argument."""
    text = (call.args.next("whole_line") or "").rstrip(C_SPACE + ";")
    return text or None


def with_line_numbers(text: str, *, is_func: bool) -> str:
    """psql's print_with_linenumbers: a function's header lines (before its body) unnumbered, the rest
    numbered from 1."""
    in_header = is_func
    lineno = 0
    out: list[str] = []
    for line in definition_lines(text):
        if in_header and line.startswith(BODY_STARTS):
            in_header = False
        if in_header:
            out.append(f"        {line}\n")
        else:
            lineno += 1
            out.append(f"{lineno:<7} {line}\n")
    return "".join(out)


def definition_lines(text: str) -> list[str]:
    """The lines psql walks: split on newlines only, no empty line after a final newline."""
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


# ---- the lookup and the definition ---------------------------------------------------------------------------

def object_definition(ctx: Context, desc: str, *, is_func: bool) -> str | None:
    """psql's lookup_object_oid then get_create_object_cmd: the CREATE OR REPLACE text, ending in a newline
    (unless empty); None after an error (printed)."""
    cast = ("regprocedure" if "(" in desc else "regproc") if is_func else "regclass"
    row = _exec_one_row(ctx, f"SELECT {_literal(desc)}::pg_catalog.{cast}::pg_catalog.oid")
    if row is None:
        return None
    oid = row[0] or "0"
    if is_func:
        row = _exec_one_row(ctx, f"SELECT pg_catalog.pg_get_functiondef({oid})")
        text = None if row is None else row[0] or ""
    else:
        row = _exec_one_row(ctx, _VIEW_QUERY.format(oid=oid))
        text = None if row is None else _view_definition(ctx, row)
    if text is None:
        return None
    return text if not text or text.endswith("\n") else text + "\n"


def _view_definition(ctx: Context, row: list[str | None]) -> str | None:
    """CREATE OR REPLACE VIEW with its options and check option; None (error printed) when it is no view."""
    nspname, relname, relkind, viewdef, reloptions, checkoption = (value or "" for value in row)
    if relkind != "v":  # psql cannot CREATE OR REPLACE a materialized view, so it refuses those too
        ctx.error(f'"{nspname}.{relname}" is not a view')
        return None
    text = f"CREATE OR REPLACE VIEW {fmt_id(nspname)}.{fmt_id(relname)}"
    if len(reloptions) > 2:  # not an empty array "{}"
        std_strings = ctx.conn is None or ctx.conn.parameter("standard_conforming_strings") == "on"
        options = _reloptions(reloptions, std_strings=std_strings)
        if options is None:
            ctx.error("could not parse reloptions array")
            return None
        text += f"\n WITH ({options})"
    text += f" AS\n{viewdef}"
    text = text.removesuffix(";")  # the semicolon pg_get_viewdef appends
    if checkoption:
        text += f"\n WITH {checkoption} CHECK OPTION"
    return text


def _exec_one_row(ctx: Context, sql: str) -> list[str | None] | None:
    """psql's PQexec of one hidden query wanting exactly one row; None after an error (printed as
    minimal_error_message does) or under ECHO_HIDDEN=noexec."""
    from dsqlsh.connection import ExecStatus

    if not reporting.echo_hidden(ctx, sql, log_as_stdout=True):
        return None
    conn = ctx.conn
    if conn is None:
        ctx.error("ERROR:  (not available)")  # psql's message for PQexec on no connection
        return None
    session.ensure_usable(ctx)
    conn = ctx.conn
    assert conn is not None
    last: PGresult | None = None
    for res in conn.execute(sql):
        last = res  # PQexec returns the last result
    if last is None or last.status != ExecStatus.TUPLES_OK or last.ntuples != 1:
        _minimal_error(ctx, last)
        return None
    values = (last.get_value(0, col) for col in range(last.nfields))
    return [None if value is None else value.decode(conn.codec, "surrogateescape") for value in values]


def _minimal_error(ctx: Context, res: PGresult | None) -> None:
    """psql's minimal_error_message: severity and primary message only (no DETAIL, LINE or VERBOSITY)."""
    from dsqlsh.diagnostics import PRIMARY, SEVERITY, field

    severity = (field(res, SEVERITY) if res is not None else None) or "ERROR"
    primary = (field(res, PRIMARY) if res is not None else None) or "(not available)"
    ctx.error(f"{severity}:  {primary}")


def _literal(text: str) -> str:
    """appendStringLiteralConn: a backslash always brings the E'' form (psql's escape_string_warning kluge)."""
    quoted = text.replace("'", "''")
    if "\\" in text:
        return "E'" + quoted.replace("\\", "\\\\") + "'"
    return "'" + quoted + "'"


def fmt_id(name: str) -> str:
    """psql's fmtId: name as is when it reads back the same unquoted, else double-quoted."""
    if _PLAIN_NAME.fullmatch(name) and name not in _QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def _reloptions(array: str, *, std_strings: bool) -> str | None:
    """appendReloptionsArray: "{a=b,c=d}" as a=b, c=d, a value quoted unless it is a plain name."""
    options = _parse_array(array)
    if options is None:
        return None
    parts = []
    for option in options:
        name, _, value = option.partition("=")
        if fmt_id(value) != value:
            value = "'" + value.replace("'", "''").replace("\\", "\\" if std_strings else "\\\\") + "'"
        parts.append(f"{fmt_id(name)}={value}")
    return ", ".join(parts)


_ELEMENT = r'"(?:[^"\\]|\\.)*"|[^,"{}\\]+'
_ARRAY = re.compile(rf"\{{(?:(?:{_ELEMENT})(?:,(?:{_ELEMENT}))*)?\}}", re.DOTALL)


def _parse_array(text: str) -> list[str] | None:
    """parsePGArray for a one-dimensional array literal; None when text is not one."""
    if not _ARRAY.fullmatch(text):
        return None
    return [re.sub(r"\\(.)", r"\1", item[1:-1], flags=re.DOTALL) if item.startswith('"') else item
            for item in re.findall(_ELEMENT, text[1:-1], flags=re.DOTALL)]
