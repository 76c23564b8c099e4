"""DSQL compatibility rules as data: one small matcher per rule, registered with its table row.

Each row says what DSQL does (severity, message with DSQL's own error text where it was
recorded), what to write instead (hint), when the behaviour was last confirmed and on what
evidence (the grades of ../shared/dsql/FACTS.md: DOC, OBSERVED, AWS-REPO, UNCONFIRMED), and a
bad and a good script that tests/unit/test_compat_rules.py runs. A matcher receives a parsed
statement (``tree.Stmt``) and yields ``Hit(offset, args)``; ``args`` fill ``{0}``, ``{1}`` in the
message and hint. Rules with no matcher are raised by check.py: parse failures, DSQL-only syntax
found before parsing, and the rules that span statements of one transaction.

The table follows the 2026 state of DSQL: foreign keys, json/jsonb columns, DROP COLUMN, SET/DROP
DEFAULT, expression and partial indexes, sequences and identity columns are supported and have
no rule (their CACHE rules do).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from dsqlsh.compat.tracked_schema import NOT_INDEXABLE
from dsqlsh.compat.tree import Node, Stmt, int_value, names, type_name

__all__ = ["RULES", "Hit", "Rule", "rules_for", "value_rules_for"]


class Hit(NamedTuple):
    """Where a rule matched (character offset in the checked text) and its message arguments."""

    offset: int
    args: tuple[str, ...] = ()


Matcher = Callable[[Stmt], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One row of the table."""

    id: str
    severity: str  # "error": DSQL rejects it; "warning": it runs but bites on DSQL
    message: str
    hint: str
    confirmed: str  # when the DSQL behaviour was last confirmed (FACTS.md)
    evidence: str  # FACTS.md grade and source
    bad: str  # a script this rule (and only this rule) flags
    good: str  # the DSQL-correct script, which must pass clean
    kinds: frozenset[str] | None = None  # statement node types it looks at; None: every statement
    match: Matcher | None = None  # None: raised by check.py
    needs: re.Pattern[str] | None = None  # text the statement must contain for the matcher to run
    # Words after which the matcher reads a literal's value (CACHE 100, set_config('x', ...)); the
    # Checker answers a statement from its shape, literals aside, only when it holds none of them.
    values: re.Pattern[str] | None = None
    # The same words lower-case: case-blind patterns of ASCII words find in ASCII text what a substring test
    # finds in the text lower-cased, and the test costs a fraction of the search (which tries every word at
    # every position): Rule.applies is asked about 5 times per statement (issue 19). Non-ASCII text keeps the
    # patterns (re's case folding matches the Kelvin sign to k, the long s to s).
    need_words: tuple[str, ...] = ()
    value_words: tuple[str, ...] = ()

    def applies(self, s: Stmt) -> bool:
        """Whether the matcher should run: the statement's text contains ``needs`` (if any)."""
        if self.needs is None:
            return True
        lowered = s.lowered
        if lowered is None:
            return self.needs.search(s.text, s.start, s.end) is not None
        return _holds(lowered, self.need_words)

    def reads_values(self, text: str, lowered: str | None = None) -> bool:
        """Whether the matcher may look at the value of a literal in ``text`` (``lowered``: the text
        lower-cased when it is ASCII, else None)."""
        if self.values is None:
            return False
        if lowered is None:
            return self.values.search(text) is not None
        return _holds(lowered, self.value_words)


