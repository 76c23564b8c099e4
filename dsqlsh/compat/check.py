"""Check SQL statements against DSQL's rules before they are sent: ``Checker().check(sql)``.

Per statement: DSQL-only syntax is recognised on tokens first (CREATE INDEX ASYNC and ALTER
TABLE ASYNC lose their ASYNC, blanked so offsets hold; AWS IAM GRANT/REVOKE is accepted unparsed;
a schema-qualified index name is reported and blanked), then PostgreSQL's grammar (pglast) parses
the rest and the rules of rules.py run on the tree. That part depends only on the text and is
cached. Across statements the Checker follows the transaction, because DSQL allows one DDL
statement per transaction and never DDL and DML together, and remembers the tables the session
creates (tracked_schema.py) for the few rules that need a table's definition. Statements a rule already
refuses never count toward the transaction: DSQL would not have run them.

What counts as DDL and DML here (DSQL's own DML list is INSERT, UPDATE, DELETE): DML is INSERT,
UPDATE, DELETE, MERGE, COPY FROM, a query with a data-modifying WITH, and EXPLAIN ANALYZE of
those. DDL is every statement that changes the catalog: CREATE/ALTER/DROP of any object (CREATE
INDEX ASYNC and ALTER TABLE ASYNC included), RENAME, COMMENT, GRANT/REVOKE and role statements.
A plain SELECT, SHOW, SET, EXPLAIN, CALL and AWS IAM GRANT are neither, so reading inside a DDL
transaction is not flagged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, NamedTuple

from dsqlsh.compat.rules import ROW_LIMIT, RULES, Hit, inserted_rows, rules_for, value_rules_for
from dsqlsh.compat.tokens import LazyTokens, Token, first_token
from dsqlsh.compat.tracked_schema import Fact, TrackedSchema, facts_of
from dsqlsh.compat.tree import Node, Stmt, names
from dsqlsh.statements import Kind, classify, transaction_effect

__all__ = ["Checker", "Finding", "analyze"]


@dataclass(frozen=True)
class Finding:
    """One problem found in a statement; positions are within the text given to ``check``."""

    rule: str  # stable id, e.g. "DSQL-INDEX-ASYNC"
    severity: str  # "error" (DSQL rejects it) | "warning" (runs, but bites on DSQL)
    message: str
    hint: str
    line: int  # 1-based line within the statement text
    col: int  # 1-based column (characters) within that line
    offset: int  # 0-based character offset within the statement text


@dataclass(frozen=True)
class Unit:
    """What one statement does to the transaction."""

    role: str  # "begin", "commit", "chain", "ddl", "dml", "analyze", "wait" or "other"
    offset: int  # where the statement starts
    rows: int | None = None  # rows an INSERT is known to write
    rejected: bool = False  # a rule already says DSQL refuses it
    facts: tuple[Fact, ...] = ()  # what it does to tables, for the session's TrackedSchema


@dataclass(frozen=True)
class Analysis:
    """What the text alone says: findings of the statement rules, and each statement's Unit."""

    findings: tuple[Finding, ...]
    units: tuple[Unit, ...]
    # Whether every text of the same named shape (shape_named) has this very analysis, but for relation; None: not
    # asked (analyze_all asks only of a shape's second text, as most statements of a script never repeat, issue 19).
    shared: bool | None = False
    relation: str = ""  # the relation name a shared analysis's facts hold: each text's own (Shape.relation)


@dataclass(frozen=True)
class Transaction:
    """The transaction block the checked statements run in, as far as DSQL's rules count it."""

    open: bool = False
    ddl: int = 0  # DDL statements in it
    dml: bool = False  # whether it wrote rows
    rows: int = 0  # rows its INSERTs are known to write


NO_TRANSACTION = Transaction()


