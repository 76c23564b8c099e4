"""What \\batch asks the server before it starts: the walked table's primary key, whether the statement calls
volatile functions where it chooses rows, whether an INSERT reads the table it writes, how wide a row is, and
where the key ranges of the jobs begin and end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.batch.keys import Key, KeyOrder, Range
from dsqlsh.batch.statement import BatchRefused
from dsqlsh.connection import ExecStatus
from dsqlsh.statements import quote_literal

if TYPE_CHECKING:
    from dsqlsh.batch.statement import Shape
    from dsqlsh.connection import Connection

__all__ = ["CatalogError", "check_statement", "key_order", "row_width", "job_ranges", "count_rows"]


class CatalogError(Exception):
    """A question to the server failed; the message is the server's."""


def rows(conn: Connection, sql: str) -> list[tuple[str | None, ...]]:
    """The rows of one query, as text; CatalogError with the server's message when it fails."""
    found: list[tuple[str | None, ...]] = []
    for res in conn.execute(sql):
        if res.status == ExecStatus.FATAL_ERROR:
            message = (res.error_message or b"").decode("utf-8", "replace").strip()
            raise CatalogError(message.removeprefix("ERROR:").strip())
        for r in range(res.ntuples):
            found.append(tuple(None if (v := res.get_value(r, c)) is None else bytes(v).decode("utf-8")
                               for c in range(res.nfields)))
    return found


def key_order(conn: Connection, shape: Shape) -> KeyOrder:
    """The walked table's primary key columns in key order, or BatchRefused when it has none."""
    table = quote_literal(shape.table).strip()
    found = rows(conn, f"SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) "
                       f"FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a "
                       f"ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                       f"WHERE i.indrelid = pg_catalog.to_regclass({table}) AND i.indisprimary "
                       f"ORDER BY pg_catalog.array_position(i.indkey::int2[], a.attnum)")
    if not found:
        exists = rows(conn, f"SELECT pg_catalog.to_regclass({table}) IS NOT NULL")
        if exists != [("t",)]:
            raise BatchRefused(f'relation "{shape.table}" does not exist')
        raise BatchRefused(f"table {shape.table} has no primary key, so its rows cannot be walked in key order")
    return KeyOrder(tuple((str(name), str(kind)) for name, kind in found), shape.ref)


def check_statement(conn: Connection, shape: Shape, keys: KeyOrder) -> None:
    """The refusals that need the server: an UPDATE of the key, volatile functions choosing the rows, an
    INSERT that reads the table it writes."""
    key_names = {name for name, _ in keys.columns}
    changed = sorted(key_names & set(shape.set_columns))
    if changed:
        raise BatchRefused(f"the UPDATE changes the primary key ({', '.join(changed)}), which is what the batches "
                           f"walk by: run it as one statement, or in ranges of your own")
    if shape.calls:
        names = ", ".join(quote_literal(name).strip() for name in sorted(shape.calls))
        volatile = rows(conn, f"SELECT DISTINCT proname FROM pg_catalog.pg_proc WHERE proname IN ({names}) "
                              f"AND provolatile = 'v' ORDER BY 1")
        if volatile:
            listed = ", ".join(f"{name}()" for (name,) in volatile)
            raise BatchRefused(f"{listed} would give each batch other rows (volatile): choose the rows by values "
                               f"that stay put")
    if shape.target is not None:
        same = rows(conn, f"SELECT pg_catalog.to_regclass({quote_literal(shape.target).strip()}) = "
                          f"pg_catalog.to_regclass({quote_literal(shape.table).strip()})")
        if same == [("t",)]:
            raise BatchRefused("the INSERT reads the table it writes, so later batches would see rows earlier "
                               "ones added")


def row_width(conn: Connection, shape: Shape) -> int | None:
    """The average size in bytes of the walked table's rows, from up to 1,000 of them (None when empty)."""
    found = rows(conn, f"SELECT avg(pg_catalog.pg_column_size(s.*))::bigint FROM (SELECT * FROM {shape.table} "
                       f"LIMIT 1000) s")
    return int(found[0][0]) if found and found[0][0] is not None else None


def count_rows(conn: Connection, shape: Shape, keys: KeyOrder, spans: list[Range]) -> int:
    """How many rows of the walked table the statement chooses in spans (for the progress line's total)."""
    total = 0
    for span in spans:
        found = rows(conn, f"SELECT count(*) FROM ({shape.keys_sql(keys.listed(), keys.condition(span), '1')}) s")
        total += int(found[0][0] or 0)
    return total


def job_ranges(conn: Connection, shape: Shape, keys: KeyOrder, jobs: int) -> list[Range]:
    """jobs disjoint ranges covering the rows the statement chooses now, about equally full; the last key
    chosen now closes the last one, so rows added later with higher keys are not walked. Empty: none chosen."""
    listed = keys.listed()
    last = rows(conn, shape.keys_sql(listed, "TRUE", keys.order(descending=True), 1))
    if not last:
        return []
    bounds: list[Key] = []
    if jobs > 1:
        total = int(rows(conn, f"SELECT count(*) FROM ({shape.keys_sql(listed, 'TRUE', '1')}) s")[0][0] or 0)
        for i in range(1, jobs):
            offset = total * i // jobs
            if offset < 1:
                continue
            found = rows(conn, shape.keys_sql(listed, "TRUE", keys.order(), 1) + f" OFFSET {offset - 1}")
            if found and (not bounds or _text_key(found[0]) != bounds[-1]):
                bounds.append(_text_key(found[0]))
    ends: list[Key | None] = [None, *bounds]
    uptos: list[Key] = [*bounds, _text_key(last[0])]
    return [Range(after, upto) for after, upto in zip(ends, uptos, strict=True)]


def _text_key(row: tuple[str | None, ...]) -> Key:
    return tuple(v or "" for v in row)