def _holds(lowered: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if word in lowered:
            return True
    return False


RULES: dict[str, Rule] = {}
_BY_KIND: dict[str, list[Rule]] = {}
_ANY_KIND: list[Rule] = []


def declare(
    rule_id: str, *, severity: str, message: str, hint: str, confirmed: str, evidence: str, bad: str, good: str
) -> None:
    """Add a row that check.py raises itself (no matcher)."""
    RULES[rule_id] = Rule(rule_id, severity, message, hint, confirmed, evidence, bad, good, frozenset())


def rule(
    rule_id: str,
    *,
    severity: str,
    kinds: Iterable[str] | None,
    message: str,
    hint: str,
    confirmed: str,
    evidence: str,
    bad: str,
    good: str,
    needs: tuple[str, ...] = (),
    values: tuple[str, ...] = (),
) -> Callable[[Matcher], Matcher]:
    """Register the decorated matcher as the row ``rule_id``; ``needs``: words it can't match without;
    ``values``: words after which it reads a literal's value (see Rule.values)."""

    def register(match: Matcher) -> Matcher:
        kind_set = None if kinds is None else frozenset(kinds)
        row = Rule(rule_id, severity, message, hint, confirmed, evidence, bad, good, kind_set, match,
                   _words(needs), _words(values), _lower(needs), _lower(values))
        RULES[rule_id] = row
        if kind_set is None:
            _ANY_KIND.append(row)
        for kind in kind_set or ():
            _BY_KIND.setdefault(kind, []).append(row)
        return match

    return register


def _lower(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.lower() for word in words)


def _words(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def rules_for(kind: str, node: Node) -> tuple[Rule, ...]:
    """The rules whose matcher looks at this statement (by node type and pseudo-kind)."""
    return _rules_for_kinds((kind, *pseudo_kinds(kind, node)))


def value_rules_for(kind: str, node: Node) -> tuple[Rule, ...]:
    """Those of rules_for that read a literal's value (Rule.values)."""
    return _value_rules_for_kinds((kind, *pseudo_kinds(kind, node)))


@lru_cache(maxsize=256)
def _rules_for_kinds(kinds: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(rule for kind in kinds for rule in _BY_KIND.get(kind, ())) + tuple(_ANY_KIND)


@lru_cache(maxsize=256)
def _value_rules_for_kinds(kinds: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(rule for rule in _rules_for_kinds(kinds) if rule.values is not None)


# Object types of DROP/RENAME/ALTER ... SET SCHEMA/OWNER that belong to a rule of their own.
_OBJECT_PSEUDO_KINDS = {
    "OBJECT_TYPE": "_Type", "OBJECT_MATVIEW": "_MatView", "OBJECT_POLICY": "_Policy",
    "OBJECT_TRIGGER": "_Trigger", "OBJECT_EVENT_TRIGGER": "_Trigger", "OBJECT_EXTENSION": "_Extension",
    "OBJECT_FOREIGN_TABLE": "_Foreign", "OBJECT_FDW": "_Foreign", "OBJECT_FOREIGN_SERVER": "_Foreign",
    "OBJECT_DATABASE": "_Database", "OBJECT_TABLESPACE": "_Tablespace",
}
# The field that holds the object type, where it is not objectType.
_OBJECT_TYPE_FIELDS = {"DropStmt": "removeType", "RenameStmt": "renameType", "CreateTableAsStmt": "objtype",
                       "DefineStmt": "kind"}
_RLS_ACTIONS = ("AT_EnableRowSecurity", "AT_DisableRowSecurity", "AT_ForceRowSecurity", "AT_NoForceRowSecurity")


def pseudo_kinds(kind: str, node: Node) -> tuple[str, ...]:
    """Finer kinds for node types that hold several statements (VACUUM and ANALYZE, ...)."""
    if kind == "VacuumStmt":
        return ("_Vacuum",) if node.get("is_vacuumcmd") else ("_Analyze",)
    if kind == "CreateFunctionStmt":
        return ("_Procedure",) if node.get("is_procedure") else ()
    if kind == "TransactionStmt":
        prepared = ("TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_ROLLBACK_PREPARED")
        return ("_TwoPhase",) if node.get("kind") in prepared else ()
    if kind == "AlterTableStmt":
        subtypes = [c.get("AlterTableCmd", {}).get("subtype", "") for c in node.get("cmds", ())]
        found = ("_Policy",) if any(s in _RLS_ACTIONS for s in subtypes) else ()
        return found + (("_Trigger",) if any("Trig" in s for s in subtypes) else ())
    objtype = node.get(_OBJECT_TYPE_FIELDS.get(kind, "objectType"), "")
    pseudo = _OBJECT_PSEUDO_KINDS.get(objtype) if isinstance(objtype, str) else None
    return (pseudo,) if pseudo else ()


# --- Rules raised by check.py -------------------------------------------------------------

declare(
    "DSQL-PARSE",
    severity="warning",
    message="could not parse this statement; not checked ({0})",
    hint="check the syntax: DSQL speaks PostgreSQL 16's grammar plus CREATE INDEX ASYNC, "
         "ALTER TABLE ASYNC ... VALIDATE CONSTRAINT and AWS IAM GRANT/REVOKE",
    confirmed="2026-09",
    evidence="PostgreSQL grammar (pglast); DSQL answers 42601",
    bad="SELEC 1;",
    good="SELECT 1;",
)
declare(
    "DSQL-INDEX-SCHEMA",
    severity="error",
    message='DSQL does not allow a schema name on the index name (syntax error at or near ".")',
    hint="drop the schema from the index name; the index goes in its table's schema: "
         "CREATE INDEX ASYNC idx ON myschema.t (c)",
    confirmed="2026-09-15",
    evidence="DOC CREATE INDEX ASYNC page; OBSERVED 42601",
    bad="CREATE INDEX ASYNC public.orders_cust_idx ON orders (customer_id);",
    good="CREATE INDEX ASYNC orders_cust_idx ON public.orders (customer_id);",
)
declare(
    "DSQL-TXN-MULTI-DDL",
    severity="error",
    message='DSQL allows one DDL statement per transaction ("multiple ddl statements not supported in a transaction")',
    hint="COMMIT after each DDL statement, or run DDL outside BEGIN ... COMMIT (each statement is then its own "
         "transaction)",
    confirmed="2026-09-18",
    evidence="DOC considerations + DDL page; OBSERVED 0A000",
    bad="BEGIN; CREATE TABLE a (id uuid PRIMARY KEY); CREATE TABLE b (id uuid PRIMARY KEY); COMMIT;",
    good="BEGIN; CREATE TABLE a (id uuid PRIMARY KEY); COMMIT; BEGIN; CREATE TABLE b (id uuid PRIMARY KEY); COMMIT;",
)
declare(
    "DSQL-TXN-DDL-DML",
    severity="error",
    message='DSQL does not mix DDL and DML in one transaction ("ddl and dml are not supported in the same '
            'transaction")',
    hint="COMMIT the DDL first, then write the data in a transaction of its own",
    confirmed="2026-09-18",
    evidence="DOC considerations + DDL page; OBSERVED 0A000",
    bad="BEGIN; CREATE TABLE a (id uuid PRIMARY KEY); INSERT INTO a VALUES (gen_random_uuid()); COMMIT;",
    good="BEGIN; CREATE TABLE a (id uuid PRIMARY KEY); COMMIT; BEGIN; INSERT INTO a VALUES (gen_random_uuid()); "
         "COMMIT;",
)
declare(
    "DSQL-ANALYZE-IN-TXN",
    severity="error",
    message="DSQL does not run ANALYZE inside an explicit transaction",
    hint="run ANALYZE outside BEGIN ... COMMIT",
    confirmed="2026-09",
    evidence="DOC systems-tables page",
    bad="BEGIN; ANALYZE orders; COMMIT;",
    good="ANALYZE orders;",
)
declare(
    "DSQL-DROP-PK-COLUMN",
    severity="error",
    message="DSQL cannot drop a primary key column (cannot drop primary key column {0})",
    hint="keep the column; to change the key, create a new table with the new primary key and copy the rows over",
    confirmed="2026-09-18",
    evidence="DOC release notes 2026-08-03; OBSERVED 0A000 (needs the table created in this session)",
    bad="CREATE TABLE t (id uuid PRIMARY KEY, note text); ALTER TABLE t DROP COLUMN id;",
    good="CREATE TABLE t (id uuid PRIMARY KEY, note text); ALTER TABLE t DROP COLUMN note;",
)
declare(
    "DSQL-WAIT-IN-TXN",
    severity="warning",
    message="waiting for an async job inside a transaction counts against DSQL's 5-minute transaction limit",
    hint="CALL sys.wait_for_job(...) outside BEGIN ... COMMIT",
    confirmed="2026-09",
    evidence="FACTS.md section 4 (wait in autocommit); DOC quotas (5 minutes)",
    bad="BEGIN; CALL sys.wait_for_job('qfzv5uemkrg2lbczil2fim3o2q'); COMMIT;",
    good="CALL sys.wait_for_job('qfzv5uemkrg2lbczil2fim3o2q');",
)


# --- Helpers -------------------------------------------------------------------------------


def _first(s: Stmt, *words: str, after: int | None = None) -> int:
    """Offset of the first of ``words`` (from ``after``), else the statement start."""
    found = s.keyword(*words, after=after)
    return s.start if found is None else found


def _relation_at(s: Stmt, relation: Node | None) -> int:
    return s.at((relation or {}).get("location"))


def _persistence(s: Stmt) -> tuple[str, Node | None]:
    """The relpersistence letter of the object a CREATE statement makes, and its RangeVar."""
    field = {"CreateStmt": "relation", "ViewStmt": "view", "CreateSeqStmt": "sequence"}.get(s.kind)
    if field is None:
        return "p", None
    relation = s.node.get(field) or {}
    return relation.get("relpersistence", "p"), relation


def _column_defs(s: Stmt) -> list[tuple[Node, bool]]:
    """Column definitions a statement creates: ``(ColumnDef, added_by_alter_table)``."""
    found = s.memo.get("columns")
    if found is None:
        found = s.memo["columns"] = list(_find_column_defs(s))
    return found


def _find_column_defs(s: Stmt) -> Iterator[tuple[Node, bool]]:
    if s.kind == "CreateStmt":
        for element in s.node.get("tableElts", ()):
            if "ColumnDef" in element:
                yield element["ColumnDef"], False
    elif s.kind == "AlterTableStmt":
        for command in _commands(s):
            if command.get("subtype") == "AT_AddColumn":
                yield command.get("def", {}).get("ColumnDef", {}), True


def _commands(s: Stmt) -> list[Node]:
    return [c.get("AlterTableCmd", {}) for c in s.node.get("cmds", ())]


def _command_at(s: Stmt, index: int, *words: str) -> int:
    """Offset of ALTER TABLE subcommand ``index``, at the first of ``words`` in it when given."""
    spans = s.command_spans()
    if index >= len(spans):
        return s.start
    start, end = spans[index]
    found = s.keyword(*words, after=start, before=end) if words else None
    return start if found is None else found


def _rewritten(s: Stmt, start: int, end: int, replacement: str, width: int = 100) -> str:
    """The statement as written with [start:end] replaced, on one line and shortened, for a hint.
    The replacement takes the case of the word before it (``create index async``)."""
    before = s.source[s.start : start].split()
    if before and before[-1].islower():
        replacement = replacement.lower()
    text = s.source[s.start : start] + replacement + s.source[end : s.end]
    text = " ".join(text.split()).rstrip(";").rstrip()
    return text if len(text) <= width else text[: width - 3] + "..."


def _table_constraints(s: Stmt) -> list[tuple[Node, int]]:
    """Constraints written in CREATE TABLE (column and table level) and ALTER TABLE ADD: (node,
    index of the ALTER TABLE subcommand or -1)."""
    found = s.memo.get("constraints")
    if found is None:
        found = s.memo["constraints"] = list(_find_table_constraints(s))
    return found


def _find_table_constraints(s: Stmt) -> Iterator[tuple[Node, int]]:
    if s.kind == "CreateStmt":
        for element in s.node.get("tableElts", ()):
            if "Constraint" in element:
                yield element["Constraint"], -1
            for constraint in element.get("ColumnDef", {}).get("constraints", ()):
                yield constraint.get("Constraint", {}), -1
    elif s.kind == "AlterTableStmt":
        for index, command in enumerate(_commands(s)):
            if command.get("subtype") == "AT_AddConstraint":
                yield command.get("def", {}).get("Constraint", {}), index


# --- Types ---------------------------------------------------------------------------------

# DSQL's column types (data types page, 2026-08): anything else PostgreSQL knows is refused.
SUPPORTED_TYPES = frozenset({
    "int2", "int4", "int8", "smallint", "integer", "int", "bigint", "float4", "float8", "real",
    "numeric", "decimal", "dec", "bpchar", "char", "character", "varchar", "text", "date",
    "time", "timetz", "timestamp", "timestamptz", "interval", "bool", "boolean", "bytea",
    "uuid", "json", "jsonb",
})
SERIAL_TYPES = frozenset({"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})
# A type's name may be spelled without its letters only in a Unicode-escaped identifier (U&"\0073erial"): a rule
# that needs a type's name needs these too.
UNICODE_ESCAPES = ("u&",)
# Built-in PostgreSQL types outside the allow-list, with what to use instead. A name in neither
# list may be a domain, which DSQL supports, so it is left alone.
UNSUPPORTED_TYPES = {
    "money": "numeric(19,4)", "xml": "text", "inet": "text", "cidr": "text", "macaddr": "text",
    "macaddr8": "text", "point": "two numeric columns", "line": "numeric columns",
    "lseg": "numeric columns", "box": "numeric columns", "path": "jsonb", "polygon": "jsonb",
    "circle": "numeric columns", "tsvector": "text", "tsquery": "text",
    "int4range": "two integer columns", "int8range": "two bigint columns",
    "numrange": "two numeric columns", "tsrange": "two timestamp columns",
    "tstzrange": "two timestamptz columns", "daterange": "two date columns",
    "int4multirange": "a child table", "int8multirange": "a child table",
    "nummultirange": "a child table", "tsmultirange": "a child table",
    "tstzmultirange": "a child table", "datemultirange": "a child table",
    "bit": "boolean or bytea", "varbit": "bytea", "pg_lsn": "text", "txid_snapshot": "text",
    "pg_snapshot": "text", "oid": "bigint", "xid": "bigint", "xid8": "bigint", "cid": "bigint",
    "tid": "text", "regclass": "text", "regtype": "text", "regproc": "text", "name": "text",
    "jsonpath": "text", "hstore": "jsonb", "citext": "text", "ltree": "text",
    "geometry": "text or jsonb", "geography": "text or jsonb", "vector": "bytea or jsonb",
}
_DISPLAY = {
    "int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real",
    "float8": "double precision", "bool": "boolean", "bpchar": "character",
    "varchar": "character varying", "varbit": "bit varying", "timestamptz": "timestamp with time zone",
    "timetz": "time with time zone",
}


def _display(type_node: Node) -> str:
    """The type as PostgreSQL displays it (``integer[]``), as DSQL names it in errors."""
    name = type_name(type_node)
    shown = _DISPLAY.get(name, name)
    return shown + "[]" * len(type_node.get("arrayBounds", ()))


@rule(
    "DSQL-SERIAL",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt"],
    message='DSQL does not support {0} columns (type "{0}" does not exist)',
    hint="use bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 65536), or uuid DEFAULT gen_random_uuid()",
    confirmed="2026-09-18",
    evidence="DOC data types allow-list; OBSERVED 42704",
    bad="CREATE TABLE orders (id serial PRIMARY KEY, note text);",
    good="CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 65536) PRIMARY KEY, note text);",
    needs=("serial", *UNICODE_ESCAPES),
)
def serial_column(s: Stmt) -> Iterator[Hit]:
    for column, _ in _column_defs(s):
        type_node = column.get("typeName", {})
        if type_name(type_node) in SERIAL_TYPES:
            yield Hit(s.at(type_node.get("location")), (type_name(type_node),))


@rule(
    "DSQL-COLUMN-TYPE",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt", "CreateDomainStmt"],
    message="DSQL does not support the column type {0} (datatype {0} not supported)",
    hint="use {1} instead; DSQL columns take smallint, integer, bigint, real, double precision, numeric, "
         "char, varchar, text, date, time, timetz, timestamp, timestamptz, interval, boolean, bytea, uuid, json, jsonb",
    confirmed="2026-09-18",
    evidence="DOC data types page (allow-list; arrays and inet are query-runtime only); OBSERVED 0A000",
    bad="CREATE TABLE hosts (id uuid PRIMARY KEY, addr inet, tags text[]);",
    good="CREATE TABLE hosts (id uuid PRIMARY KEY, addr text, tags jsonb);",
    needs=("[", "array", *UNSUPPORTED_TYPES, *UNICODE_ESCAPES),  # bit covers bit varying (varbit)
)
def column_type(s: Stmt) -> Iterator[Hit]:
    types = [column.get("typeName", {}) for column, _ in _column_defs(s)]
    if s.kind == "CreateDomainStmt":
        types.append(s.node.get("typeName", {}))
    for type_node in types:
        name = type_name(type_node)
        if type_node.get("arrayBounds"):
            yield Hit(s.at(type_node.get("location")), (_display(type_node), "jsonb, text or a child table"))
        elif name in UNSUPPORTED_TYPES:
            yield Hit(s.at(type_node.get("location")), (_display(type_node), UNSUPPORTED_TYPES[name]))


# --- Sequences and identity columns --------------------------------------------------------

CACHE_RULE = "CACHE 1 or CACHE >= 65536"


def _cache_problem(options: list[Node], *, required: bool) -> tuple[str, int | None] | None:
    """What is wrong with the CACHE among sequence options: (what, DefElem location) or None."""
    for option in options:
        element = option.get("DefElem", {})
        if element.get("defname") == "cache":
            value = int_value(element.get("arg"))
            if value is not None and value != 1 and value < 65536:
                return f"CACHE {value}", element.get("location")
            return None
    return ("no CACHE", None) if required else None


@rule(
    "DSQL-SEQUENCE-CACHE",
    severity="error",
    kinds=["CreateSeqStmt", "AlterSeqStmt"],
    message="DSQL needs an explicit CACHE of 1 or at least 65536 on a sequence, found {0} "
            "(CREATE SEQUENCE is not supported without an explicit cache size. "
            "please define CACHE greater than or equal to 65536 or equal to 1)",
    hint="add CACHE 65536 (throughput) or CACHE 1 (ordering, fewer gaps)",
    confirmed="2026-09-18",
    evidence="DOC CREATE SEQUENCE / ALTER SEQUENCE; OBSERVED 0A000",
    bad="CREATE SEQUENCE invoice_seq START 1000;",
    good="CREATE SEQUENCE invoice_seq CACHE 1 START 1000;",
    values=("cache",),
)
def sequence_cache(s: Stmt) -> Iterator[Hit]:
    problem = _cache_problem(s.node.get("options", []), required=s.kind == "CreateSeqStmt")
    if problem:
        what, location = problem
        at = s.at(location) if location is not None else _relation_at(s, s.node.get("sequence"))
        yield Hit(at, (what,))


@rule(
    "DSQL-SEQUENCE-TYPE",
    severity="error",
    kinds=["CreateSeqStmt", "AlterSeqStmt"],
    message="DSQL sequences are bigint only, found AS {0}",
    hint="remove AS {0} (or write AS bigint)",
    confirmed="2026-09",
    evidence="DOC CREATE SEQUENCE (data_type is BIGINT)",
    bad="CREATE SEQUENCE order_seq AS integer CACHE 65536;",
    good="CREATE SEQUENCE order_seq AS bigint CACHE 65536;",
)
def sequence_type(s: Stmt) -> Iterator[Hit]:
    for option in s.node.get("options", ()):
        element = option.get("DefElem", {})
        if element.get("defname") == "as":
            type_node = element.get("arg", {}).get("TypeName", {})
            if type_name(type_node) not in ("int8", "bigint"):
                yield Hit(s.at(type_node.get("location")), (_display(type_node),))


def _identities(s: Stmt) -> Iterator[tuple[Node, Node | None]]:
    """Identity clauses written in CREATE TABLE or ALTER COLUMN ADD GENERATED: (Constraint, type)."""
    if s.kind == "CreateStmt":
        for column, _ in _column_defs(s):
            for item in column.get("constraints", ()):
                if item.get("Constraint", {}).get("contype") == "CONSTR_IDENTITY":
                    yield item["Constraint"], column.get("typeName")
    elif s.kind == "AlterTableStmt":
        for command in _commands(s):
            if command.get("subtype") == "AT_AddIdentity":
                yield command.get("def", {}).get("Constraint", {}), None


@rule(
    "DSQL-IDENTITY-CACHE",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt"],
    message="DSQL needs an explicit CACHE of 1 or at least 65536 on an identity column, found {0} "
            "(identity column is not supported without an explicit cache size. "
            "please define CACHE greater than or equal to 65536 or equal to 1)",
    hint="write GENERATED ... AS IDENTITY (CACHE 65536), or (CACHE 1) when ordering matters",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE / CREATE TABLE identity; OBSERVED 0A000",
    bad="CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);",
    good="CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 70000) PRIMARY KEY, name text);",
    values=("cache",),
)
def identity_cache(s: Stmt) -> Iterator[Hit]:
    for constraint, _ in _identities(s):
        problem = _cache_problem(constraint.get("options", []), required=True)
        if problem:
            what, location = problem
            yield Hit(s.at(location if location is not None else constraint.get("location")), (what,))
    for command in _commands(s) if s.kind == "AlterTableStmt" else ():
        if command.get("subtype") == "AT_SetIdentity":
            problem = _cache_problem(command.get("def", {}).get("List", {}).get("items", []), required=False)
            if problem:
                yield Hit(s.at(problem[1]), (problem[0],))


@rule(
    "DSQL-IDENTITY-TYPE",
    severity="error",
    kinds=["CreateStmt"],
    message="DSQL identity columns must be bigint, found {0} "
            "(datatype {0} not supported, identity column type must be bigint)",
    hint="declare the identity column as bigint",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE page; OBSERVED 0A000",
    bad="CREATE TABLE tickets (id integer GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY);",
    good="CREATE TABLE tickets (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY);",
)
def identity_type(s: Stmt) -> Iterator[Hit]:
    for _, type_node in _identities(s):
        if type_node is not None and type_name(type_node) not in ("int8", "bigint"):
            yield Hit(s.at(type_node.get("location")), (_display(type_node),))


# --- CREATE TABLE ----------------------------------------------------------------------------


@rule(
    "DSQL-TEMP",
    severity="error",
    kinds=["CreateStmt", "ViewStmt", "CreateSeqStmt"],
    message="DSQL does not support temporary {0}s (TEMPORARY or TEMP table not supported for CREATE TABLE)",
    hint="create a regular {0} and drop it when done",
    confirmed="2026-09-18",
    evidence="DOC unsupported objects + CREATE VIEW page; OBSERVED 0A000",
    bad="CREATE TEMP TABLE scratch (id uuid PRIMARY KEY);",
    good="CREATE TABLE scratch (id uuid PRIMARY KEY);",
)
def temporary(s: Stmt) -> Iterator[Hit]:
    persistence, _ = _persistence(s)
    if persistence == "t":
        what = {"CreateStmt": "table", "ViewStmt": "view", "CreateSeqStmt": "sequence"}[s.kind]
        yield Hit(_first(s, "TEMP", "TEMPORARY", "LOCAL", "GLOBAL"), (what,))


@rule(
    "DSQL-UNLOGGED",
    severity="error",
    kinds=["CreateStmt", "CreateSeqStmt", "AlterTableStmt"],
    message="DSQL does not support UNLOGGED (UNLOGGED table not supported for CREATE TABLE)",
    hint="remove UNLOGGED: every DSQL table is durable",
    confirmed="2026-09-18",
    evidence="DOC CREATE TABLE syntax (by omission); OBSERVED 0A000",
    bad="CREATE UNLOGGED TABLE events (id uuid PRIMARY KEY, body text);",
    good="CREATE TABLE events (id uuid PRIMARY KEY, body text);",
)
def unlogged(s: Stmt) -> Iterator[Hit]:
    if _persistence(s)[0] == "u":
        yield Hit(_first(s, "UNLOGGED"))
    for index, command in enumerate(_commands(s) if s.kind == "AlterTableStmt" else ()):
        if command.get("subtype") == "AT_SetUnLogged":
            yield Hit(_command_at(s, index, "UNLOGGED"))


@rule(
    "DSQL-PARTITION",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt"],
    message="DSQL does not support table partitioning (PARTITION BY / PARTITION OF)",
    hint="use one table; DSQL distributes rows by primary key on its own",
    confirmed="2026-09",
    evidence="DOC unsupported features (Partitions; CREATE TABLE PARTITION)",
    bad="CREATE TABLE events (id uuid, at date) PARTITION BY RANGE (at);",
    good="CREATE TABLE events (id uuid PRIMARY KEY, at date);",
)
def partition(s: Stmt) -> Iterator[Hit]:
    if s.kind == "CreateStmt":
        if s.node.get("partspec") or s.node.get("partbound"):
            yield Hit(_first(s, "PARTITION"))
        return
    for index, command in enumerate(_commands(s)):
        if command.get("subtype", "").startswith(("AT_AttachPartition", "AT_DetachPartition")):
            yield Hit(_command_at(s, index))


@rule(
    "DSQL-INHERITS",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt"],
    message="DSQL does not support table inheritance (INHERITS)",
    hint="copy the parent's columns into the table (CREATE TABLE child (LIKE parent INCLUDING ALL, ...))",
    confirmed="2026-09",
    evidence="DOC unsupported features (CREATE TABLE INHERITS)",
    bad="CREATE TABLE managers (level int) INHERITS (employees);",
    good="CREATE TABLE managers (LIKE employees INCLUDING ALL, level int);",
)
def inherits(s: Stmt) -> Iterator[Hit]:
    if s.kind == "CreateStmt":
        if s.node.get("inhRelations") and not s.node.get("partbound"):
            yield Hit(_first(s, "INHERITS"))
        return
    for index, command in enumerate(_commands(s)):
        if command.get("subtype") in ("AT_AddInherit", "AT_DropInherit"):
            yield Hit(_command_at(s, index))


@rule(
    "DSQL-CREATE-TABLE-AS",
    severity="error",
    kinds=["CreateTableAsStmt", "SelectStmt"],
    message="DSQL does not support CREATE TABLE ... AS / SELECT INTO (unsupported statement: CreateTableAs)",
    hint="CREATE TABLE with its columns first, then INSERT INTO ... SELECT in batches of at most 3,000 rows",
    confirmed="2026-09-18",
    evidence="DOC unsupported features (CREATE TABLE AS SELECT); OBSERVED 0A000",
    bad="CREATE TABLE recent_orders AS SELECT * FROM orders WHERE created_at > now() - interval '1 day';",
    good="CREATE TABLE recent_orders (LIKE orders INCLUDING ALL);",
)
def create_table_as(s: Stmt) -> Iterator[Hit]:
    if s.kind == "CreateTableAsStmt" and s.node.get("objtype") != "OBJECT_MATVIEW":
        yield Hit(s.start)
    elif s.kind == "SelectStmt" and s.node.get("intoClause"):
        yield Hit(_first(s, "INTO"))


@rule(
    "DSQL-COLLATE",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt", "CreateDomainStmt", "IndexStmt", "DefineStmt"],
    message="DSQL does not support COLLATE on columns, domains or index keys (the database uses the C collation only)",
    hint="remove COLLATE; sort with the C collation or in the application",
    confirmed="2026-09",
    evidence="DOC considerations (C collation only) + CREATE TABLE COLLATE unsupported; AWS-REPO",
    bad='CREATE TABLE names (id uuid PRIMARY KEY, name text COLLATE "en_US");',
    good="CREATE TABLE names (id uuid PRIMARY KEY, name text);",
    needs=("collat", *UNICODE_ESCAPES),
)
def collate(s: Stmt) -> Iterator[Hit]:
    clauses = [column.get("collClause") for column, _ in _column_defs(s)]
    if s.kind == "CreateDomainStmt":
        clauses.append(s.node.get("collClause"))
    for clause in clauses:
        if clause:
            yield Hit(s.at(clause.get("location")))
    if s.kind == "IndexStmt" and any(e.get("IndexElem", {}).get("collation") for e in s.node.get("indexParams", ())):
        yield Hit(_first(s, "COLLATE"))
    if s.kind == "DefineStmt" and s.node.get("kind") == "OBJECT_COLLATION":
        yield Hit(s.start)


@rule(
    "DSQL-EXCLUDE",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt"],
    message="DSQL does not support exclusion constraints (EXCLUDE USING ...)",
    hint="enforce the rule in the application, or with a UNIQUE constraint where it fits",
    confirmed="2026-09",
    evidence="DOC unsupported constraints",
    bad="CREATE TABLE rooms (id uuid PRIMARY KEY, room int, EXCLUDE USING gist (room WITH =));",
    good="CREATE TABLE rooms (id uuid PRIMARY KEY, room int UNIQUE);",
)
def exclude(s: Stmt) -> Iterator[Hit]:
    for constraint, _ in _table_constraints(s):
        if constraint.get("contype") == "CONSTR_EXCLUSION":
            yield Hit(s.at(constraint.get("location")))


@rule(
    "DSQL-STORAGE-PARAMS",
    severity="error",
    kinds=["CreateStmt", "IndexStmt", "AlterTableStmt"],
    message="DSQL does not support {0}",
    hint="remove it: DSQL manages storage itself",
    confirmed="2026-09",
    evidence="DOC CREATE TABLE / CREATE INDEX ASYNC syntax (no WITH, USING method)",
    bad="CREATE TABLE t (id uuid PRIMARY KEY) WITH (fillfactor = 70);",
    good="CREATE TABLE t (id uuid PRIMARY KEY);",
)
def storage_params(s: Stmt) -> Iterator[Hit]:
    if s.kind in ("CreateStmt", "IndexStmt") and s.node.get("options"):
        first = s.node["options"][0].get("DefElem", {})
        yield Hit(s.at(first.get("location")), ("storage parameters (WITH (...))",))
    if s.kind == "CreateStmt" and s.node.get("accessMethod"):
        yield Hit(_first(s, "USING"), ("table access methods (USING ...)",))
    for constraint, _ in _table_constraints(s):
        if constraint.get("options") and constraint.get("contype") in ("CONSTR_PRIMARY", "CONSTR_UNIQUE"):
            first = constraint["options"][0].get("DefElem", {})
            yield Hit(s.at(first.get("location")), ("storage parameters (WITH (...))",))


@rule(
    "DSQL-TABLE-COLUMNS",
    severity="error",
    kinds=["CreateStmt"],
    message="DSQL tables can have at most 255 columns, this one has {0} (tables can have at most 255 columns)",
    hint="split the table, or move sparse attributes into a jsonb column",
    confirmed="2026-09",
    evidence="DOC quotas",
    bad="CREATE TABLE wide (" + ", ".join(f"c{i} int" for i in range(256)) + ");",
    good="CREATE TABLE wide (" + ", ".join(f"c{i} int" for i in range(255)) + ");",
)
def table_columns(s: Stmt) -> Iterator[Hit]:
    count = sum(1 for _ in _column_defs(s))
    if count > 255:
        yield Hit(_relation_at(s, s.node.get("relation")), (str(count),))


@rule(
    "DSQL-GENERATED-VIRTUAL",
    severity="error",
    kinds=["CreateStmt", "AlterTableStmt"],
    message="DSQL (PostgreSQL 16) supports only STORED generated columns",
    hint="add STORED: GENERATED ALWAYS AS (expression) STORED",
    confirmed="2026-09",
    evidence="DOC CREATE TABLE syntax (GENERATED ALWAYS AS (expr) STORED)",
    bad="CREATE TABLE items (id uuid PRIMARY KEY, price numeric, tax numeric GENERATED ALWAYS AS (price * 0.2));",
    good="CREATE TABLE items (id uuid PRIMARY KEY, price numeric, tax numeric GENERATED ALWAYS AS (price * 0.2) "
         "STORED);",
)
def generated_virtual(s: Stmt) -> Iterator[Hit]:
    for constraint, _ in _table_constraints(s):
        if constraint.get("contype") == "CONSTR_GENERATED" and constraint.get("generated_kind") == "v":
            yield Hit(s.at(constraint.get("location")))


# --- CREATE INDEX ----------------------------------------------------------------------------


@rule(
    "DSQL-INDEX-TYPE",
    severity="error",
    kinds=["CreateStmt"],
    message="DSQL cannot index {0} of type {1} (index support: no)",
    hint="index an expression of it instead, e.g. ((doc ->> 'key')), or key the table on another column",
    confirmed="2026-09",
    evidence="DOC data types page (index support: no for timetz, interval, bytea, json, jsonb); "
  "UNCONFIRMED error text; CREATE INDEX needs the table created in this session",
    bad="CREATE TABLE docs (id uuid PRIMARY KEY, body jsonb UNIQUE);",
    good="CREATE TABLE docs (id uuid PRIMARY KEY, body jsonb);",
    needs=("time", *sorted(NOT_INDEXABLE), *UNICODE_ESCAPES),  # time covers time with time zone (timetz)
)
def index_type(s: Stmt) -> Iterator[Hit]:
    declared = {column.get("colname"): type_name(column.get("typeName", {})) for column, _ in _column_defs(s)}
    for element in s.node.get("tableElts", ()):
        column = element.get("ColumnDef", {})
        for item in column.get("constraints", ()):
            constraint = item.get("Constraint", {})
            if constraint.get("contype") in _KEYS and declared.get(column.get("colname")) in NOT_INDEXABLE:
                yield Hit(s.at(constraint.get("location")), (column.get("colname"), declared[column.get("colname")]))
        constraint = element.get("Constraint", {})
        if constraint.get("contype") in _KEYS:
            for key in names(constraint.get("keys")):
                if declared.get(key) in NOT_INDEXABLE:
                    yield Hit(s.at(constraint.get("location")), (key, declared[key]))


_KEYS = ("CONSTR_PRIMARY", "CONSTR_UNIQUE")


@rule(
    "DSQL-INDEX-ASYNC",
    severity="error",
    kinds=["IndexStmt"],
    message="DSQL does not support CREATE INDEX without ASYNC (unsupported mode. please use CREATE INDEX ASYNC.)",
    hint="use {0}; it returns a job_id: CALL sys.wait_for_job(job_id) to wait for the build",
    confirmed="2026-09-15",
    evidence="DOC CREATE INDEX ASYNC page; OBSERVED 0A000",
    bad="CREATE INDEX orders_customer_idx ON orders (customer_id);",
    good="CREATE INDEX ASYNC orders_customer_idx ON orders (customer_id);",
)
def index_async(s: Stmt) -> Iterator[Hit]:
    if not s.is_async and not s.node.get("concurrent"):
        at = _first(s, "INDEX")
        yield Hit(at, (_rewritten(s, at + len("INDEX"), at + len("INDEX"), " ASYNC"),))


@rule(
    "DSQL-INDEX-CONCURRENTLY",
    severity="error",
    kinds=["IndexStmt"],
    message="DSQL does not support CREATE INDEX CONCURRENTLY (CONCURRENTLY not supported for CREATE INDEX)",
    hint="use {0}: ASYNC builds the index in the background without blocking writes",
    confirmed="2026-09",
    evidence="DOC CREATE INDEX ASYNC page; AWS-REPO observed 0A000",
    bad="CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);",
    good="CREATE INDEX ASYNC orders_status_idx ON orders (status);",
)
def index_concurrently(s: Stmt) -> Iterator[Hit]:
    if s.node.get("concurrent"):
        at = _first(s, "CONCURRENTLY")
        replacement = "" if s.is_async else "ASYNC"
        yield Hit(at, (_rewritten(s, at, at + len("CONCURRENTLY"), replacement),))


def _index_keys(s: Stmt) -> list[Node]:
    return [element.get("IndexElem", {}) for element in s.node.get("indexParams", ())]


@rule(
    "DSQL-INDEX-ORDER",
    severity="error",
    kinds=["IndexStmt"],
    message="DSQL does not support ASC/DESC on index keys (specifying sort order not supported for index keys)",
    hint="remove ASC/DESC; NULLS FIRST/LAST is allowed, and a DSQL index serves both directions",
    confirmed="2026-09",
    evidence="DOC unsupported clause (CREATE INDEX ASYNC ASC | DESC); OBSERVED 0A000",
    bad="CREATE INDEX ASYNC orders_created_idx ON orders (created_at DESC);",
    good="CREATE INDEX ASYNC orders_created_idx ON orders (created_at);",
)
def index_order(s: Stmt) -> Iterator[Hit]:
    if any(key.get("ordering", "SORTBY_DEFAULT") != "SORTBY_DEFAULT" for key in _index_keys(s)):
        yield Hit(_first(s, "ASC", "DESC", after=_relation_at(s, s.node.get("relation"))))


@rule(
    "DSQL-INDEX-USING",
    severity="error",
    kinds=["IndexStmt"],
    message="DSQL does not support USING {0} in CREATE INDEX (index access methods)",
    hint="remove USING {0}: DSQL has one index type",
    confirmed="2026-09",
    evidence="DOC CREATE INDEX ASYNC syntax (no USING); AWS-REPO dsql-lint",
    bad="CREATE INDEX ASYNC docs_body_idx ON docs USING gin (body);",
    good="CREATE INDEX ASYNC docs_body_idx ON docs (body);",
    # The matcher looks for the USING keyword: text without the word skips its token walk
    # (--check of 10k statements: a fifth of the index statements' rule time).
    needs=("using",),
)
def index_using(s: Stmt) -> Iterator[Hit]:
    relation = _relation_at(s, s.node.get("relation"))
    at = s.keyword("USING", after=relation)
    first_paren = next((t.start for t in s.tokens if t.text == "(" and t.start > relation), None)
    if at is not None and (first_paren is None or at < first_paren):
        yield Hit(at, (s.node.get("accessMethod", "btree"),))


@rule(
    "DSQL-INDEX-OPCLASS",
    severity="error",
    kinds=["IndexStmt"],
    message="DSQL does not support operator classes on index keys (opclass not supported for index keys)",
    hint="remove the operator class ({0})",
    confirmed="2026-09",
    evidence="DOC CREATE INDEX ASYNC syntax (by omission); AWS-REPO observed 0A000",
    bad="CREATE INDEX ASYNC users_email_idx ON users (email text_pattern_ops);",
    good="CREATE INDEX ASYNC users_email_idx ON users (email);",
)
def index_opclass(s: Stmt) -> Iterator[Hit]:
    for key in _index_keys(s):
        opclass = names(key.get("opclass"))
        if opclass:
            yield Hit(_first(s, opclass[-1], after=_relation_at(s, s.node.get("relation"))), (".".join(opclass),))


@rule(
    "DSQL-INDEX-COLUMNS",
    severity="error",
    kinds=["IndexStmt", "CreateStmt", "AlterTableStmt"],
    message="DSQL allows at most 8 key columns in an index or key, found {0} "
            "(more than 8 column keys in an index are not supported)",
    hint="index at most 8 columns; move the rest into INCLUDE (...) or a separate index",
    confirmed="2026-09",
    evidence="DOC quotas (54011)",
    bad="CREATE INDEX ASYNC wide_idx ON t (c1, c2, c3, c4, c5, c6, c7, c8, c9);",
    good="CREATE INDEX ASYNC wide_idx ON t (c1, c2, c3, c4, c5, c6, c7, c8) INCLUDE (c9);",
)
def index_columns(s: Stmt) -> Iterator[Hit]:
    if s.kind == "IndexStmt" and len(s.node.get("indexParams", ())) > 8:
        yield Hit(_relation_at(s, s.node.get("relation")), (str(len(s.node["indexParams"])),))
    for constraint, _ in _table_constraints(s):
        keys = constraint.get("keys", ())
        if constraint.get("contype") in ("CONSTR_PRIMARY", "CONSTR_UNIQUE") and len(keys) > 8:
            yield Hit(s.at(constraint.get("location")), (str(len(keys)),))


@rule(
    "DSQL-INDEX-INCLUDE",
    severity="error",
    kinds=["IndexStmt"],
    message="DSQL does not allow expressions in INCLUDE (...)",
    hint="INCLUDE plain columns only",
    confirmed="2026-08-13",
    evidence="DOC expression indexes (release notes)",
    bad="CREATE INDEX ASYNC t_a_idx ON t (a) INCLUDE ((b * 2));",
    good="CREATE INDEX ASYNC t_a_idx ON t (a) INCLUDE (b);",
)
def index_include(s: Stmt) -> Iterator[Hit]:
    if any(e.get("IndexElem", {}).get("expr") for e in s.node.get("indexIncludingParams", ())):
        yield Hit(_first(s, "INCLUDE"))


VOLATILE_FUNCTIONS = frozenset({
    "now", "random", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday",
    "gen_random_uuid", "nextval", "currval", "lastval", "setval", "txid_current", "pg_backend_pid",
})


@rule(
    "DSQL-INDEX-IMMUTABLE",
    severity="error",
    kinds=["IndexStmt"],
    message="index expressions and predicates must be immutable, {0} is not "
            "(functions in index expression must be marked IMMUTABLE)",
    hint="index the column itself, or an immutable expression of it",
    confirmed="2026-08-13",
    evidence="DOC expression indexes; AWS-REPO observed 42P17",
    bad="CREATE INDEX ASYNC recent_idx ON orders (created_at) WHERE created_at > now() - interval '7 days';",
    good="CREATE INDEX ASYNC recent_idx ON orders (created_at) WHERE created_at > '2026-01-01';",
)
def index_immutable(s: Stmt) -> Iterator[Hit]:
    for call in s.find("FuncCall"):
        name = names(call.get("funcname"))[-1:]
        if name and name[0].lower() in VOLATILE_FUNCTIONS:
            yield Hit(s.at(call.get("location")), (name[0] + "()",))
    for value in s.find("SQLValueFunction"):
        yield Hit(s.at(value.get("location")), (value.get("op", "").replace("SVFOP_", "").lower(),))


# --- ALTER TABLE ----------------------------------------------------------------------------

# ALTER TABLE actions in DSQL's syntax (alter-table-syntax-support, 2026-08); the others that
# have a rule of their own are checked there.
ALTER_TABLE_ACTIONS = frozenset({
    "AT_AddColumn", "AT_DropColumn", "AT_ColumnDefault", "AT_DropNotNull", "AT_DropExpression",
    "AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity", "AT_SetStorage", "AT_AlterConstraint",
    "AT_AddConstraint", "AT_DropConstraint", "AT_ValidateConstraint", "AT_ChangeOwner",
})
_OWN_RULE_ACTIONS = frozenset({
    "AT_AlterColumnType", "AT_SetNotNull", "AT_AttachPartition", "AT_DetachPartition",
    "AT_DetachPartitionFinalize", "AT_AddInherit", "AT_DropInherit", "AT_SetTableSpace",
    "AT_EnableRowSecurity", "AT_DisableRowSecurity", "AT_ForceRowSecurity", "AT_NoForceRowSecurity",
    "AT_SetUnLogged",
})
_ACTION_NAMES = {
    "AT_AddColumn": "ADD COLUMN", "AT_DropColumn": "DROP COLUMN", "AT_ColumnDefault": "ALTER COLUMN ... DEFAULT",
    "AT_AddConstraint": "ADD CONSTRAINT", "AT_DropConstraint": "DROP CONSTRAINT", "AT_ChangeOwner": "OWNER TO",
    "AT_SetStatistics": "ALTER COLUMN ... SET STATISTICS", "AT_SetOptions": "ALTER COLUMN ... SET (...)",
    "AT_ResetOptions": "ALTER COLUMN ... RESET (...)", "AT_SetCompression": "SET COMPRESSION",
    "AT_SetExpression": "ALTER COLUMN ... SET EXPRESSION", "AT_ClusterOn": "CLUSTER ON",
    "AT_DropCluster": "SET WITHOUT CLUSTER", "AT_SetLogged": "SET LOGGED",
    "AT_SetAccessMethod": "SET ACCESS METHOD", "AT_SetRelOptions": "SET (...)",
    "AT_ResetRelOptions": "RESET (...)", "AT_ReplicaIdentity": "REPLICA IDENTITY",
    "AT_AddOf": "OF type", "AT_DropOf": "NOT OF",
}


@rule(
    "DSQL-ALTER-TABLE",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL does not support ALTER {1} ... {0}",
    hint="see DSQL's ALTER TABLE syntax: ADD/DROP COLUMN, ALTER COLUMN SET/DROP DEFAULT, DROP NOT NULL, "
         "identity options, SET STORAGE, ADD ... NOT VALID, DROP/ALTER CONSTRAINT, OWNER, RENAME, SET SCHEMA",
    confirmed="2026-09",
    evidence="DOC ALTER TABLE supported syntax (allow-list)",
    bad="ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500;",
    good="ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
)
def alter_table_action(s: Stmt) -> Iterator[Hit]:
    objtype = s.node.get("objtype", "OBJECT_TABLE")
    if objtype not in ("OBJECT_TABLE", "OBJECT_INDEX"):
        return
    for index, command in enumerate(_commands(s)):
        subtype = command.get("subtype", "")
        if s.is_async and subtype != "AT_ValidateConstraint":
            yield Hit(_command_at(s, index), (_ACTION_NAMES.get(subtype, subtype.removeprefix("AT_")), "TABLE ASYNC"))
            continue
        if subtype in ALTER_TABLE_ACTIONS or subtype in _OWN_RULE_ACTIONS or "Trig" in subtype or "Rule" in subtype:
            if "Rule" in subtype:
                yield Hit(_command_at(s, index), ("ENABLE/DISABLE RULE", "TABLE"))
            continue
        what = _ACTION_NAMES.get(subtype, subtype.removeprefix("AT_"))
        yield Hit(_command_at(s, index), (what, objtype.removeprefix("OBJECT_")))


@rule(
    "DSQL-ALTER-COLUMN-TYPE",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL does not support changing a column's type "
            "(unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE statement)",
    hint="add a new column of the new type, copy the data in batches of at most 3,000 rows, "
         "drop the old column and rename the new one",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE syntax (by omission); OBSERVED 0A000",
    bad="ALTER TABLE orders ALTER COLUMN status TYPE varchar(100);",
    good="ALTER TABLE orders ADD COLUMN status_v2 varchar(100);",
)
def alter_column_type(s: Stmt) -> Iterator[Hit]:
    for index, command in enumerate(_commands(s)):
        if command.get("subtype") == "AT_AlterColumnType":
            yield Hit(_command_at(s, index, "TYPE"))


@rule(
    "DSQL-SET-NOT-NULL",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL does not support ALTER COLUMN ... SET NOT NULL",
    hint="add CHECK ({0} IS NOT NULL) NOT VALID, then ALTER TABLE ASYNC ... VALIDATE CONSTRAINT; "
         "or declare NOT NULL when creating the table",
    confirmed="2026-09",
    evidence="DOC ALTER TABLE syntax (only DROP NOT NULL); AWS-REPO",
    bad="ALTER TABLE orders ALTER COLUMN status SET NOT NULL;",
    good="ALTER TABLE orders ADD CONSTRAINT status_not_null CHECK (status IS NOT NULL) NOT VALID;",
)
def set_not_null(s: Stmt) -> Iterator[Hit]:
    for index, command in enumerate(_commands(s)):
        if command.get("subtype") == "AT_SetNotNull":
            yield Hit(_command_at(s, index, "SET"), (command.get("name", "column"),))


_CONSTRAINT_WORDS = {
    "CONSTR_DEFAULT": "DEFAULT", "CONSTR_NOTNULL": "NOT NULL", "CONSTR_NULL": "NULL",
    "CONSTR_CHECK": "CHECK", "CONSTR_UNIQUE": "UNIQUE", "CONSTR_PRIMARY": "PRIMARY KEY",
    "CONSTR_FOREIGN": "REFERENCES", "CONSTR_IDENTITY": "GENERATED ... AS IDENTITY",
    "CONSTR_GENERATED": "GENERATED ... STORED",
}


@rule(
    "DSQL-ADD-COLUMN-CONSTRAINT",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL does not support {0} on ADD COLUMN (ALTER TABLE ADD COLUMN with constraint not supported)",
    hint="add the bare column (ADD COLUMN name type), then set it up in separate statements: "
         "ALTER COLUMN ... SET DEFAULT, UPDATE in batches, ADD CONSTRAINT ... NOT VALID, "
         "or ALTER COLUMN ... ADD GENERATED ... AS IDENTITY (CACHE ...)",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE syntax (ADD COLUMN name type [STORAGE]); OBSERVED 0A000",
    bad="ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0;",
    good="ALTER TABLE orders ADD COLUMN priority integer;",
)
def add_column_constraint(s: Stmt) -> Iterator[Hit]:
    for column, _ in _column_defs(s):
        constraints = [c.get("Constraint", {}) for c in column.get("constraints", ())]
        if constraints:
            words = ", ".join(_CONSTRAINT_WORDS.get(c.get("contype", ""), "a constraint") for c in constraints)
            yield Hit(s.at(constraints[0].get("location")), (words,))


@rule(
    "DSQL-ADD-CONSTRAINT-NOT-VALID",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL needs NOT VALID on a {0} constraint added to an existing table "
            "(unsupported ALTER TABLE ADD CONSTRAINT statement)",
    hint="add NOT VALID, then validate in the background: ALTER TABLE ASYNC t VALIDATE CONSTRAINT name",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE page; OBSERVED 0A000",
    bad="ALTER TABLE orders ADD CONSTRAINT orders_owner_fk FOREIGN KEY (owner_id) REFERENCES owner (id);",
    good="ALTER TABLE orders ADD CONSTRAINT orders_owner_fk FOREIGN KEY (owner_id) REFERENCES owner (id) NOT VALID;",
)
def add_constraint_not_valid(s: Stmt) -> Iterator[Hit]:
    for constraint, index in _table_constraints(s):
        kind = constraint.get("contype")
        if index >= 0 and kind in ("CONSTR_CHECK", "CONSTR_FOREIGN") and not constraint.get("skip_validation"):
            yield Hit(s.at(constraint.get("location")), ("CHECK" if kind == "CONSTR_CHECK" else "FOREIGN KEY",))


@rule(
    "DSQL-ADD-CONSTRAINT-KEY",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL cannot add a {0} to an existing table (unsupported ALTER TABLE ADD CONSTRAINT statement)",
    hint="declare primary keys in CREATE TABLE; for uniqueness, CREATE UNIQUE INDEX ASYNC idx ON t (...), "
         "wait for it, then ALTER TABLE t ADD CONSTRAINT name UNIQUE USING INDEX idx",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE syntax; OBSERVED 0A000",
    bad="ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);",
    good="ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE USING INDEX orders_ref_idx;",
)
def add_constraint_key(s: Stmt) -> Iterator[Hit]:
    for constraint, index in _table_constraints(s):
        kind = constraint.get("contype")
        if index < 0:
            continue
        if kind == "CONSTR_PRIMARY" or (kind == "CONSTR_UNIQUE" and not constraint.get("indexname")):
            what = "PRIMARY KEY" if kind == "CONSTR_PRIMARY" else "UNIQUE constraint"
            yield Hit(s.at(constraint.get("location")), (what,))


@rule(
    "DSQL-VALIDATE-ASYNC",
    severity="error",
    kinds=["AlterTableStmt"],
    message="DSQL validates constraints only asynchronously (unsupported ALTER TABLE VALIDATE CONSTRAINT statement)",
    hint="use {0}; it returns a job_id to wait on",
    confirmed="2026-09-18",
    evidence="DOC ALTER TABLE syntax; OBSERVED 0A000",
    bad="ALTER TABLE orders VALIDATE CONSTRAINT orders_owner_fk;",
    good="ALTER TABLE ASYNC orders VALIDATE CONSTRAINT orders_owner_fk;",
)
def validate_async(s: Stmt) -> Iterator[Hit]:
    if s.is_async:
        return
    for index, command in enumerate(_commands(s)):
        if command.get("subtype") == "AT_ValidateConstraint":
            table_word = _first(s, "TABLE") + len("TABLE")
            yield Hit(_command_at(s, index, "VALIDATE"), (_rewritten(s, table_word, table_word, " ASYNC"),))


# --- Statements DSQL refuses outright --------------------------------------------------------

# Statement node -> (what the user wrote, DSQL's "unsupported statement: X" name).
_UNSUPPORTED_STATEMENTS = {
    "RuleStmt": "CREATE RULE", "CreateCastStmt": "CREATE CAST",
    "CreateConversionStmt": "CREATE CONVERSION", "CreatePLangStmt": "CREATE LANGUAGE",
    "CreatePublicationStmt": "CREATE PUBLICATION", "AlterPublicationStmt": "ALTER PUBLICATION",
    "CreateSubscriptionStmt": "CREATE SUBSCRIPTION", "AlterSubscriptionStmt": "ALTER SUBSCRIPTION",
    "DropSubscriptionStmt": "DROP SUBSCRIPTION", "CreateAmStmt": "CREATE ACCESS METHOD",
    "CreateOpClassStmt": "CREATE OPERATOR CLASS", "CreateOpFamilyStmt": "CREATE OPERATOR FAMILY",
    "AlterOpFamilyStmt": "ALTER OPERATOR FAMILY", "CreateTransformStmt": "CREATE TRANSFORM",
    "ReindexStmt": "REINDEX", "ClusterStmt": "CLUSTER", "CheckPointStmt": "CHECKPOINT",
    "LoadStmt": "LOAD", "SecLabelStmt": "SECURITY LABEL", "AlterTSDictionaryStmt": "ALTER TEXT SEARCH",
    "AlterTSConfigurationStmt": "ALTER TEXT SEARCH", "AlterOperatorStmt": "ALTER OPERATOR",
    "AlterCollationStmt": "ALTER COLLATION",
}
_DEFINE_KINDS = {
    "OBJECT_AGGREGATE": "CREATE AGGREGATE", "OBJECT_OPERATOR": "CREATE OPERATOR",
    "OBJECT_TSPARSER": "CREATE TEXT SEARCH", "OBJECT_TSDICTIONARY": "CREATE TEXT SEARCH",
    "OBJECT_TSTEMPLATE": "CREATE TEXT SEARCH", "OBJECT_TSCONFIGURATION": "CREATE TEXT SEARCH",
}


@rule(
    "DSQL-UNSUPPORTED-STATEMENT",
    severity="error",
    kinds=[*_UNSUPPORTED_STATEMENTS, "DefineStmt"],
    message="DSQL does not support {0} (unsupported statement: {1})",
    hint="remove it; DSQL manages storage, statistics and replication itself and has no extensibility hooks",
    confirmed="2026-09",
    evidence="DOC unsupported features; OBSERVED message form; UNCONFIRMED per statement",
    bad="REINDEX TABLE orders;",
    good="ANALYZE orders;",
)
def unsupported_statement(s: Stmt) -> Iterator[Hit]:
    if s.kind == "DefineStmt":
        what = _DEFINE_KINDS.get(s.node.get("kind", ""))
        if what:
            yield Hit(s.start, (what, "DefineStmt"))
        return
    yield Hit(s.start, (_UNSUPPORTED_STATEMENTS[s.kind], s.kind.removesuffix("Stmt")))


def _simple(
    rule_id: str, *, kinds: list[str], message: str, hint: str, confirmed: str, evidence: str, bad: str, good: str
) -> None:
    """A rule that flags every statement of the given node types at its start."""

    def whole_statement(s: Stmt) -> Iterator[Hit]:
        yield Hit(s.start)

    rule(rule_id, severity="error", kinds=kinds, message=message, hint=hint, confirmed=confirmed, evidence=evidence,
         bad=bad, good=good)(whole_statement)


_simple(
    "DSQL-TRUNCATE",
    kinds=["TruncateStmt"],
    message="DSQL does not support TRUNCATE (unsupported statement: Truncate)",
    hint="DELETE FROM ... WHERE ... in batches of at most 3,000 rows, or DROP TABLE and create it again",
    confirmed="2026-09-18",
    evidence="DOC unsupported commands; OBSERVED 0A000",
    bad="TRUNCATE orders;",
    good="DELETE FROM orders WHERE created_at < '2026-01-01';",
)
_simple(
    "DSQL-VACUUM",
    kinds=["_Vacuum"],
    message="DSQL does not support VACUUM (unsupported VACUUM statement)",
    hint="remove it: DSQL needs no vacuuming",
    confirmed="2026-09-18",
    evidence="DOC unsupported commands; OBSERVED 0A000",
    bad="VACUUM orders;",
    good="ANALYZE orders;",
)
_simple(
    "DSQL-ALTER-SYSTEM",
    kinds=["AlterSystemStmt"],
    message="DSQL does not support ALTER SYSTEM (unsupported statement: AlterSystem)",
    hint="remove it: DSQL has no server settings to change",
    confirmed="2026-09-18",
    evidence="DOC (all ALTER SYSTEM commands are blocked); OBSERVED 0A000",
    bad="ALTER SYSTEM SET work_mem = '64MB';",
    good="SHOW work_mem;",
)
_simple(
    "DSQL-LISTEN-NOTIFY",
    kinds=["ListenStmt", "NotifyStmt", "UnlistenStmt"],
    message="DSQL does not support LISTEN/NOTIFY (unsupported statement: Listen/Notify/Unlisten)",
    hint="use an external queue or notification service",
    confirmed="2026-09-18",
    evidence="OBSERVED 0A000",
    bad="LISTEN order_events;",
    good="SELECT 1;",
)
_simple(
    "DSQL-LOCK",
    kinds=["LockStmt"],
    message="DSQL does not support LOCK TABLE (unsupported statement: Lock)",
    hint="remove it: DSQL uses optimistic concurrency; SELECT ... FOR UPDATE makes a conflict explicit",
    confirmed="2026-09",
    evidence="AWS-REPO pgdump-proxy (observed)",
    bad="LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;",
    good="SELECT id FROM orders WHERE id = $1 FOR UPDATE;",
)
_simple(
    "DSQL-DO",
    kinds=["DoStmt"],
    message="DSQL does not support DO blocks (PL/pgSQL is not available)",
    hint="run the statements one by one, or move the logic into the application",
    confirmed="2026-09",
    evidence="DOC unsupported (functions in languages other than SQL; PL/pgSQL)",
    bad="DO $$ BEGIN RAISE NOTICE 'hi'; END $$;",
    good="SELECT 'hi';",
)
_simple(
    "DSQL-EXTENSION",
    kinds=["CreateExtensionStmt", "AlterExtensionStmt", "AlterExtensionContentsStmt", "_Extension"],
    message="DSQL does not support extensions (unsupported statement: CreateExtension)",
    hint="remove it; gen_random_uuid() is built in, and nothing else can be installed",
    confirmed="2026-09-18",
    evidence="DOC (Aurora DSQL doesn't support PostgreSQL extensions); OBSERVED 0A000",
    bad="CREATE EXTENSION IF NOT EXISTS pgcrypto;",
    good="SELECT gen_random_uuid();",
)
_simple(
    "DSQL-FOREIGN-DATA",
    kinds=["CreateForeignTableStmt", "CreateFdwStmt", "AlterFdwStmt", "CreateForeignServerStmt",
           "AlterForeignServerStmt", "CreateUserMappingStmt", "AlterUserMappingStmt", "DropUserMappingStmt",
           "ImportForeignSchemaStmt", "_Foreign"],
    message="DSQL does not support foreign data wrappers (unsupported statement: CreateForeignTable)",
    hint="read the other source from the application",
    confirmed="2026-09-18",
    evidence="DOC unsupported extensions (postgres_fdw); OBSERVED 0A000",
    bad="CREATE FOREIGN TABLE remote_orders (id int) SERVER other;",
    good="SELECT 1;",
)
_simple(
    "DSQL-TRIGGER",
    kinds=["CreateTrigStmt", "CreateEventTrigStmt", "AlterEventTrigStmt", "_Trigger"],
    message="DSQL does not support triggers (CREATE TRIGGER not supported)",
    hint="move the trigger's work into the application or into the statements that write the table",
    confirmed="2026-09-18",
    evidence="DOC unsupported objects; OBSERVED 0A000",
    bad="CREATE TRIGGER audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION log_order();",
    good="SELECT 1;",
)
_simple(
    "DSQL-PROCEDURE",
    kinds=["_Procedure"],
    message="DSQL does not support CREATE PROCEDURE (PROCEDURE is not supported)",
    hint="write a LANGUAGE sql function, or run the statements from the application",
    confirmed="2026-09",
    evidence="AWS-REPO observed 0A000",
    bad="CREATE PROCEDURE archive() LANGUAGE sql AS $$ DELETE FROM orders WHERE done $$;",
    good="CREATE FUNCTION archived() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders WHERE done $$;",
)
_simple(
    "DSQL-MATVIEW",
    kinds=["_MatView", "RefreshMatViewStmt"],
    message="DSQL does not support materialized views (unsupported statement: CreateTableAs)",
    hint="use a regular view, or a table the application refreshes",
    confirmed="2026-09-18",
    evidence="DOC unsupported (CREATE MATERIALIZED VIEW); OBSERVED 0A000",
    bad="CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) FROM orders GROUP BY 1;",
    good="CREATE VIEW order_totals AS SELECT customer_id, sum(total) FROM orders GROUP BY 1;",
)
_simple(
    "DSQL-CREATE-TYPE",
    kinds=["CreateEnumStmt", "CompositeTypeStmt", "CreateRangeStmt", "AlterEnumStmt", "AlterTypeStmt", "_Type"],
    message="DSQL does not support user-defined types (CREATE TYPE not supported)",
    hint="use a domain (CREATE DOMAIN mood AS text CHECK (VALUE IN ('sad', 'ok'))) or a CHECK constraint",
    confirmed="2026-09-18",
    evidence="DOC unsupported objects + data types page; OBSERVED 0A000",
    bad="CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');",
    good="CREATE DOMAIN mood AS text CHECK (VALUE IN ('sad', 'ok', 'happy'));",
)
_simple(
    "DSQL-DATABASE",
    kinds=["CreatedbStmt", "DropdbStmt", "AlterDatabaseStmt", "AlterDatabaseSetStmt", "AlterDatabaseRefreshCollStmt",
           "_Database"],
    message="DSQL has a single database, postgres: CREATE/ALTER/DROP DATABASE are not supported "
            "(unsupported statement: Createdb)",
    hint="use schemas (CREATE SCHEMA) to separate applications, or another cluster",
    confirmed="2026-09-18",
    evidence="DOC considerations; OBSERVED 0A000",
    bad="CREATE DATABASE analytics;",
    good="CREATE SCHEMA analytics;",
)
_simple(
    "DSQL-TWO-PHASE",
    kinds=["_TwoPhase"],
    message="DSQL does not support two-phase commit (PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED)",
    hint="use a plain COMMIT",
    confirmed="2026-09",
    evidence="DOC TCL list (by omission); UNCONFIRMED error text",
    bad="PREPARE TRANSACTION 'tx1';",
    good="COMMIT;",
)
_simple(
    "DSQL-DISCARD",
    kinds=["DiscardStmt"],
    message="DSQL does not support DISCARD (DISCARD ALL is unsupported on Aurora DSQL)",
    hint="reconnect for a clean session, or RESET the settings you changed",
    confirmed="2026-09",
    evidence="AWS-REPO MCP server source",
    bad="DISCARD ALL;",
    good="RESET search_path;",
)
_simple(
    "DSQL-CURSOR",
    kinds=["DeclareCursorStmt"],
    message="DSQL does not support SQL-level cursors (DECLARE CURSOR)",
    hint="page with LIMIT/keyset queries, or use the driver's cursor",
    confirmed="2026-09",
    evidence="UNCONFIRMED (dsql-lint rule)",
    bad="DECLARE c CURSOR FOR SELECT * FROM orders;",
    good="SELECT * FROM orders ORDER BY id LIMIT 100;",
)
_simple(
    "DSQL-RLS",
    kinds=["CreatePolicyStmt", "AlterPolicyStmt", "_Policy"],
    message="DSQL does not support row-level security (policies)",
    hint="filter rows in the application or through views",
    confirmed="2026-09",
    evidence="UNCONFIRMED (dsql-lint rule; absent from every supported list)",
    bad="CREATE POLICY tenant_only ON orders USING (tenant_id = current_user);",
    good="CREATE VIEW my_orders AS SELECT * FROM orders WHERE tenant_id = current_user;",
)
_simple(
    "DSQL-MERGE",
    kinds=["MergeStmt"],
    message="DSQL does not support MERGE (unsupported statement type: MERGE)",
    hint="use INSERT ... ON CONFLICT DO UPDATE, or separate UPDATE and INSERT statements",
    confirmed="2026-09",
    evidence="UNCONFIRMED (dsql-emulator rule; MERGE is not in DSQL's DML list)",
    bad="MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty;",
    good="INSERT INTO stock (item, qty) SELECT item, qty FROM deliveries "
         "ON CONFLICT (item) DO UPDATE SET qty = stock.qty + EXCLUDED.qty;",
)


@rule(
    "DSQL-PREPARE",
    severity="error",
    kinds=["PrepareStmt", "DeallocateStmt"],
    message="DSQL does not support SQL-level {0}",
    hint="use your driver's prepared statements (protocol-level), or DEALLOCATE ALL",
    confirmed="2026-09",
    evidence="UNCONFIRMED (dsql-lint rules; DEALLOCATE ALL accepted)",
    bad="PREPARE find_order (uuid) AS SELECT * FROM orders WHERE id = $1;",
    good="SELECT * FROM orders WHERE id = '00000000-0000-0000-0000-000000000001';",
)
def prepare(s: Stmt) -> Iterator[Hit]:
    if s.kind == "PrepareStmt":
        yield Hit(s.start, ("PREPARE",))
    elif not s.node.get("isall") and s.node.get("name"):
        yield Hit(s.start, ("DEALLOCATE of one statement",))


@rule(
    "DSQL-COPY-FILE",
    severity="error",
    kinds=["CopyStmt"],
    message="DSQL does not support COPY to or from a server file or program",
    hint="use COPY ... FROM STDIN / TO STDOUT, or psql's \\copy",
    confirmed="2026-09",
    evidence="AWS-REPO dsql-lint rule",
    bad="COPY orders FROM '/var/lib/data/orders.csv' WITH (FORMAT csv);",
    good="COPY orders FROM STDIN WITH (FORMAT csv);",
    values=("copy",),  # FROM '' names no file
)
def copy_file(s: Stmt) -> Iterator[Hit]:
    if s.node.get("filename") or s.node.get("is_program"):
        yield Hit(_first(s, "PROGRAM") if s.node.get("is_program") else s.start)


# --- Functions, tablespaces, grants, roles ----------------------------------------------------


@rule(
    "DSQL-FUNCTION-LANGUAGE",
    severity="error",
    kinds=["CreateFunctionStmt"],
    message="DSQL supports only LANGUAGE sql functions (CREATE FUNCTION with language {0} not supported)",
    hint="rewrite it as LANGUAGE sql, or move the logic into the application",
    confirmed="2026-09-18",
    evidence="DOC unsupported (functions in languages other than SQL); OBSERVED 0A000",
    bad="CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN i + 1; END $$;",
    good="CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS $$ SELECT i + 1 $$;",
    values=("language",),  # LANGUAGE 'plpgsql' is a string
)
def function_language(s: Stmt) -> Iterator[Hit]:
    if s.node.get("is_procedure"):
        return
    for option in s.node.get("options", ()):
        element = option.get("DefElem", {})
        if element.get("defname") == "language":
            language = element.get("arg", {}).get("String", {}).get("sval", "").lower()
            if language != "sql":
                yield Hit(s.at(element.get("location")), (language,))


@rule(
    "DSQL-TABLESPACE",
    severity="error",
    kinds=["CreateTableSpaceStmt", "DropTableSpaceStmt", "AlterTableSpaceOptionsStmt", "AlterTableMoveAllStmt",
           "CreateStmt", "IndexStmt", "AlterTableStmt", "_Tablespace"],
    message="DSQL does not support tablespaces (unsupported statement: CreateTableSpace)",
    hint="remove the TABLESPACE clause: DSQL places data itself",
    confirmed="2026-09-18",
    evidence="DOC unsupported objects; OBSERVED 0A000",
    bad="CREATE TABLE logs (id uuid PRIMARY KEY) TABLESPACE fast_disk;",
    good="CREATE TABLE logs (id uuid PRIMARY KEY);",
)
def tablespace(s: Stmt) -> Iterator[Hit]:
    if s.kind in ("CreateStmt", "IndexStmt", "AlterTableStmt"):
        uses = bool(s.node.get("tablespacename") or s.node.get("tableSpace"))
        uses = uses or any(c.get("indexspace") for c, _ in _table_constraints(s))
        uses = uses or any(c.get("subtype") == "AT_SetTableSpace" for c in _commands(s))
        if uses:
            yield Hit(_first(s, "TABLESPACE"))
    else:
        yield Hit(s.start)


_GRANT_OBJECTS = {
    "OBJECT_DATABASE": "DATABASE", "OBJECT_TABLESPACE": "TABLESPACE", "OBJECT_FDW": "FOREIGN DATA WRAPPER",
    "OBJECT_FOREIGN_SERVER": "FOREIGN SERVER", "OBJECT_LANGUAGE": "LANGUAGE", "OBJECT_LARGEOBJECT": "LARGE OBJECT",
    "OBJECT_PARAMETER_ACL": "PARAMETER",
}


@rule(
    "DSQL-GRANT-OBJECT",
    severity="error",
    kinds=["GrantStmt"],
    message="DSQL does not support GRANT/REVOKE ... ON {0} (unsupported object type in GRANT)",
    hint="grant on schemas, tables, sequences, functions or domains; database access comes from IAM (AWS IAM GRANT)",
    confirmed="2026-09",
    evidence="DOC (GRANT ... ON DATABASE: unsupported object type in GRANT)",
    bad="GRANT CONNECT ON DATABASE postgres TO app_reader;",
    good="GRANT USAGE ON SCHEMA public TO app_reader;",
)
def grant_object(s: Stmt) -> Iterator[Hit]:
    what = _GRANT_OBJECTS.get(s.node.get("objtype", ""))
    if what and s.node.get("targtype", "ACL_TARGET_OBJECT") == "ACL_TARGET_OBJECT":
        yield Hit(_first(s, what.split()[0]), (what,))


_ROLE_OPTIONS = {
    "connectionlimit": "CONNECTION LIMIT", "superuser": "SUPERUSER", "isreplication": "REPLICATION",
    "bypassrls": "BYPASSRLS",
}


@rule(
    "DSQL-ROLE-OPTION",
    severity="error",
    kinds=["CreateRoleStmt", "AlterRoleStmt"],
    message="DSQL does not support the role attribute {0}",
    hint="remove {0}: DSQL manages connections and privileges through IAM and GRANT",
    confirmed="2026-09",
    evidence="DOC (ALTER ROLE ... CONNECTION LIMIT); AWS-REPO dsql-lint for the others",
    bad="ALTER ROLE app_writer CONNECTION LIMIT 10;",
    good="ALTER ROLE app_writer RENAME TO app_rw;",
)
def role_option(s: Stmt) -> Iterator[Hit]:
    for option in s.node.get("options", ()):
        element = option.get("DefElem", {})
        name = _ROLE_OPTIONS.get(element.get("defname", ""))
        enabled = element.get("arg", {}).get("Boolean", {}).get("boolval")
        if name and (element.get("defname") == "connectionlimit" or enabled):
            yield Hit(s.at(element.get("location")), (name,))


@rule(
    "DSQL-ROLE-PASSWORD",
    severity="warning",
    kinds=["CreateRoleStmt", "AlterRoleStmt"],
    message="DSQL never uses role passwords: every login is an IAM authentication token",
    hint="drop PASSWORD/VALID UNTIL; map the role to IAM with AWS IAM GRANT role TO 'arn:aws:iam::...:role/...'",
    confirmed="2026-09",
    evidence="DOC authentication (tokens are the password)",
    bad="CREATE ROLE app_reader WITH LOGIN PASSWORD 'secret';",
    good="CREATE ROLE app_reader WITH LOGIN;",
)
def role_password(s: Stmt) -> Iterator[Hit]:
    for option in s.node.get("options", ()):
        element = option.get("DefElem", {})
        if element.get("defname") in ("password", "validUntil") and element.get("arg"):
            yield Hit(s.at(element.get("location")))


@rule(
    "DSQL-ADMIN-ROLE",
    severity="error",
    kinds=["AlterRoleStmt", "AlterRoleSetStmt", "DropRoleStmt", "RenameStmt"],
    message="DSQL does not let anyone modify the admin role",
    hint="create a role of your own (CREATE ROLE app WITH LOGIN) and change that one",
    confirmed="2026-09",
    evidence="DOC (You can't modify the admin role.)",
    bad="ALTER ROLE admin RENAME TO superadmin;",
    good="ALTER ROLE app_admin RENAME TO superadmin;",
)
def admin_role(s: Stmt) -> Iterator[Hit]:
    if s.kind == "RenameStmt":
        if s.node.get("renameType") == "OBJECT_ROLE" and s.node.get("subname") == "admin":
            yield Hit(s.start)
        return
    specs = s.node.get("roles") if s.kind == "DropRoleStmt" else [{"RoleSpec": s.node.get("role", {})}]
    for spec in specs or ():
        role = spec.get("RoleSpec", {})
        if role.get("rolename") == "admin":
            yield Hit(s.at(role.get("location")))


# --- Transactions and session settings ----------------------------------------------------------


@rule(
    "DSQL-SAVEPOINT",
    severity="error",
    kinds=["TransactionStmt"],
    message="DSQL does not support savepoints (unsupported transaction statement: {0})",
    hint="retry the whole transaction instead of rolling back part of it",
    confirmed="2026-09-18",
    evidence="DOC unsupported commands; OBSERVED 0A000",
    bad="SAVEPOINT before_update;",
    good="BEGIN;",
)
def savepoint(s: Stmt) -> Iterator[Hit]:
    kind = s.node.get("kind", "")
    words = {
        "TRANS_STMT_SAVEPOINT": "SAVEPOINT", "TRANS_STMT_RELEASE": "RELEASE", "TRANS_STMT_ROLLBACK_TO": "ROLLBACK TO"
    }
    if kind in words:
        yield Hit(s.start, (words[kind],))


@rule(
    "DSQL-ISOLATION",
    severity="error",
    kinds=["TransactionStmt"],
    message="DSQL runs every transaction at REPEATABLE READ ({0})",
    hint="drop the option (BEGIN, or BEGIN ISOLATION LEVEL REPEATABLE READ)",
    confirmed="2026-09-18",
    evidence="DOC considerations + TCL list; OBSERVED 0A000",
    bad="BEGIN ISOLATION LEVEL SERIALIZABLE;",
    good="BEGIN ISOLATION LEVEL REPEATABLE READ;",
)
def isolation(s: Stmt) -> Iterator[Hit]:
    for option in s.node.get("options", ()):
        element = option.get("DefElem", {})
        if element.get("defname") == "transaction_isolation":
            level = element.get("arg", {}).get("A_Const", {}).get("sval", {}).get("sval", "")
            if level != "repeatable read":
                yield Hit(s.at(element.get("location")), (f"Unsupported isolation level: {level.upper()}",))


@rule(
    "DSQL-TXN-OPTION",
    severity="error",
    kinds=["TransactionStmt"],
    message="DSQL does not support {0} on {1}",
    hint="use BEGIN [ISOLATION LEVEL REPEATABLE READ] [READ ONLY | READ WRITE] and a plain COMMIT or ROLLBACK",
    confirmed="2026-09",
    evidence="DOC TCL list (COMMIT [AND NO CHAIN]; BEGIN options); UNCONFIRMED error text",
    bad="BEGIN; SELECT 1; COMMIT AND CHAIN;",
    good="BEGIN; SELECT 1; COMMIT;",
)
def transaction_option(s: Stmt) -> Iterator[Hit]:
    if s.node.get("chain"):
        yield Hit(_first(s, "CHAIN"), ("AND CHAIN", s.node.get("kind", "").removeprefix("TRANS_STMT_")))
    for option in s.node.get("options", ()):
        element = option.get("DefElem", {})
        if element.get("defname") == "transaction_deferrable" and int_value(element.get("arg")):
            yield Hit(s.at(element.get("location")), ("DEFERRABLE", "BEGIN"))


@rule(
    "DSQL-SET-TRANSACTION",
    severity="error",
    kinds=["VariableSetStmt"],
    message='DSQL does not support SET TRANSACTION / SET SESSION CHARACTERISTICS '
            '(setting configuration parameter "TRANSACTION" not supported)',
    hint="put the options on BEGIN: BEGIN [ISOLATION LEVEL REPEATABLE READ] [READ ONLY | READ WRITE]",
    confirmed="2026-09-18",
    evidence="DOC TCL list (by omission); OBSERVED 0A000",
    bad="SET TRANSACTION READ ONLY;",
    good="BEGIN READ ONLY;",
)
def set_transaction(s: Stmt) -> Iterator[Hit]:
    if s.node.get("kind") == "VAR_SET_MULTI" and s.node.get("name") in ("TRANSACTION", "SESSION CHARACTERISTICS"):
        yield Hit(_first(s, "TRANSACTION", "SESSION"))


# Parameters DSQL lets a session SET (FACTS.md section 2; the pgdump-proxy allow-list adds
# application_name and the planner's enable_* switches; dsql.* are DSQL's own).
SETTABLE = frozenset({
    "client_encoding", "datestyle", "extra_float_digits", "intervalstyle", "timezone", "search_path",
    "application_name", "disable_sync_create_index",
})


def is_settable(name: str) -> bool:
    """Whether DSQL accepts SET/RESET of this parameter."""
    name = name.lower()
    return name in SETTABLE or name.startswith(("enable_", "dsql."))


@rule(
    "DSQL-SET",
    severity="error",
    kinds=["VariableSetStmt", "SelectStmt"],
    message='DSQL does not let a session set {0} (setting configuration parameter "{0}" not supported)',
    hint="remove it; DSQL accepts SET for client_encoding, DateStyle, extra_float_digits, IntervalStyle, "
         "TimeZone, search_path, application_name and the planner's enable_* settings",
    confirmed="2026-09-18",
    evidence="AWS-REPO pgdump-proxy allow-list; OBSERVED 0A000",
    bad="SET statement_timeout = '30s';",
    good="SET search_path TO app, public;",
    needs=("set",),
    values=("set_config",),
)
def set_parameter(s: Stmt) -> Iterator[Hit]:
    if s.kind == "VariableSetStmt":
        kind = s.node.get("kind")
        name = s.node.get("name", "")
        if kind in ("VAR_SET_VALUE", "VAR_SET_DEFAULT", "VAR_SET_CURRENT", "VAR_RESET") and not is_settable(name):
            word = {"session_authorization": "AUTHORIZATION"}.get(name, name)
            yield Hit(_first(s, word), (name,))  # type: ignore[arg-type]
        return
    for call in s.find("FuncCall"):  # SELECT set_config('statement_timeout', ...) is refused the same way
        args = call.get("args") or [{}]
        name = args[0].get("A_Const", {}).get("sval", {}).get("sval")
        if names(call.get("funcname"))[-1:] == ["set_config"] and name and not is_settable(name):
            yield Hit(s.at(call.get("location")), (name,))


@rule(
    "DSQL-ANALYZE",
    severity="error",
    kinds=["_Analyze"],
    message="DSQL supports ANALYZE with table names only ({0})",
    hint="write ANALYZE table_name",
    confirmed="2026-09",
    evidence="DOC utility commands: ANALYZE (relation name only)",
    bad="ANALYZE VERBOSE orders;",
    good="ANALYZE orders;",
)
def analyze(s: Stmt) -> Iterator[Hit]:
    relations = [r.get("VacuumRelation", {}) for r in s.node.get("rels", ())]
    if s.node.get("options"):
        yield Hit(s.at(s.node["options"][0].get("DefElem", {}).get("location")), ("no options",))
    elif not relations:
        yield Hit(s.start, ("no table named",))
    elif any(r.get("va_cols") for r in relations):
        yield Hit(_first(s, "("), ("no column lists",))


# --- Queries -----------------------------------------------------------------------------------

# Statements that hold queries, where a query-level rule must look (subqueries and CTEs included).
QUERY_KINDS = (
    "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "ExplainStmt", "ViewStmt",
    "DeclareCursorStmt", "PrepareStmt", "CopyStmt", "CreateTableAsStmt", "IndexStmt",
)


@rule(
    "DSQL-LOCKING-CLAUSE",
    severity="error",
    kinds=QUERY_KINDS,
    message="DSQL does not support FOR {0} (locking clauses other than FOR UPDATE/FOR KEY SHARE are not supported)",
    hint="use FOR UPDATE (or FOR KEY SHARE); conflicts are checked at COMMIT",
    confirmed="2026-09",
    evidence="DOC SELECT clauses (FOR UPDATE, FOR KEY SHARE); UNCONFIRMED error text",
    bad="SELECT * FROM orders WHERE id = $1 FOR SHARE;",
    good="SELECT * FROM orders WHERE id = $1 FOR UPDATE;",
    needs=("share", "key"),
)
def locking_clause(s: Stmt) -> Iterator[Hit]:
    for clause in s.find("LockingClause"):
        strength = clause.get("strength", "")
        if strength in ("LCS_FORSHARE", "LCS_FORNOKEYUPDATE"):
            word = "SHARE" if strength == "LCS_FORSHARE" else "NO KEY UPDATE"
            yield Hit(_first(s, "SHARE" if word == "SHARE" else "NO"), (word,))


@rule(
    "DSQL-TABLESAMPLE",
    severity="error",
    kinds=QUERY_KINDS,
    message="DSQL does not support TABLESAMPLE (TABLESAMPLE clause not supported)",
    hint="sample with WHERE random() < 0.01 or ORDER BY random() LIMIT n",
    confirmed="2026-09-18",
    evidence="OBSERVED 0A000",
    bad="SELECT * FROM orders TABLESAMPLE SYSTEM (1);",
    good="SELECT * FROM orders WHERE random() < 0.01;",
    needs=("tablesample",),
)
def tablesample(s: Stmt) -> Iterator[Hit]:
    for sample in s.find("RangeTableSample"):
        yield Hit(_first(s, "TABLESAMPLE", after=s.at(sample.get("relation", {}).get("RangeVar", {}).get("location"))))


TEXT_SEARCH_FUNCTIONS = frozenset({
    "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery",
    "ts_headline", "json_to_tsvector", "jsonb_to_tsvector",
})


@rule(
    "DSQL-TEXT-SEARCH",
    severity="error",
    kinds=QUERY_KINDS,
    message='DSQL has no text search configurations, so {0}() fails (text search configuration "english" does not '
            'exist)',
    hint="match with ILIKE or regular expressions, or use a search service",
    confirmed="2026-09-18",
    evidence="OBSERVED 42704",
    bad="SELECT id FROM docs WHERE to_tsvector('english', body) @@ to_tsquery('english', 'dsql');",
    good="SELECT id FROM docs WHERE body ILIKE '%dsql%';",
    needs=("to_ts", "tsquery", "tsvector", "ts_headline"),
)
def text_search(s: Stmt) -> Iterator[Hit]:
    for call in s.find("FuncCall"):
        name = names(call.get("funcname"))[-1:]
        if name and name[0].lower() in TEXT_SEARCH_FUNCTIONS:
            yield Hit(s.at(call.get("location")), (name[0],))


@rule(
    "DSQL-WAIT-FOR-JOB",
    severity="error",
    kinds=QUERY_KINDS,
    message="sys.wait_for_job is a procedure in DSQL: call it with CALL, not in a query",
    hint="use CALL sys.wait_for_job('job_id');",
    confirmed="2026-09",
    evidence="FACTS.md section 4 (OBSERVED by several third-party projects)",
    bad="SELECT sys.wait_for_job('qfzv5uemkrg2lbczil2fim3o2q');",
    good="CALL sys.wait_for_job('qfzv5uemkrg2lbczil2fim3o2q');",
    needs=("wait_for_job",),
)
def wait_for_job(s: Stmt) -> Iterator[Hit]:
    for call in s.find("FuncCall"):
        if [n.lower() for n in names(call.get("funcname"))][-2:] == ["sys", "wait_for_job"]:
            yield Hit(s.at(call.get("location")))


ROW_LIMIT = 3000


@rule(
    "DSQL-ROW-LIMIT",
    severity="error",
    kinds=["InsertStmt"],
    message="this writes {0} rows in one transaction; DSQL allows 3,000 (transaction row limit exceeded)",
    hint="split it into batches of at most 3,000 rows, each in its own transaction (an INSERT ... SELECT from a "
         "table: end it with \\batch and dsqlsh does that)",
    confirmed="2026-09-18",
    evidence="DOC quotas (54000); OBSERVED 3,000 ok, 3,001 fails",
    bad="INSERT INTO bulk SELECT generate_series(1, 5000);",
    good="INSERT INTO bulk SELECT generate_series(1, 3000);",
    values=("generate_series",),  # check.py counts an INSERT's rows with the same inserted_rows
)
def row_limit(s: Stmt) -> Iterator[Hit]:
    rows = inserted_rows(s.node)
    if rows is not None and rows > ROW_LIMIT:
        yield Hit(s.start, (f"{rows:,}",))


def inserted_rows(insert: Node) -> int | None:
    """Rows an INSERT writes when the text says: a VALUES list or a bare generate_series(a, b)."""
    select = insert.get("selectStmt", {}).get("SelectStmt", {})
    if select.get("valuesLists"):
        return len(select["valuesLists"])
    if any(select.get(k) for k in ("whereClause", "limitCount", "groupClause", "havingClause", "distinctClause")):
        return None
    calls = [t.get("ResTarget", {}).get("val", {}).get("FuncCall") for t in select.get("targetList", ())]
    calls += [f.get("RangeFunction", {}).get("functions", [{}])[0].get("List", {}).get("items", [{}])[0].get("FuncCall")
              for f in select.get("fromClause", ()) if "RangeFunction" in f]
    for call in calls:
        if call and names(call.get("funcname"))[-1:] == ["generate_series"]:
            bounds = [int_value(a) for a in call.get("args", ())]
            if len(bounds) in (2, 3) and None not in bounds:
                step = bounds[2] if len(bounds) == 3 else 1
                if step:
                    return max(0, (bounds[1] - bounds[0]) // step + 1)  # type: ignore[operator]
    return None


def _where_missing(kind: str) -> Matcher:
    def where_missing(s: Stmt) -> Iterator[Hit]:
        if s.kind == kind and not s.node.get("whereClause"):
            yield Hit(s.start)
        for statement in s.find(kind):
            if not statement.get("whereClause"):
                yield Hit(s.at(statement.get("relation", {}).get("location")))

    return where_missing


rule(
    "DSQL-UPDATE-NO-WHERE",
    severity="warning",
    kinds=QUERY_KINDS,
    message="UPDATE without WHERE changes every row, and DSQL fails a transaction that modifies more than 3,000 rows",
    hint="add a WHERE clause, and update large tables in batches of at most 3,000 rows (end the statement with "
         "\\batch and dsqlsh does that)",
    confirmed="2026-09-18",
    evidence="DOC quotas (3,000 rows per transaction); OBSERVED 54000",
    bad="UPDATE orders SET status = 'archived';",
    good="UPDATE orders SET status = 'archived' WHERE created_at < '2026-01-01';",
    needs=("update",),
)(_where_missing("UpdateStmt"))
rule(
    "DSQL-DELETE-NO-WHERE",
    severity="warning",
    kinds=QUERY_KINDS,
    message="DELETE without WHERE removes every row, and DSQL fails a transaction that modifies more than 3,000 rows",
    hint="add a WHERE clause and delete in batches of at most 3,000 rows (end the statement with \\batch and "
         "dsqlsh does that), or DROP TABLE and create it again",
    confirmed="2026-09-18",
    evidence="DOC quotas (3,000 rows per transaction); OBSERVED 54000",
    bad="DELETE FROM sessions;",
    good="DELETE FROM sessions WHERE expires_at < now();",
    needs=("delete",),
)(_where_missing("DeleteStmt"))