class Checker:
    """Checks statements one at a time, in order, tracking the transaction across them.

    Offline (lint) it follows BEGIN and COMMIT in the text; in the shell, follow() first takes whether a
    transaction is open from the connection, which knows.
    """

    def __init__(self) -> None:
        self.schema = TrackedSchema()  # tables created so far; kept across reset(), as the server keeps them
        # Analyses by statement shape: a script repeating one statement with other values (10,000
        # INSERTs) is parsed once per shape, not once per statement (issue 9).
        self._shapes: dict[str, Analysis] = {}
        self._seen: set[str] = set()  # shapes met whose shared analysis is not known (yet)
        self.reset()

    def reset(self) -> None:
        """Forget transaction state: no transaction is open."""
        self.transaction = NO_TRANSACTION

    @property
    def in_transaction(self) -> bool:
        """Whether the statements checked next run inside a transaction block."""
        return self.transaction.open

    def follow(self, *, in_transaction: bool) -> None:
        """Take from the connection whether the next statement runs in a transaction block; the counts of one
        already followed are kept, one the checker did not see open (an implicit BEGIN) starts empty."""
        if not in_transaction:
            self.transaction = NO_TRANSACTION
        elif not self.transaction.open:
            self.transaction = Transaction(open=True)

    def check(self, sql: str) -> list[Finding]:
        """Findings for one complete statement as the engine sends it."""
        return self._follow(sql, self._analyze(sql, shape_named(sql)))

    def check_all(self, statements: Sequence[str]) -> Iterator[list[Finding]]:
        """check() of each statement in turn, for a whole script (--check): the statements to parse are parsed
        a batch at a time (analyze_all)."""
        for begin in range(0, len(statements), BATCH):
            batch = [(sql, _shape_named(sql)) for sql in statements[begin:begin + BATCH]]
            ready = analyze_all(*self._unanswered(batch))
            for sql, shape in batch:
                yield self._follow(sql, self._analyze(sql, shape, ready))

    def _unanswered(self, statements: list[tuple[str, Shape | None]]) -> tuple[list[str], set[str]]:
        """The statements (of their shapes) no shape seen so far answers, one of each shape, and those of them whose
        shape was met before: their analyses say whether they are shared. A second of a shape in the batch waits
        for the first's analysis, then analyze() takes it alone."""
        wanted: list[str] = []
        sharing: set[str] = set()
        keys: set[str] = set()
        for sql, shape in statements:
            if shape is None:
                wanted.append(sql)
                continue
            key = shape.key
            if key not in self._shapes and key not in keys:
                keys.add(key)
                wanted.append(sql)
                if key in self._seen:
                    sharing.add(sql)
        return wanted, sharing

    def _follow(self, sql: str, result: Analysis) -> list[Finding]:
        """The statement's findings: its analysis's, then those of the session's tables and transaction."""
        findings = list(result.findings)
        for unit in result.units:
            problems = self.schema.apply(unit.facts, rejected=unit.rejected) if unit.facts else ()
            if problems:
                findings.extend(_finding(sql, rule_id, Hit(at, args)) for rule_id, at, args in problems)
            rule_id = self._track(unit, rejected=unit.rejected or bool(problems))
            if rule_id:
                findings.append(_finding(sql, rule_id, Hit(unit.offset, (f"{self.transaction.rows:,}",))))
        return findings

    def _analyze(self, sql: str, shape: Shape | None, ready: dict[str, Analysis] | None = None) -> Analysis:
        """analyze(sql) (or its analysis in ready, made by analyze_all), or the shared analysis of a statement of
        the same shape (shape_of) seen before, its facts naming this statement's relation."""
        if shape is None:
            return _ready_or_analyze(sql, ready)
        key = shape.key
        result = self._shapes.get(key)
        if result is None:
            result = _ready_or_analyze(sql, ready)
            if result.shared is None:  # not asked: asked of the shape's second text only
                seen = self._seen
                if key not in seen:
                    if len(seen) >= SHAPES:
                        seen.clear()
                    seen.add(key)
                    return result
                result = analyze(sql)
            if result.shared:
                if len(self._shapes) >= SHAPES:
                    self._shapes.clear()
                self._shapes[key] = result
        elif result.relation and result.relation != shape.relation:
            result = _renamed(result, shape.relation)
        return result

    def _track(self, unit: Unit, *, rejected: bool) -> str | None:
        """Advance the transaction state; the id of a transaction rule the statement breaks."""
        role = unit.role
        txn = self.transaction
        if role == "begin":
            if not txn.open and not rejected:
                self.transaction = Transaction(open=True)
            return None
        if role in ("commit", "chain"):
            self.transaction = Transaction(open=True) if role == "chain" and not rejected else NO_TRANSACTION
            return None
        if not txn.open or rejected:
            return None
        if role == "analyze":
            return "DSQL-ANALYZE-IN-TXN"
        if role == "wait":
            return "DSQL-WAIT-IN-TXN"
        if role == "ddl":
            if txn.ddl:
                return "DSQL-TXN-MULTI-DDL"
            if txn.dml:
                return "DSQL-TXN-DDL-DML"
            self.transaction = replace(txn, ddl=txn.ddl + 1)
        elif role == "dml":
            if txn.ddl:
                return "DSQL-TXN-DDL-DML"
            self.transaction = replace(txn, dml=True, rows=txn.rows + (unit.rows or 0))
            if unit.rows and self.transaction.rows > ROW_LIMIT and unit.rows <= ROW_LIMIT:
                return "DSQL-ROW-LIMIT"
        return None


