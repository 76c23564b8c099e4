"""A plain-format pg_dump from PostgreSQL 18 (which starts with \\restrict and ends with \\unrestrict) runs through
`dsqlsh -f` on plain PostgreSQL exactly as through psql 18: the same output and status, and the same database
after (compared by dumping both targets)."""

from __future__ import annotations

import re
import subprocess

from tests.pgserver import bin_dir

SOURCE = """
create schema shop;
create type shop.mood as enum ('ok', 'sad');
create table shop.customer (id bigint generated always as identity primary key, name text not null,
                            mood shop.mood default 'ok', joined timestamptz default now());
create table shop.orders (id serial primary key, customer bigint references shop.customer, total numeric(10,2),
                          note text, tags text[]);
create index on shop.orders (customer);
create view shop.big_orders as select * from shop.orders where total > 100;
create function shop.total_of(c bigint) returns numeric language sql stable as $$
  select coalesce(sum(total), 0) from shop.orders where customer = c $$;
comment on table shop.orders is 'every order; tab\there, quote '' there';
insert into shop.customer (name, mood) select 'name ' || g, case when g % 3 = 0 then 'sad' else 'ok' end::shop.mood
  from generate_series(1, 200) g;
insert into shop.orders (customer, total, note, tags)
  select g % 200 + 1, g * 1.5, case when g % 7 = 0 then null else E'line\\none\\\\ ' || g end, array['a', 'b' || g]
  from generate_series(1, 1000) g;
"""
RESTRICT = re.compile(r"^\\(un)?restrict \S+$", re.MULTILINE)


def _dump(pg, db: str, path) -> str:
    subprocess.run([str(bin_dir() / "pg_dump"), "-h", pg.host, "-p", str(pg.port), "-U", pg.superuser,
                    "-f", str(path), db], check=True, capture_output=True)
    return path.read_text()


def test_a_pg_dump_restores_through_dsqlsh_as_through_psql(pg, psql, dsqlsh, tmp_path):
    with pg.database("dump_source", SOURCE), pg.database("dump_theirs"), pg.database("dump_mine"):
        dump = _dump(pg, "dump_source", tmp_path / "dump.sql")
        assert dump.startswith("--\n-- PostgreSQL database dump\n--\n\n\\restrict ")
        theirs = psql("-X", "-v", "ON_ERROR_STOP=1", "-d", "dump_theirs", "-f", "dump.sql")
        mine = dsqlsh("-X", "-v", "ON_ERROR_STOP=1", "-d", "dump_mine", "-f", "dump.sql")
        assert (mine.stdout, mine.stderr, mine.exit_code) == (theirs.stdout, theirs.stderr, theirs.exit_code)
        assert theirs.exit_code == 0
        after = [RESTRICT.sub("", _dump(pg, db, tmp_path / f"{db}.sql")) for db in ("dump_theirs", "dump_mine")]
        assert after[0] == after[1]
        assert "COPY shop.orders" in after[1]
