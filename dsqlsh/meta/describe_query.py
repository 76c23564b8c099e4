"""Catalog queries for meta-commands, run and printed the way psql's PSQLexec and printQuery do.

Shared by the \\d family (describe.py, describe_table.py) and the DSQL commands (dsql.py).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dsqlsh import reporting, session
from dsqlsh.meta.patterns import PatternError, Where, where
from dsqlsh.output.options import Table

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.output.options import PrintOptions

__all__ = ["SYSTEM_SCHEMAS", "Catalog", "Rows", "acl_column"]

# The WHERE lines that leave psql's system schemas out of a listing (without S).
SYSTEM_SCHEMAS = "      AND n.nspname <> 'pg_catalog'\n      AND n.nspname <> 'information_schema'\n"
# listTables' and listPartitionedTables' form, which hides TOAST schemas too.
SYSTEM_AND_TOAST_SCHEMAS = ("      AND n.nspname <> 'pg_catalog'\n      AND n.nspname !~ '^pg_toast'\n"
                            "      AND n.nspname <> 'information_schema'\n")


def acl_column(column: str) -> str:
    """printACLColumn."""
    return (f"CASE WHEN pg_catalog.array_length({column}, 1) = 0 THEN '(none)' "
            f"ELSE pg_catalog.array_to_string({column}, E'\\n') END AS \"Access privileges\"")


@dataclass
class Rows:
    """One catalog query's result as the server's text: None is NULL."""

    headers: list[str]
    aligns: list[str]
    values: list[list[str | None]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.values)

    def text(self, row: int, col: int) -> str:
        """PQgetvalue: a NULL reads as the empty string."""
        value = self.values[row][col]
        return "" if value is None else value

    def is_null(self, row: int, col: int) -> bool:
        return self.values[row][col] is None

    def flag(self, row: int, col: int) -> bool:
        """A boolean column: psql tests for "t"."""
        return self.values[row][col] == "t"

    def column(self, name: str) -> int:
        """PQfnumber."""
        return self.headers.index(name)


class Catalog:
    """Runs psql's hidden queries on the session's connection and prints their results."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def version(self) -> int:
        conn = self.ctx.conn
        return conn.server_version if conn else 0

    @property
    def is_dsql(self) -> bool:
        conn = self.ctx.conn
        return conn is not None and conn.params.is_dsql

    @property
    def dbname(self) -> str:
        conn = self.ctx.conn
        return conn.dbname if conn else ""

    def where(self, pattern: str | None, *, have_where: bool, namevar: str | None, schemavar: str | None = None,
              altnamevar: str | None = None, visibility: str | None = None, maxparts: int = 3,
              force_escape: bool = False) -> Where | None:
        """validateSQLNamePattern for this connection; prints psql's error and returns None if refused."""
        conn = self.ctx.conn
        std = conn is None or conn.parameter("standard_conforming_strings") != "off"
        try:
            return where(pattern, have_where=have_where, force_escape=force_escape, schemavar=schemavar,
                         namevar=namevar, altnamevar=altnamevar, visibility=visibility, maxparts=maxparts,
                         dbname=self.dbname, server_version=self.version, std_strings=std)
        except PatternError as exc:
            self.ctx.error(str(exc))
            return None

    def literal(self, text: str) -> str:
        from dsqlsh.meta.patterns import literal

        conn = self.ctx.conn
        return literal(text, std_strings=conn is None or conn.parameter("standard_conforming_strings") != "off")

    def listing(self, sql: str, pattern: str | None, *, title: str, order_by: str, namevar: str,
                visibility: str, schemavar: str = "n.nspname", expanded: str | None = None) -> bool:
        """The common shape of a list command: sql (ending in a WHERE), the pattern's conditions,
        ORDER BY, run and print with title. False when the pattern or the query failed."""
        clause = self.where(pattern, have_where=True, schemavar=schemavar, namevar=namevar, visibility=visibility)
        if clause is None:
            return False
        rows = self.query(f"{sql}{clause.sql}ORDER BY {order_by};")
        if rows is None:
            return False
        return self.show(rows, title=title, expanded=expanded)

    def show_query(self, sql: str, *, title: str, expanded: str | None = None) -> bool:
        """PSQLexec then printQuery with title: False when the query failed (its error printed) or the output
        could not be written."""
        rows = self.query(sql)
        return rows is not None and self.show(rows, title=title, expanded=expanded)

    def query(self, sql: str, *, implicit_begin: bool = True) -> Rows | None:
        """psql's PSQLexec: echo under -E, run (opening a transaction when AUTOCOMMIT is off), report errors.

        None means no rows to show: an error (already printed) or ECHO_HIDDEN=noexec.
        """
        ctx = self.ctx
        if not reporting.echo_hidden(ctx, sql):
            return None
        if ctx.conn is None:
            ctx.error("You are currently not connected to a database.")
            return None
        session.ensure_usable(ctx)
        if implicit_begin:
            reporting.begin_if_needed(ctx)
        return self._collect(sql)

    def _collect(self, sql: str) -> Rows | None:
        from dsqlsh.connection import ERROR_STATUSES, ExecStatus
        from dsqlsh.output.printer import table_from_result

        ctx = self.ctx
        conn = ctx.conn
        assert conn is not None
        rows: Rows | None = None
        failed = False
        for res in conn.execute(sql):
            if res.status == ExecStatus.TUPLES_OK:
                table = table_from_result(res, conn.codec)
                rows = Rows(table.headers, table.aligns, [list(r) for r in table.rows])
            elif res.status in ERROR_STATUSES:
                failed = True
                reporting.report_error(ctx, res)
        if failed:
            return None
        return rows if rows is not None else Rows([], [])

    def show(self, rows: Rows, *, title: str | None, footers: list[str] | None = None,
             default_footer: bool = True, expanded: str | None = None) -> bool:
        """printQuery with psql's options for describe output (a NULL prints as \\pset null); False when the
        output could not be written."""
        popt = self.options(expanded)
        if footers is None and not default_footer:
            footers = []
        table = Table(headers=list(rows.headers), aligns=list(rows.aligns), rows=rows.values, footers=footers,
                      title=title)
        return self.print_table(table, popt)

    def options(self, expanded: str | None = None) -> PrintOptions:
        popt = copy.copy(self.ctx.popt)
        popt.title = None
        if expanded is not None:
            popt.expanded = expanded
        return popt

    def print_table(self, table: Table, popt: PrintOptions) -> bool:
        """Print through the pager when it applies, and to the -L log, as query results are; False when the
        output could not be written (a \\o pipe whose reader has gone: psql's error printed)."""
        out = self.ctx.streams.out
        printed = reporting.print_result(self.ctx, out, popt, table=table)
        out.flush()
        return printed