# --- Shapes ---------------------------------------------------------------------------------------

SHAPES = 4096  # shapes a Checker remembers

# A statement's shape is its text with the value of each literal a rule never reads masked: plain
# '...' strings become '' and integers of up to 9 digits 0. PostgreSQL's grammar parses two texts
# of one shape into the same tree but for those values (9 digits stay an Integer node), so rules
# that do not read values (Rule.values) find the same in both. Text whose literals a shape could
# misread has none: backslashes (E'' escapes), dollar quotes and $1, comments (a quote in one
# starts no string), U&"" (its UESCAPE '!' names the escape character), FLOAT(p) (the grammar
# picks real or double precision, or refuses, by p), and what pglast cannot take (NUL, lone
# surrogates).
_UNSHAPED = ("\\", "$", "/*", "--", '&"', "\x00")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# An integer of up to 9 digits not glued to a word, a '.', or an exponent's sign (1e+5). The first
# digit is matched before the look-behinds so the re module can skip to digits quickly.
_INTEGER = re.compile(
    r"[0-9](?<![\w.][0-9])(?<![^\x00-\x7f][0-9])(?<![eE][+-][0-9])[0-9]{0,8}(?![\w.])(?![^\x00-\x7f])",
    re.ASCII,
)
# With quoted identifiers about, literals are found by one pattern: an identifier is matched only to
# be kept whole (a quote inside one starts no string, its digits are no number).
_LITERAL = re.compile(
    rf"""
      "(?:[^"]|"")*"?
    | '(?:[^']|'')*(?P<closed>')?
    | {_INTEGER.pattern}
    """,
    re.VERBOSE | re.ASCII,
)
_NO_SHAPE = "\x00"  # what _mask returns to say there is none (the text has no NUL: _UNSHAPED)


def shape_of(sql: str) -> str | None:
    """The statement with its literal values masked, or None when masking could change its meaning."""
    for unsafe in _UNSHAPED:
        if unsafe in sql:
            return None
    if "float" in sql.lower() or (not sql.isascii() and _SURROGATE.search(sql)):
        return None
    if '"' in sql:
        shape = _LITERAL.sub(_mask, sql)
        return None if _NO_SHAPE in shape else shape
    # Every quote delimits a string: between the odd ones are the strings (a doubled quote in one
    # is an empty gap), and an odd count of them leaves the last string open.
    parts = sql.split("'")
    if len(parts) % 2 == 0:
        return None
    for before in parts[0:-1:2]:
        if before and _is_prefix(before[-1]):
            return None
    return _INTEGER.sub("0", "''".join(parts[::2]))


def _is_prefix(char: str) -> bool:
    """Whether char, just before a quote, makes the string E'', B'', X'', N'', U&'' (or is a word glued
    to the quote): those are no plain strings."""
    return char in "_&" or char.isalnum() or not char.isascii()


def _mask(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] == "'" and match.group("closed"):
        start = match.start()
        return _NO_SHAPE if start and _is_prefix(match.string[start - 1]) else "''"
    if token[0] in "'\"":
        return token
    return "0"


