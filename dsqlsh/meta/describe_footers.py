"""The footers under \\d NAME (Indexes:, Check constraints:, Foreign-key constraints:, ...), as psql 18 builds them.

Each function runs psql's query for one section and returns its footer lines; None means a query failed
(psql then prints nothing for the relation). Sections DSQL cannot have are skipped there (see
describe_table.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dsqlsh.meta.describe_query import Catalog, Rows
    from dsqlsh.meta.describe_table import TableInfo

__all__ = ["footers"]

_TABLE_LIKE = ("r", "m", "f", "p", "I", "t")  # relkinds that get the table footers
_TABLESPACE_KINDS = ("r", "m", "i", "p", "I", "t")


class Failed(Exception):
    """A footer query failed; its error is already printed."""


def footers(catalog: Catalog, info: TableInfo, *, verbose: bool) -> list[str] | None:
    """Every footer line for one relation, in psql's order; None if a query failed."""
    try:
        return _Footers(catalog, info, verbose).build()
    except Failed:
        return None


class _Footers:
    def __init__(self, catalog: Catalog, info: TableInfo, verbose: bool) -> None:
        self.catalog = catalog
        self.info = info
        self.verbose = verbose
        self.lines: list[str] = []
        self.dsql = catalog.is_dsql
        self.version = catalog.version

    def query(self, sql: str) -> Rows:
        rows = self.catalog.query(sql)
        if rows is None:
            raise Failed
        return rows

    def build(self) -> list[str]:
        info = self.info
        if info.ispartition and not self.dsql:
            self.partition_of()
        if info.relkind == "p" and not self.dsql:
            self.partition_key()
        if info.relkind == "t":
            self.owning_table()
        if info.relkind in ("i", "I"):
            self.index()
        elif info.relkind in _TABLE_LIKE:
            self.table_sections()
        if info.relkind in ("v", "m") and self.verbose:
            self.view_definition()
        if info.hastriggers and not self.dsql:
            self.triggers()
        if info.relkind in _TABLE_LIKE:
            self.table_tail()
        if self.verbose and info.reloptions:
            self.lines.append(f"Options: {info.reloptions}")
        return self.lines

    # ---- partitions, TOAST, indexes -------------------------------------------------------------------

    def partition_of(self) -> None:
        oid = self.info.oid
        sql = ("SELECT inhparent::pg_catalog.regclass,\n  pg_catalog.pg_get_expr(c.relpartbound, c.oid),\n  "
               + ("inhdetachpending" if self.version >= 140000 else "false as inhdetachpending"))
        if self.verbose:
            sql += ",\n  pg_catalog.pg_get_partition_constraintdef(c.oid)"
        rows = self.query(sql + f"\nFROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON c.oid = inhrelid"
                                f"\nWHERE c.oid = '{oid}';")
        if not rows.values:
            return
        detached = " DETACH PENDING" if rows.text(0, 2) == "t" else ""
        self.lines.append(f"Partition of: {rows.text(0, 0)} {rows.text(0, 1)}{detached}")
        if self.verbose:
            constraint = rows.text(0, 3)
            self.lines.append(f"Partition constraint: {constraint}" if constraint else "No partition constraint")

    def partition_key(self) -> None:
        rows = self.query(f"SELECT pg_catalog.pg_get_partkeydef('{self.info.oid}'::pg_catalog.oid);")
        if len(rows) == 1:
            self.lines.append(f"Partition key: {rows.text(0, 0)}")

    def owning_table(self) -> None:
        rows = self.query("SELECT n.nspname, c.relname\nFROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                          f"ON n.oid = c.relnamespace\nWHERE reltoastrelid = '{self.info.oid}';")
        if len(rows) == 1:
            self.lines.append(f'Owning table: "{rows.text(0, 0)}.{rows.text(0, 1)}"')

    def index(self) -> None:
        """The one line under an index: kind, method, table, predicate, and flags such as invalid."""
        info = self.info
        rows = self.query(
            "SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid,\n"
            "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid "
            "AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferrable) AS condeferrable,\n"
            "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid "
            "AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferred) AS condeferred,\n"
            "i.indisreplident,\n"
            + ("i.indnullsnotdistinct,\n" if self.version >= 150000 else "false AS indnullsnotdistinct,\n")
            + "  a.amname, c2.relname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)\n"
            "FROM pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_am a\n"
            f"WHERE i.indexrelid = c.oid AND c.oid = '{info.oid}' AND c.relam = a.oid\nAND i.indrelid = c2.oid;")
        if len(rows) != 1:
            raise Failed
        if rows.flag(0, 1):
            text = "primary key, "
        elif rows.flag(0, 0):
            text = "unique" + (" nulls not distinct" if rows.flag(0, 7) else "") + ", "
        else:
            text = ""
        text += f'{rows.text(0, 8)}, for table "{info.schema}.{rows.text(0, 9)}"'
        if rows.text(0, 10):
            text += f", predicate ({rows.text(0, 10)})"
        for col, flag in ((2, ", clustered"), (3, None), (4, ", deferrable"), (5, ", initially deferred"),
                          (6, ", replica identity")):
            if flag is None:
                if not rows.flag(0, col):
                    text += ", invalid"
            elif rows.flag(0, col):
                text += flag
        self.lines.append(text)
        if info.relkind == "i":
            self.tablespace(info.relkind, info.tablespace, newline=True)

    def tablespace(self, relkind: str, tablespace: int, *, newline: bool) -> None:
        """add_tablespace_footer: only for a tablespace other than the database's default."""
        if relkind not in _TABLESPACE_KINDS or tablespace == 0:
            return
        rows = self.catalog.query(f"SELECT spcname FROM pg_catalog.pg_tablespace\nWHERE oid = '{tablespace}';")
        if not rows:
            return
        if newline:
            self.lines.append(f'Tablespace: "{rows.text(0, 0)}"')
        elif self.lines:
            self.lines[-1] += f', tablespace "{rows.text(0, 0)}"'

    # ---- tables -----------------------------------------------------------------------------------------

    def table_sections(self) -> None:
        info = self.info
        if info.hasindex:
            self.indexes()
        if info.checks:
            self.check_constraints()
        # psql relies on the triggers behind PostgreSQL's foreign keys; on DSQL, look for the keys anyway.
        if info.hastriggers or info.relkind == "p" or self.dsql:
            self.foreign_keys()
            self.referenced_by()
        if not self.dsql:
            self.policies()
            self.statistics()
        if info.hasrules and info.relkind != "m":
            self.rules()
        if not self.dsql:
            self.publications()
            if self.verbose:
                self.not_null_constraints()

    def indexes(self) -> None:
        rows = self.query(
            "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, "
            "pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n  pg_catalog.pg_get_constraintdef(con.oid, true), "
            "contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace"
            + (", con.conperiod" if self.version >= 180000 else ", false AS conperiod")
            + "\nFROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n"
            "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid "
            "AND contype IN ('p','u','x'))\n"
            f"WHERE c.oid = '{self.info.oid}' AND c.oid = i.indrelid AND i.indexrelid = c2.oid\n"
            "ORDER BY i.indisprimary DESC, c2.relname;")
        if not rows.values:
            return
        self.lines.append("Indexes:")
        for i in range(len(rows)):
            line = f'    "{rows.text(i, 0)}"'
            if rows.text(i, 7) == "x" or rows.flag(i, 12):
                line += " " + rows.text(i, 6)  # exclusion, or PK/UNIQUE ... WITHOUT OVERLAPS
            else:
                if rows.flag(i, 1):
                    line += " PRIMARY KEY,"
                elif rows.flag(i, 2):
                    line += " UNIQUE CONSTRAINT," if rows.text(i, 7) == "u" else " UNIQUE,"
                indexdef = rows.text(i, 5)
                using = indexdef.find(" USING ")
                line += " " + (indexdef[using + 7:] if using >= 0 else indexdef)
                if rows.flag(i, 8):
                    line += " DEFERRABLE"
                if rows.flag(i, 9):
                    line += " INITIALLY DEFERRED"
            if rows.flag(i, 3):
                line += " CLUSTER"
            if not rows.flag(i, 4):
                line += " INVALID"  # on DSQL: an async index whose build has not finished (or failed)
            if rows.flag(i, 10):
                line += " REPLICA IDENTITY"
            self.lines.append(line)
            self.tablespace("i", int(rows.text(i, 11) or 0), newline=False)

    def check_constraints(self) -> None:
        rows = self.query("SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)\n"
                          f"FROM pg_catalog.pg_constraint r\nWHERE r.conrelid = '{self.info.oid}' "
                          "AND r.contype = 'c'\nORDER BY 1;")
        if rows.values:
            self.lines.append("Check constraints:")
            self.lines += [f'    "{rows.text(i, 0)}" {rows.text(i, 1)}' for i in range(len(rows))]

    def foreign_keys(self) -> None:
        oid = self.info.oid
        if self.version >= 120000 and (self.info.ispartition or self.info.relkind == "p"):
            # Constraints defined on this table first, then those inherited from partitioned ancestors.
            sql = (f"SELECT conrelid = '{oid}'::pg_catalog.regclass AS sametable,\n       conname,\n"
                   "       pg_catalog.pg_get_constraintdef(oid, true) AS condef,\n"
                   "       conrelid::pg_catalog.regclass AS ontable\n  FROM pg_catalog.pg_constraint,\n"
                   f"       pg_catalog.pg_partition_ancestors('{oid}')\n"
                   " WHERE conrelid = relid AND contype = 'f' AND conparentid = 0\nORDER BY sametable DESC, conname;")
        else:
            sql = ("SELECT true as sametable, conname,\n  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,\n"
                   "  conrelid::pg_catalog.regclass AS ontable\nFROM pg_catalog.pg_constraint r\n"
                   f"WHERE r.conrelid = '{oid}' AND r.contype = 'f'\n"
                   + ("     AND conparentid = 0\n" if self.version >= 120000 else "") + "ORDER BY conname")
        rows = self.query(sql)
        if not rows.values:
            return
        same, name, condef, ontable = (rows.column(c) for c in ("sametable", "conname", "condef", "ontable"))
        self.lines.append("Foreign-key constraints:")
        for i in range(len(rows)):
            if rows.text(i, same) == "f":
                self.lines.append(f'    TABLE "{rows.text(i, ontable)}" CONSTRAINT "{rows.text(i, name)}" '
                                  f"{rows.text(i, condef)}")
            else:
                self.lines.append(f'    "{rows.text(i, name)}" {rows.text(i, condef)}')

    def referenced_by(self) -> None:
        oid = self.info.oid
        if self.version >= 120000 and not self.dsql:
            sql = ("SELECT conname, conrelid::pg_catalog.regclass AS ontable,\n"
                   "       pg_catalog.pg_get_constraintdef(oid, true) AS condef\n"
                   "  FROM pg_catalog.pg_constraint c\n"
                   f" WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('{oid}')\n"
                   f"                     UNION ALL VALUES ('{oid}'::pg_catalog.regclass))\n"
                   "       AND contype = 'f' AND conparentid = 0\nORDER BY conname;")
        else:
            # DSQL has no partitions: psql's query for servers without pg_partition_ancestors() is enough.
            sql = ("SELECT conname, conrelid::pg_catalog.regclass AS ontable,\n"
                   "       pg_catalog.pg_get_constraintdef(oid, true) AS condef\n"
                   f"  FROM pg_catalog.pg_constraint\n WHERE confrelid = {oid} AND contype = 'f'\nORDER BY conname;")
        rows = self.query(sql)
        if not rows.values:
            return
        name, ontable, condef = (rows.column(c) for c in ("conname", "ontable", "condef"))
        self.lines.append("Referenced by:")
        self.lines += [f'    TABLE "{rows.text(i, ontable)}" CONSTRAINT "{rows.text(i, name)}" {rows.text(i, condef)}'
                       for i in range(len(rows))]

    def policies(self) -> None:
        info = self.info
        rows = self.query(
            "SELECT pol.polname, pol.polpermissive,\n"
            "  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from "
            "pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,\n"
            "  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),\n"
            "  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
            "  CASE pol.polcmd\n    WHEN 'r' THEN 'SELECT'\n    WHEN 'a' THEN 'INSERT'\n    WHEN 'w' THEN 'UPDATE'\n"
            "    WHEN 'd' THEN 'DELETE'\n    END AS cmd\nFROM pg_catalog.pg_policy pol\n"
            f"WHERE pol.polrelid = '{info.oid}' ORDER BY 1;")
        n = len(rows)
        if info.rowsecurity and n > 0:
            self.lines.append("Policies (forced row security enabled):" if info.forcerowsecurity else "Policies:")
        elif info.rowsecurity:
            self.lines.append("Policies (forced row security enabled): (none)" if info.forcerowsecurity
                              else "Policies (row security enabled): (none)")
        elif n > 0:
            self.lines.append("Policies (row security disabled):")
        for i in range(n):
            line = f'    POLICY "{rows.text(i, 0)}"'
            if rows.text(i, 1)[:1] == "f":
                line += " AS RESTRICTIVE"
            if not rows.is_null(i, 5):
                line += f" FOR {rows.text(i, 5)}"
            if not rows.is_null(i, 2):
                line += f"\n      TO {rows.text(i, 2)}"
            if not rows.is_null(i, 3):
                line += f"\n      USING ({rows.text(i, 3)})"
            if not rows.is_null(i, 4):
                line += f"\n      WITH CHECK ({rows.text(i, 4)})"
            self.lines.append(line)

    def statistics(self) -> None:
        if self.version < 140000:
            return  # older servers describe statistics differently; dsqlsh supports 14 and later here
        rows = self.query(
            "SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, "
            "stxname,\npg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,\n"
            "  'd' = any(stxkind) AS ndist_enabled,\n  'f' = any(stxkind) AS deps_enabled,\n"
            "  'm' = any(stxkind) AS mcv_enabled,\nstxstattarget\nFROM pg_catalog.pg_statistic_ext\n"
            f"WHERE stxrelid = '{self.info.oid}'\nORDER BY nsp, stxname;")
        if not rows.values:
            return
        self.lines.append("Statistics objects:")
        for i in range(len(rows)):
            kinds = [k for col, k in ((5, "ndistinct"), (6, "dependencies"), (7, "mcv")) if rows.flag(i, col)]
            line = f'    "{rows.text(i, 2)}.{rows.text(i, 3)}"'
            if kinds and len(kinds) < 3:  # none: one expression; all: as CREATE STATISTICS expands them
                line += " (" + ", ".join(kinds) + ")"
            line += f" ON {rows.text(i, 4)} FROM {rows.text(i, 1)}"
            if not rows.is_null(i, 8) and rows.text(i, 8) != "-1":
                line += f"; STATISTICS {rows.text(i, 8)}"
            self.lines.append(line)

    def rules(self) -> None:
        rows = self.query("SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true)), "
                          f"ev_enabled\nFROM pg_catalog.pg_rewrite r\nWHERE r.ev_class = '{self.info.oid}' ORDER BY 1;")
        for code, heading in (("O", "Rules:"), ("D", "Disabled rules:"), ("A", "Rules firing always:"),
                              ("R", "Rules firing on replica only:")):
            matching = [i for i in range(len(rows)) if rows.text(i, 2)[:1] == code]
            if matching:
                self.lines.append(heading)
                self.lines += ["    " + rows.text(i, 1)[12:] for i in matching]  # after "CREATE RULE "

    def publications(self) -> None:
        oid = self.info.oid
        if self.version >= 150000:
            sql = ("SELECT pubname\n     , NULL\n     , NULL\nFROM pg_catalog.pg_publication p\n"
                   "     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
                   "     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid\n"
                   f"WHERE pc.oid ='{oid}' and pg_catalog.pg_relation_is_publishable('{oid}')\n"
                   "UNION\nSELECT pubname\n     , pg_get_expr(pr.prqual, c.oid)\n"
                   "     , (CASE WHEN pr.prattrs IS NOT NULL THEN\n         (SELECT string_agg(attname, ', ')\n"
                   "           FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[],"
                   " 1)) s,\n                pg_catalog.pg_attribute\n"
                   "          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])\n"
                   "        ELSE NULL END) FROM pg_catalog.pg_publication p\n"
                   "     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
                   "     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid\n"
                   f"WHERE pr.prrelid = '{oid}'\nUNION\nSELECT pubname\n     , NULL\n     , NULL\n"
                   "FROM pg_catalog.pg_publication p\n"
                   f"WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('{oid}')\nORDER BY 1;")
        else:
            sql = ("SELECT pubname\n     , NULL\n     , NULL\nFROM pg_catalog.pg_publication p\n"
                   "JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
                   f"WHERE pr.prrelid = '{oid}'\nUNION ALL\nSELECT pubname\n     , NULL\n     , NULL\n"
                   "FROM pg_catalog.pg_publication p\n"
                   f"WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('{oid}')\nORDER BY 1;")
        rows = self.query(sql)
        if rows.values:
            self.lines.append("Publications:")
        for i in range(len(rows)):
            line = f'    "{rows.text(i, 0)}"'
            if not rows.is_null(i, 2):
                line += f" ({rows.text(i, 2)})"
            if not rows.is_null(i, 1):
                line += f" WHERE {rows.text(i, 1)}"
            self.lines.append(line)

    def not_null_constraints(self) -> None:
        rows = self.query(
            "SELECT c.conname, a.attname, c.connoinherit,\n  c.conislocal, c.coninhcount <> 0,\n  c.convalidated\n"
            "FROM pg_catalog.pg_constraint c JOIN\n  pg_catalog.pg_attribute a ON\n"
            "    (a.attrelid = c.conrelid AND a.attnum = c.conkey[1])\nWHERE c.contype = 'n' AND\n"
            f"  c.conrelid = '{self.info.oid}'::pg_catalog.regclass\nORDER BY a.attnum")
        if rows.values:
            self.lines.append("Not-null constraints:")
        for i in range(len(rows)):
            islocal, inherited = rows.flag(i, 3), rows.flag(i, 4)
            how = (" NO INHERIT" if rows.flag(i, 2) else " (local, inherited)" if islocal and inherited
                   else " (inherited)" if inherited else "")
            valid = "" if rows.flag(i, 5) else " NOT VALID"
            self.lines.append(f'    "{rows.text(i, 0)}" NOT NULL "{rows.text(i, 1)}"{how}{valid}')

    # ---- views, triggers, and the end of a table ---------------------------------------------------------

    def view_definition(self) -> None:
        oid = self.info.oid
        rows = self.query(f"SELECT pg_catalog.pg_get_viewdef('{oid}'::pg_catalog.oid, true);")
        if not rows.values:
            return
        self.lines += ["View definition:", rows.text(0, 0)]
        if self.info.hasrules:
            rules = self.query("SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true))\n"
                               f"FROM pg_catalog.pg_rewrite r\nWHERE r.ev_class = '{oid}' AND r.rulename != '_RETURN' "
                               "ORDER BY 1;")
            if rules.values:
                self.lines.append("Rules:")
                self.lines += [" " + rules.text(i, 1)[12:] for i in range(len(rules))]

    def triggers(self) -> None:
        sql = "SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,\n"
        if self.version >= 130000:
            sql += ("  CASE WHEN t.tgparentid != 0 THEN\n    (SELECT u.tgrelid::pg_catalog.regclass\n"
                    "     FROM pg_catalog.pg_trigger AS u,\n"
                    "          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)\n"
                    "     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid\n           AND u.tgparentid = 0\n"
                    "     ORDER BY a.depth LIMIT 1)\n  END AS parent\n")
        else:
            sql += "  NULL AS parent\n"
        sql += f"FROM pg_catalog.pg_trigger t\nWHERE t.tgrelid = '{self.info.oid}' AND "
        if 110000 <= self.version < 150000:
            sql += ("(NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D') \n"
                    "    OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE objid = t.oid \n"
                    "        AND refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass))")
        else:
            sql += "(NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D'))"
        rows = self.query(sql + "\nORDER BY 1;")
        categories = (
            ("Triggers:", lambda en, internal: en in ("O", "t")),
            ("Disabled user triggers:", lambda en, internal: en in ("D", "f") and internal == "f"),
            ("Disabled internal triggers:", lambda en, internal: en in ("D", "f") and internal == "t"),
            ("Triggers firing always:", lambda en, internal: en == "A"),
            ("Triggers firing on replica only:", lambda en, internal: en == "R"),
        )
        for heading, belongs in categories:
            matching = [i for i in range(len(rows)) if belongs(rows.text(i, 2)[:1], rows.text(i, 3)[:1])]
            if matching:
                self.lines.append(heading)
            for i in matching:
                tgdef = rows.text(i, 1)
                at = tgdef.find(" TRIGGER ")
                line = "    " + (tgdef[at + 9:] if at >= 0 else tgdef)
                if not rows.is_null(i, 4):
                    line += f", ON TABLE {rows.text(i, 4)}"
                self.lines.append(line)

    def table_tail(self) -> None:
        """Foreign server, parents, children, typed table, replica identity, tablespace, access method."""
        info = self.info
        partitioned = info.relkind in ("p", "I")
        if info.relkind == "f":
            self.foreign_server()
        if not self.dsql:  # DSQL has neither inheritance nor partitions
            self.parents()
            self.children(partitioned)
        if info.reloftype:
            self.lines.append(f"Typed table of type: {info.reloftype}")
        identity = info.relreplident
        if (self.verbose and info.relkind in ("r", "m") and identity != "i"
                and ((info.schema != "pg_catalog" and identity != "d")
                     or (info.schema == "pg_catalog" and identity != "n"))):
            shown = "FULL" if identity == "f" else "NOTHING" if identity == "d" else "???"
            self.lines.append(f"Replica Identity: {shown}")
        self.tablespace(info.relkind, info.tablespace, newline=True)
        if self.verbose and info.relam is not None and not self.catalog.ctx.variables.flag("HIDE_TABLEAM"):
            self.lines.append(f"Access method: {info.relam}")

    def foreign_server(self) -> None:
        rows = self.query(
            "SELECT s.srvname,\n  pg_catalog.array_to_string(ARRAY(\n"
            "    SELECT pg_catalog.quote_ident(option_name) || ' ' || pg_catalog.quote_literal(option_value)\n"
            "    FROM pg_catalog.pg_options_to_table(ftoptions)),  ', ')\n"
            "FROM pg_catalog.pg_foreign_table f,\n     pg_catalog.pg_foreign_server s\n"
            f"WHERE f.ftrelid = '{self.info.oid}' AND s.oid = f.ftserver;")
        if len(rows) != 1:
            raise Failed
        self.lines.append(f"Server: {rows.text(0, 0)}")
        if rows.text(0, 1):
            self.lines.append(f"FDW options: ({rows.text(0, 1)})")

    def parents(self) -> None:
        rows = self.query("SELECT c.oid::pg_catalog.regclass\nFROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
                          f"WHERE c.oid = i.inhparent AND i.inhrelid = '{self.info.oid}'\n"
                          "  AND c.relkind != 'p' AND c.relkind != 'I'\nORDER BY inhseqno;")
        n = len(rows)
        for i in range(n):
            head = "Inherits: " if i == 0 else " " * len("Inherits") + "  "
            self.lines.append(head + rows.text(i, 0) + ("," if i < n - 1 else ""))

    def children(self, partitioned: bool) -> None:
        oid = self.info.oid
        if self.version >= 140000:
            sql = ("SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, "
                   "pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n")
        else:
            sql = ("SELECT c.oid::pg_catalog.regclass, c.relkind, false AS inhdetachpending, "
                   "pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n")
        rows = self.query(sql + "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
                          f"WHERE c.oid = i.inhrelid AND i.inhparent = '{oid}'\n"
                          "ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', "
                          "c.oid::pg_catalog.regclass::pg_catalog.text;")
        n = len(rows)
        if partitioned and n == 0:
            self.lines.append("Number of partitions: 0")
        elif not self.verbose:
            if n > 0:
                what = "partitions" if partitioned else "child tables"
                self.lines.append(f"Number of {what}: {n} (Use \\d+ to list them.)")
        else:
            label = "Partitions" if partitioned else "Child tables"
            for i in range(n):
                line = (f"{label}: " if i == 0 else " " * len(label) + "  ") + rows.text(i, 0)
                if not rows.is_null(i, 3):
                    line += " " + rows.text(i, 3)
                child = rows.text(i, 1)[:1]
                if child in ("p", "I"):
                    line += ", PARTITIONED"
                elif child == "f":
                    line += ", FOREIGN"
                if rows.text(i, 2) == "t":
                    line += " (DETACH PENDING)"
                self.lines.append(line + ("," if i < n - 1 else ""))