# Beside literals, a named shape masks the name of the relation in a few common forms of statement (INSERT INTO t,
# UPDATE t, DELETE FROM t, SELECT ... FROM t, CREATE TABLE t, CREATE INDEX i ON t): a script that creates and
# fills many tables repeats each statement with other names (bench/run.py's --check case, issue 19). No rule
# reads a RangeVar's relname or an index's idxname: only tracked_schema.facts_of names the relation, in facts that
# a shared analysis keeps under its own relation and _renamed gives each text's. A name is masked by NULs of its
# length (positions hold) when it is an unquoted word of up to 63 characters and no keyword of PostgreSQL's or
# DSQL's (another such word in its place is the same token to the grammar), and _Tree.holds_unread_only checks, on the
# statement shared, that the names are nowhere else in its tree.
# A name ends where no identifier character follows (nor a '.' of a qualified name): a FROM item must not go on
# with '(' (a function).
_NAME = r"[A-Za-z_][A-Za-z0-9_]{0,62}(?![\w$]|[^\x00-\x7f]|\s*\.)"
_NAMED = re.compile(
    rf"""
      \s*(?:insert\s+into|update|delete\s+from|create\s+table)\s+(?P<relation>{_NAME})
    | \s*select\s[^;()'"]*?\sfrom\s+(?P<queried>{_NAME})(?!\s*\()
    | \s*create\s+(?:unique\s+)?index\s+(?:async\s+)?(?:(?P<index>{_NAME})\s+)?on\s+(?P<indexed>{_NAME})
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,  # ASCII: a sixth of the compile time (6 ms), and SQL's own spaces
)
_INDEX, _INDEXED = _NAMED.groupindex["index"], _NAMED.groupindex["indexed"]


class Shape(NamedTuple):
    """A statement's named shape: the text with literals (shape_of) and its relation's name masked."""

    key: str
    relation: str = ""  # the relation's name as the grammar reads it (lower case), when masked
    names: tuple[str, ...] = ()  # every name masked (an index's and the relation's), lower case


# A Shape made from all three fields without a call of its Python-level __new__ (a few thousand instructions less a
# statement): every statement of a script gets one, most of them statements that never repeat (issue 19).
_new_shape = tuple.__new__


def _shape_named(sql: str) -> Shape | None:
    """The statement's named shape, or None when it has none (shape_of)."""
    shape = shape_of(sql)
    if shape is None:
        return None
    named = _NAMED.match(shape)
    if named is None:
        return _new_shape(Shape, (shape, "", ()))
    keywords = _keywords()
    # The relation's group is the last one matched; only CREATE INDEX's alternative has another (the index's name).
    # Asked by group number rather than through Match.regs, which builds a pair for every group (issue 19).
    last = named.lastindex or 0
    start, end = named.span(last)
    relation = shape[start:end].lower()
    if relation in keywords:
        return Shape(shape)
    key = shape[:start] + _NO_SHAPE * (end - start) + shape[end:]
    if last != _INDEXED or named.start(_INDEX) < 0:
        return _new_shape(Shape, (key, relation, (relation,)))
    start, end = named.span(_INDEX)
    index = shape[start:end].lower()
    if index in keywords:
        return Shape(shape)
    return _new_shape(Shape, (key[:start] + _NO_SHAPE * (end - start) + key[end:], relation, (index, relation)))


# Remembered by text, as analyze() is: the Checker asks first (check()), the statement's analysis next when it says
# whether it is shared (_analysis), and a session repeats statements (bench/check_bench.py's repeated case: 1.02 G
# -> 0.79 G instructions, 0ba97f4's 0.89 G). check_all asks _shape_named once a statement, unremembered.
shape_named = lru_cache(maxsize=SHAPES)(_shape_named)


@cache
def _keywords() -> frozenset[str]:
    """PostgreSQL's keywords, and the DSQL word a CREATE INDEX name could be mistaken for (lower case)."""
    from pglast import keywords

    every = (keywords.RESERVED_KEYWORDS | keywords.UNRESERVED_KEYWORDS | keywords.COL_NAME_KEYWORDS
             | keywords.TYPE_FUNC_NAME_KEYWORDS)
    return frozenset(word.lower() for word in every) | {"async"}


def _is_shared(sql: str, shape: Shape, stmt: Stmt, unit: Unit) -> bool:
    """Whether every statement of sql's named shape gets the analysis of this one statement with no finding (but
    for the relation its facts name, and if its masked names stand where no rule reads them): no rule reads a value
    it holds, and it does no more to tables than create one (or index one's columns, where no literal of another
    length could move them)."""
    if stmt.node.get("schemaElts"):
        return False
    if unit.facts:
        relation = shape.relation
        if not relation or any(fact.table != relation or fact.kind not in ("create", "index-key")
                               for fact in unit.facts):
            return False
        if any(fact.offset for fact in unit.facts) and (_INTEGER.search(sql) or "'" in sql):
            return False
    readers = value_rules_for(stmt.kind, stmt.node)
    lowered = sql.lower() if readers and sql.isascii() else None
    return not any(rule.reads_values(sql, lowered) for rule in readers)


def _renamed(result: Analysis, relation: str) -> Analysis:
    """A shared analysis for a text of its shape that names another relation: the facts name that one."""
    # Built field by field, not with dataclasses.replace: a third of --check's time over 10,000 statements
    # that create and index tables.
    units = tuple(
        Unit(unit.role, unit.offset, unit.rows, unit.rejected,
             tuple(Fact(f.kind, relation, f.column, f.offset, f.columns, f.primary_key) for f in unit.facts))
        if unit.facts else unit
        for unit in result.units
    )
    return Analysis(result.findings, units, result.shared, relation)


# --- Analysis -------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def analyze(sql: str) -> Analysis:
    """The statement rules' findings for ``sql`` and what each of its statements is."""
    prepared, tokens = _prepared(sql)
    try:
        statements, tree = _parse(prepared.text)
    except _ParseFailure as failure:
        return _unparsed(sql, tokens, prepared, failure)
    return _analysis(sql, tokens, prepared, statements, tree)


def _ready_or_analyze(sql: str, ready: dict[str, Analysis] | None) -> Analysis:
    found = ready.get(sql) if ready is not None else None
    return found if found is not None else analyze(sql)


# Statements pglast parses in one call in analyze_all. Measured on bench/run.py's --check case (10,000
# statements, callgrind): 16 a call take 2.7% fewer instructions than one a call (JSON decoding costs less per
# statement in one call); 128 save nothing, as a batch's trees, held together, make the garbage collector's
# passes longer by about what they save.
BATCH = 16


def analyze_all(texts: Sequence[str], sharing: Container[str] = ()) -> dict[str, Analysis]:
    """analyze() of each text, the texts parsed a batch at a time; whether an analysis is shared (Analysis.shared)
    is asked only of the texts in sharing (and of those analyze() takes), the others' say None.

    Texts that end in ';' (psql's statements do, but for \\g) are joined and parsed in one call: the grammar
    takes each statement after a ';' afresh, so a text's part of the tree is the tree it gets alone (its
    locations moved by where it starts, which Stmt.base takes back). A batch pglast refuses, or one in which a
    statement does not come back inside its own text (the server's lexer would have read past its ';'), is
    analyzed one text at a time: a parse error is reported as analyze() reports it and hides nothing of the
    other statements.
    """
    found: dict[str, Analysis] = {}
    batch: list[tuple[str, LazyTokens, _Prepared]] = []
    for sql in dict.fromkeys(texts):
        prepared, tokens = _prepared(sql)
        if prepared.text.endswith(";"):
            batch.append((sql, tokens, prepared))
        else:
            found[sql] = analyze(sql)
    for begin in range(0, len(batch), BATCH):
        part = batch[begin:begin + BATCH]
        parsed = _parse_batch([prepared.text for _, _, prepared in part])
        if parsed is None:
            found.update((sql, analyze(sql)) for sql, _, _ in part)
            continue
        placed, tree = parsed
        for (sql, tokens, prepared), (statements, base) in zip(part, placed, strict=True):
            found[sql] = _analysis(sql, tokens, prepared, statements, tree, base, sharing=sql in sharing)
    return found


def _prepared(sql: str) -> tuple[_Prepared, LazyTokens]:
    """The text for PostgreSQL's grammar (DSQL-only syntax blanked) and the statement's tokens, made when asked."""
    tokens = LazyTokens(sql)
    prepared = _prepare(sql, tokens.get()) if _has_dsql_words(sql) else _Prepared(sql, set(), [], [])
    return prepared, tokens


def _unparsed(sql: str, tokens: LazyTokens, prepared: _Prepared, failure: _ParseFailure) -> Analysis:
    """The analysis of a text the grammar refuses: its DSQL-PARSE finding, each statement's role by its words."""
    findings = [_finding(sql, "DSQL-INDEX-SCHEMA", Hit(at)) for at in prepared.schema_names]
    units = [Unit("other", at) for at in prepared.iam]
    # pglast reports a parse error's place in characters (unlike node locations, in bytes);
    # "at end of input" comes without one: point past the last token, as psql does.
    at = failure.location if failure.location is not None else _end_of_input(sql)
    findings.append(_finding(sql, "DSQL-PARSE", Hit(at, (failure.message,))))
    units.extend(Unit(_role_of_words(sql[group[0].start:group[-1].end]), group[0].start)
                 for group in _statements(tokens.get()))
    return Analysis(tuple(findings), tuple(sorted(units, key=lambda u: u.offset)))


def _analysis(
    sql: str, tokens: LazyTokens, prepared: _Prepared, statements: list[_Parsed], tree: _Tree, base: int = 0,
    *, sharing: bool = True
) -> Analysis:
    """The analysis of a parsed text (statements, from tree): the rules' findings and each statement's Unit; base
    as for Stmt. Whether it is shared is asked when sharing says (else it says None)."""
    findings = [_finding(sql, "DSQL-INDEX-SCHEMA", Hit(at)) for at in prepared.schema_names]
    units = [Unit("other", at) for at in prepared.iam]
    for kind, node, start, end in statements:
        first = first_token(prepared.text, start)
        is_async = first in prepared.asyncs
        stmt = Stmt(kind, node, prepared.text, first, end, is_async=is_async, tokens=tokens.get, source=sql,
                    base=base, lacks=tree.lacks)
        found = _run_rules(sql, stmt)
        findings.extend(found)
        rejected = any(f.severity == "error" for f in found)
        units.append(Unit(_role(stmt), first, _rows(stmt), rejected, facts_of(stmt)))
    findings.sort(key=lambda f: f.offset)
    if not sharing:
        return Analysis(tuple(findings), tuple(sorted(units, key=lambda u: u.offset)), None)
    # A lone statement no rule found anything in, DSQL-only syntax left untouched but for an index's ASYNC
    # (blanked in every text of the shape alike).
    shape = shape_named(sql) if len(statements) == 1 and len(units) == 1 and not findings else None
    shared = (shape is not None and not prepared.schema_names and not prepared.iam
              and _is_shared(sql, shape, stmt, units[0]) and tree.holds_unread_only(stmt.node, shape.names))
    relation = shape.relation if shared and shape is not None and units[0].facts else ""
    return Analysis(tuple(findings), tuple(sorted(units, key=lambda u: u.offset)), shared, relation)


def _run_rules(sql: str, stmt: Stmt) -> list[Finding]:
    """Every rule's findings for a statement, and for the statements nested in CREATE SCHEMA."""
    found: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    stmts = [stmt] + [
        Stmt(kind, node, stmt.text, stmt.start, stmt.end, tokens=lambda: stmt.tokens, source=stmt.source,
             base=stmt.base, lacks=stmt.lacks)
        for element in stmt.node.get("schemaElts", ())
        for kind, node in element.items()
    ]
    for each in stmts:
        for rule in rules_for(each.kind, each.node):
            if rule.needs and not rule.applies(each):
                continue
            for hit in rule.match(each):  # type: ignore[misc]
                if (rule.id, hit.offset) not in seen:
                    seen.add((rule.id, hit.offset))
                    found.append(_finding(sql, rule.id, hit))
    return found


def _finding(sql: str, rule_id: str, hit: Hit) -> Finding:
    rule = RULES[rule_id]
    offset = max(0, min(hit.offset, len(sql)))
    line_start = sql.rfind("\n", 0, offset) + 1
    return Finding(
        rule=rule_id,
        severity=rule.severity,
        message=rule.message.format(*hit.args),
        hint=rule.hint.format(*hit.args),
        line=sql.count("\n", 0, offset) + 1,
        col=offset - line_start + 1,
        offset=offset,
    )


# --- DSQL-only syntax, before parsing ---------------------------------------------------------


# Words that DSQL-only syntax needs; text without any of them skips the token pass.
_DSQL_WORD_LIST = ("async", "aws", "index")
_DSQL_WORDS = re.compile("|".join(_DSQL_WORD_LIST), re.IGNORECASE)


def _has_dsql_words(sql: str) -> bool:
    """Whether sql holds one of _DSQL_WORDS: in ASCII text, told by substring tests of the text lower-cased
    (as rules.Rule.applies tells, a fifth of the case-blind search's time)."""
    if not sql.isascii():
        return _DSQL_WORDS.search(sql) is not None
    lowered = sql.lower()
    return any(word in lowered for word in _DSQL_WORD_LIST)


@dataclass
class _Prepared:
    """A script as the checker reads it: the text for PostgreSQL's grammar and where DSQL's own words were."""

    text: str  # what PostgreSQL's grammar gets: same length, DSQL-only words blanked
    asyncs: set[int]  # starts of statements written with ASYNC
    schema_names: list[int]  # where a schema-qualified index name starts
    iam: list[int]  # starts of AWS IAM GRANT/REVOKE statements


def _prepare(sql: str, tokens: list[Token]) -> _Prepared:
    chars = list(sql)
    prepared = _Prepared(sql, set(), [], [])

    def blank(start: int, end: int) -> None:
        chars[start:end] = " " * (end - start)

    for group in _statements(tokens):
        words = [t.upper for t in group[:6]]
        if words[:2] == ["AWS", "IAM"] and words[2:3] in (["GRANT"], ["REVOKE"]):
            prepared.iam.append(group[0].start)
            blank(group[0].start, group[-1].end)
            continue
        position = _index_name_position(words)
        if position is None and words[:3] == ["ALTER", "TABLE", "ASYNC"]:
            prepared.asyncs.add(group[0].start)
            blank(group[2].start, group[2].end)
        if position is None:
            continue
        if position < len(group) and group[position].upper == "ASYNC":
            prepared.asyncs.add(group[0].start)
            blank(group[position].start, group[position].end)
            position += 1
        if [t.upper for t in group[position : position + 3]] == ["IF", "NOT", "EXISTS"]:
            position += 3
        qualifier_end = position
        while (
            qualifier_end + 2 < len(group)
            and group[qualifier_end + 1].text == "."
            and group[qualifier_end].upper != "ON"
        ):
            qualifier_end += 2
        if qualifier_end > position:
            prepared.schema_names.append(group[position].start)
            blank(group[position].start, group[qualifier_end].start)
    prepared.text = "".join(chars)
    return prepared


def _index_name_position(words: list[str]) -> int | None:
    """For CREATE [UNIQUE] INDEX [CONCURRENTLY]: the token position after those words."""
    position = 1
    if words[:1] != ["CREATE"]:
        return None
    if words[position : position + 1] == ["UNIQUE"]:
        position += 1
    if words[position : position + 1] != ["INDEX"]:
        return None
    position += 1
    if words[position : position + 1] == ["CONCURRENTLY"]:
        position += 1
    return position


def _statements(tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped by statement (split at ';' outside parentheses)."""
    groups: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.text == ";" and depth == 0:
            groups.append([])
            continue
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        groups[-1].append(token)
    return [group for group in groups if group]


# --- Parsing ------------------------------------------------------------------------------------


class _ParseFailure(Exception):
    def __init__(self, message: str, location: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


# A statement pglast parsed: node type, fields, start and end (character offsets).
_Parsed = tuple[str, Node, int, int]


def _parse(text: str) -> tuple[list[_Parsed], _Tree]:
    """Statements of ``text``: (node type, fields, start, end) with character offsets; and pglast's tree."""
    tree = _Tree(text)
    found = []
    for raw in tree.stmts:
        ((kind, node),) = raw["stmt"].items()
        start = raw.get("stmt_location", 0)
        length = raw.get("stmt_len", 0)
        end = _char_offset(text, start + length) if length else len(text)
        found.append((kind, node, _char_offset(text, start), end))
    return found, tree


def _parse_batch(texts: list[str]) -> tuple[list[tuple[list[_Parsed], int]], _Tree] | None:
    """Each text's statements, as _parse gives them, and the byte offset where the text starts, from one parse
    of the texts joined (and its tree); None when that fails or a statement is not inside one text, up to its
    ending ';'."""
    starts = [0]  # byte offset of each text in the joined text, and of its end
    for text in texts:
        starts.append(starts[-1] + (len(text) if text.isascii() else len(text.encode("utf-8"))))
    try:
        tree = _Tree("".join(texts))
    except _ParseFailure:
        return None
    placed: list[tuple[list[_Parsed], int]] = [([], base) for base in starts[:-1]]
    index = 0
    for raw in tree.stmts:
        start = raw.get("stmt_location", 0)
        length = raw.get("stmt_len", 0)
        while index + 1 < len(texts) and start >= starts[index + 1]:
            index += 1
        if not length or start + length >= starts[index + 1]:  # it ends at or past this text's last ';'
            return None
        text, base = texts[index], starts[index]
        ((kind, node),) = raw["stmt"].items()
        end = _char_offset(text, start + length - base)
        placed[index][0].append((kind, node, _char_offset(text, start - base), end))
    return placed, tree


class _Tree:
    """One parse by pglast: its statements (JSON decoded), and which node types they hold."""

    def __init__(self, text: str) -> None:
        parser = _pglast_parser()
        try:
            self.json: str = parser.parse_sql_json(text)
        except parser.ParseError as error:
            location = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else None
            raise _ParseFailure(str(error.args[0]), location) from None
        self.stmts: list[Node] = json.loads(self.json).get("stmts", [])
        self._lacking: dict[str, bool] = {}
        self._regions: dict[int, tuple[int, int]] | None = None

    def lacks(self, kind: str) -> bool:
        """Whether no statement holds a node of type ``kind`` below its own node (Stmt.find would find none).

        Told from the JSON without walking the trees: a type whose key ("FuncCall":) comes no more often than
        statements of that type (each is keyed so once) is nowhere below them, and in a string the quote would
        be escaped (\\"FuncCall\\":). Walking trees was a fifth of the rules' time in --check (issue 19)."""
        lacking = self._lacking.get(kind)
        if lacking is None:
            tops = sum(1 for raw in self.stmts if kind in raw["stmt"])
            lacking = self._lacking[kind] = self.json.count(f'"{kind}":') <= tops
        return lacking

    def holds_unread_only(self, node: Node, names: tuple[str, ...]) -> bool:
        """Whether each of names (plain words) stands in the statement whose node this is only as a relname or
        an idxname: told by counting in the statement's part of the JSON, as lacks() tells."""
        start, end = self._region(node)
        part = self.json[start:end]
        for name in names:
            quoted = f'"{name}"'  # a plain word: JSON escapes none of it
            if part.count(quoted) != part.count(f'"relname":{quoted}') + part.count(f'"idxname":{quoted}'):
                return False
        return True

    def _region(self, node: Node) -> tuple[int, int]:
        """Where the statement whose node this is stands in the JSON: from its {"stmt": to the next one's (one
        in a string would be escaped, {\\"stmt\\":)."""
        if self._regions is None:
            starts = []
            at = self.json.find('{"stmt":')
            while at >= 0:
                starts.append(at)
                at = self.json.find('{"stmt":', at + 1)
            starts.append(len(self.json))
            self._regions = {id(next(iter(raw["stmt"].values()))): (starts[index], starts[index + 1])
                             for index, raw in enumerate(self.stmts)}
        return self._regions.get(id(node), (0, len(self.json)))


@lru_cache(maxsize=1)
def _pglast_parser() -> Any:
    """pglast's parser module, imported at the first check (it costs ~40 ms)."""
    from pglast import parser

    return parser


def _end_of_input(sql: str) -> int:
    text = sql.rstrip()
    return len(text) - 1 if text.endswith(";") else len(text)


def _char_offset(text: str, byte_offset: int) -> int:
    """Character offset of a byte offset into the UTF-8 encoding of ``text``."""
    if text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


# --- Transaction roles ----------------------------------------------------------------------------

_DML = frozenset({"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"})
_DDL = frozenset(
    {
        "IndexStmt",
        "ViewStmt",
        "RenameStmt",
        "CommentStmt",
        "GrantStmt",
        "GrantRoleStmt",
        "DefineStmt",
        "TruncateStmt",
        "RefreshMatViewStmt",
        "SecLabelStmt",
        "ImportForeignSchemaStmt",
        "ReassignOwnedStmt",
        "CompositeTypeStmt",
        "CreateTableAsStmt",
    }
)
_NOT_DDL = frozenset({"AlterSystemStmt", "AlterDatabaseSetStmt"})


def _role(stmt: Stmt) -> str:
    kind, node = stmt.kind, stmt.node
    if kind == "TransactionStmt":
        return _transaction_role(node)
    if kind in _DML or (kind == "CopyStmt" and node.get("is_from")):
        return "dml"
    if kind == "SelectStmt":
        if node.get("intoClause"):
            return "ddl"
        # Only a top-level WITH may hold an INSERT, UPDATE or DELETE (PostgreSQL refuses one anywhere else).
        return "dml" if node.get("withClause") and any(stmt.find(k) for k in _DML) else "other"
    if kind == "ExplainStmt":
        analyzing = any(o.get("DefElem", {}).get("defname") == "analyze" for o in node.get("options", ()))
        return "dml" if analyzing and any(stmt.find(k) for k in _DML) else "other"
    if kind == "VacuumStmt":
        return "other" if node.get("is_vacuumcmd") else "analyze"
    if kind == "CallStmt":
        called = [n.lower() for n in names(node.get("funccall", {}).get("funcname"))]
        return "wait" if called[-1:] == ["wait_for_job"] else "other"
    if kind in _DDL or (kind.startswith(("Create", "Alter", "Drop")) and kind not in _NOT_DDL):
        return "ddl"
    return "other"


def _transaction_role(node: Node) -> str:
    kind = node.get("kind", "")
    if kind in ("TRANS_STMT_BEGIN", "TRANS_STMT_START"):
        return "begin"
    if kind in ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK"):
        return "chain" if node.get("chain") else "commit"
    if kind == "TRANS_STMT_PREPARE":
        return "commit"
    return "other"


def _role_of_words(text: str) -> str:
    """A statement's role from its first words (statements.classify), for text the grammar could not parse."""
    effect = transaction_effect(text)
    if effect is not None:
        return effect
    kind = classify(text)
    return kind.value if kind in (Kind.DDL, Kind.DML) else "other"


def _rows(stmt: Stmt) -> int | None:
    return inserted_rows(stmt.node) if stmt.kind == "InsertStmt" else None
