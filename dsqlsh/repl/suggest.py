"""What to complete at the cursor, from the text alone: pure, no catalog, no terminal.

suggest() returns small typed suggestions (as pgcli's suggest_type) that completer.py maps to
names. psql's lexer (scanner.Scanner) says whether the cursor is in SQL, a literal or a
backslash command; sqlparse's lexer, which tolerates incomplete SQL, gives the tokens before it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from dsqlsh.scanner import Scanner, split
from dsqlsh.statements import WHOLE_LINE_COMMANDS, Kind, classify

__all__ = [
    "Column", "Database", "File", "Function", "Keyword", "MetaCommand", "Role", "SchemaName", "Sequence",
    "Suggestion", "TableName", "TableRef", "Variable", "Wanted", "Word", "changes_schema", "suggest", "tables_in",
]


@dataclass(frozen=True)
class TableRef:
    """A table named in the statement: FROM public.t AS x -> TableRef("public", "t", "x")."""

    schema: str | None
    name: str
    alias: str | None = None


@dataclass(frozen=True)
class Keyword:
    """SQL keywords."""


@dataclass(frozen=True)
class TableName:
    """Tables and views; schema set when the user typed `schema.`."""

    schema: str | None = None


@dataclass(frozen=True)
class Column:
    """Columns of the tables in scope."""

    tables: tuple[TableRef, ...] = ()


@dataclass(frozen=True)
class Function:
    """Functions; schema set when the user typed `schema.`."""

    schema: str | None = None


@dataclass(frozen=True)
class Sequence:
    """Sequences; schema set when the user typed `schema.`."""

    schema: str | None = None


@dataclass(frozen=True)
class SchemaName:
    """Schema names."""


@dataclass(frozen=True)
class Role:
    """Role names."""


@dataclass(frozen=True)
class Database:
    """Database names."""


@dataclass(frozen=True)
class MetaCommand:
    """Backslash commands."""


@dataclass(frozen=True)
class File:
    """File names (\\i, \\o, \\copy ... from)."""


@dataclass(frozen=True)
class Variable:
    """psql variable names (\\set, \\unset, :name)."""


@dataclass(frozen=True)
class Word:
    """A fixed list of words, e.g. \\x's on|off|auto."""

    words: tuple[str, ...]


Suggestion = (Keyword | TableName | Column | Function | Sequence | SchemaName | Role | Database | MetaCommand
              | File | Variable | Word)


@dataclass(frozen=True)
class Wanted:
    """The word being typed (what a completion replaces) and what may complete it."""

    word: str
    suggestions: tuple[Suggestion, ...]


NOTHING = Wanted("", ())

# Clause keywords that end a FROM list or start another part of the statement.
STOP = frozenset({
    "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "UNION", "EXCEPT",
    "INTERSECT", "ON", "USING", "SET", "VALUES", "RETURNING", "WINDOW", "FOR", "AND", "OR", "NOT", "AS",
    "INTO", "UPDATE", "DELETE", "INSERT", "WITH", "JOIN", "LATERAL", "TABLESAMPLE", "NATURAL", "DEFAULT",
    "FETCH", "DO", "WHEN", "THEN", "ELSE", "END", "CASE", "BY", "IN", "IS", "LIKE", "ILIKE", "BETWEEN",
})
TABLE_CLAUSES = frozenset({"FROM", "INTO", "UPDATE", "TABLE", "TRUNCATE", "COPY", "VIEW", "ANALYZE", "LOCK",
                           "DESCRIBE"})
COLUMN_CLAUSES = frozenset({
    "SELECT", "WHERE", "AND", "OR", "NOT", "HAVING", "GROUP BY", "ORDER BY", "PARTITION BY", "BY", "DISTINCT",
    "RETURNING", "WHEN", "THEN", "ELSE", "CASE", "IN", "LIKE", "ILIKE", "BETWEEN", "IS", "USING", "ALL",
})
ROLE_CLAUSES = frozenset({"ROLE", "USER", "AUTHORIZATION", "OWNER TO"})
# Keywords after which the next word is a name of some kind (or an expression).
DECIDING = TABLE_CLAUSES | COLUMN_CLAUSES | ROLE_CLAUSES | frozenset(
    {"SCHEMA", "FUNCTION", "PROCEDURE", "CALL", "SEQUENCE", "DATABASE", "ON", "SET", "TO"})
_QUALIFIED = re.compile(r'(?:([^\W\d][\w$]*|"(?:[^"]|"")*")\.)?([\w$]*)$')
_SEQUENCE_ARG = re.compile(r"\b(?:nextval|currval|setval|pg_get_serial_sequence)\s*\(\s*'([\w$.]*)$", re.I)
_FILE_COMMANDS = frozenset({"i", "include", "ir", "include_relative", "o", "out", "w", "write", "g", "gx", "s",
                            "cd", "copy", "!"})
_DESCRIBE: dict[str, Suggestion] = {
    "dn": SchemaName(), "du": Role(), "dg": Role(), "drg": Role(), "df": Function(), "ds": Sequence(),
    "l": Database(), "list": Database(), "sf": Function(), "ef": Function(), "role": Role(),
}
_CHOICES = {"x": ("on", "off", "auto"), "timing": ("on", "off"), "t": ("on", "off"),
            "pset": ("border", "columns", "csv_fieldsep", "expanded", "fieldsep", "fieldsep_zero", "footer",
                     "format", "linestyle", "null", "numericlocale", "pager", "pager_min_lines", "recordsep",
                     "recordsep_zero", "tableattr", "title", "tuples_only", "unicode_border_linestyle",
                     "unicode_column_linestyle", "unicode_header_linestyle", "xheader_width")}


def suggest(before: str, after: str = "") -> Wanted:
    """What may complete the word before the cursor: before/after are the buffer's text either side."""
    lines = before.split("\n")
    scanner = Scanner()
    for number, line in enumerate(lines[:-1], 1):
        for _ in scanner.feed(line, number):
            pass
    current = lines[-1]
    start = _command_start(scanner, current, len(lines))
    if start is not None:
        return _meta(current[start:])
    for _ in scanner.feed(current, len(lines)):
        pass
    statement = scanner.buffer
    state = scanner.state
    if state == "'":
        m = _SEQUENCE_ARG.search(statement)
        if m is None:
            return NOTHING
        qualifier, _, word = m[1].rpartition(".")
        return Wanted(word, (Sequence(qualifier or None),))
    if state not in "=-(":
        return NOTHING  # in a quoted identifier, a dollar-quoted body or a comment
    m = _QUALIFIED.search(statement)
    word = m[2] if m else ""
    qualifier = _unquote(m[1]) if m and m[1] else None
    head = statement[: m.start()] if m else statement
    following = split(after) if after.strip() else []
    rest = following[0].text if following else ""
    return Wanted(word, _for_tokens(_tokens(head), qualifier, tables_in(head + word + rest)))


def _command_start(scanner: Scanner, line: str, lineno: int) -> int | None:
    """Where the backslash command being typed on line starts, or None when the cursor is in SQL."""
    first = None
    for pos in (i for i, ch in enumerate(line) if ch == "\\"):
        probe = copy.deepcopy(scanner)
        for _ in probe.feed(line[:pos], lineno):
            pass
        if probe.state in "=-(":
            first = pos
            break
    if first is None:
        return None
    name = line[first + 1:].split(None, 1)[0] if line[first + 1:].strip() else ""
    if name in WHOLE_LINE_COMMANDS:
        return first
    return line.rfind("\\", first)  # \echo a \g b: the last command on the line is the one typed


def _meta(text: str) -> Wanted:
    """Completion inside a backslash command: its name, then arguments by command."""
    m = re.match(r"\\(\S*)(\s*)(.*)$", text)
    assert m is not None
    name, space, args = m[1], m[2], m[3]
    if not space:
        return Wanted("\\" + name, (MetaCommand(),))
    word = "" if not args or args[-1].isspace() else args.split()[-1]
    position = len(args.split()) - (0 if not word else 1)  # which argument is being typed, from 0
    base = name.rstrip("+SxX")
    if name in _FILE_COMMANDS or (name in ("g", "gx") and not word.startswith("(")):
        return Wanted(word, (File(),))
    if name in ("set", "unset") and position == 0:
        return Wanted(word, (Variable(),))
    if name in _CHOICES and position == 0:
        return Wanted(word, (Word(_CHOICES[name]),))
    if name in ("c", "connect"):
        return Wanted(word, (Database(),) if position == 0 else (Role(),) if position == 1 else ())
    if name in ("h", "help"):
        return Wanted(word, (Keyword(),))
    found = _DESCRIBE.get(base) or _DESCRIBE.get(name)
    if found is not None:
        return Wanted(word, (found,))
    if base.startswith("d") or base in ("z", "lo_list"):
        qualifier, _, tail = word.rpartition(".")
        if qualifier:
            return Wanted(tail, (TableName(_unquote(qualifier)),))
        return Wanted(word, (TableName(), SchemaName()))
    return NOTHING


def _unquote(name: str) -> str:
    if name.startswith('"') and name.endswith('"') and len(name) >= 2:
        return name[1:-1].replace('""', '"')
    return name.lower()


Token = tuple[str, str]  # (kind, text): kind is sqlparse's ttype as a dotted name


def _tokens(text: str) -> list[Token]:
    """sqlparse's tokens without whitespace and comments."""
    from sqlparse import lexer

    out: list[Token] = []
    for ttype, value in lexer.tokenize(text):
        kind = str(ttype)
        if kind.startswith(("Token.Text.Whitespace", "Token.Comment", "Token.Text.Newline")):
            continue
        out.append((kind, value))
    return out


def _upper(token: Token) -> str:
    return " ".join(token[1].upper().split())


def _is_keyword(token: Token) -> bool:
    return token[0].startswith("Token.Keyword")


def _is_name(token: Token) -> bool:
    """An identifier, quoted or not; a keyword that cannot be a clause is taken as a name (FROM events)."""
    kind = token[0]
    if kind in ("Token.Name", "Token.Literal.String.Symbol", "Token.Name.Builtin"):
        return True
    return _is_keyword(token) and _upper(token) not in STOP and not _upper(token).endswith("JOIN")


def _name(token: Token) -> str:
    return _unquote(token[1])


def tables_in(statement: str) -> tuple[TableRef, ...]:
    """The tables a statement names after FROM, JOIN, UPDATE, INTO (with their aliases)."""
    toks = _tokens(statement)
    refs: list[TableRef] = []
    i, expecting, in_list = 0, False, False
    while i < len(toks):
        tok = toks[i]
        up = _upper(tok)
        if _is_keyword(tok) and (up in ("FROM", "UPDATE", "INTO", "TABLE") or up.endswith("JOIN")):
            expecting, in_list = True, up == "FROM" or up.endswith("JOIN")
            i += 1
            continue
        if expecting and _is_name(tok):
            ref, i = _table_ref(toks, i)
            refs.append(ref)
            expecting = False
            continue
        if tok[1] == "," and in_list:
            expecting = True
        elif _is_keyword(tok) and up in STOP:
            expecting = in_list = False
        elif tok[1] == "(":
            expecting = False
        i += 1
    return tuple(refs)


def _table_ref(toks: list[Token], i: int) -> tuple[TableRef, int]:
    """[schema.]name [[AS] alias] starting at toks[i]; returns the ref and the index after it."""
    schema, name = None, _name(toks[i])
    i += 1
    if i + 1 < len(toks) and toks[i][1] == "." and _is_name(toks[i + 1]):
        schema, name = name, _name(toks[i + 1])
        i += 2
    alias = None
    if i < len(toks) and _upper(toks[i]) == "AS":
        i += 1
    if i < len(toks) and _is_name(toks[i]) and toks[i][1] != "(":
        alias = _name(toks[i])
        i += 1
    return TableRef(schema, name, alias), i


def _clause(toks: list[Token]) -> str:
    """The nearest keyword before the cursor that decides what a list continues (SELECT a, |)."""
    for tok in reversed(toks):
        up = _upper(tok)
        if _is_keyword(tok) and (up in STOP or up in TABLE_CLAUSES or up in COLUMN_CLAUSES or up in ROLE_CLAUSES
                                 or up.endswith("JOIN") or up in ("TO", "ON")):
            return up
    return ""


def _first(toks: list[Token]) -> str:
    return _upper(toks[0]) if toks else ""


def _columns(refs: tuple[TableRef, ...]) -> tuple[Suggestion, ...]:
    return (Column(refs), Function(), Keyword())


def _for_tokens(toks: list[Token], qualifier: str | None, refs: tuple[TableRef, ...]) -> tuple[Suggestion, ...]:
    """Map the tokens before the word to suggestions."""
    clause = _clause(toks)
    table_context = clause in TABLE_CLAUSES or clause.endswith("JOIN")
    if qualifier is not None:
        if table_context:
            return (TableName(qualifier),)
        matched = tuple(r for r in refs if qualifier in (r.alias, r.name))
        if matched:
            return (Column(matched[:1]),)
        return (TableName(qualifier), Function(qualifier), Sequence(qualifier))
    if not toks:
        return (Keyword(),)
    last = toks[-1]
    up = _upper(last)
    if last[1] == "(":
        before = toks[-2] if len(toks) >= 2 else None
        if before is not None and _is_name(before) and clause in ("INTO", "ON", "TABLE"):
            target = _table_ref(toks, len(toks) - 2)[0]
            named = tuple(r for r in refs if r.name == target.name) or (TableRef(None, target.name),)
            return (Column(named[:1]),)
        return _columns(refs)
    if last[0].startswith("Token.Operator") or last[1] == ",":
        return _after_comma(clause, toks, refs) if last[1] == "," else (Column(refs), Function())
    if not _is_keyword(last) or not (up in DECIDING or up.endswith("JOIN")):
        return (Keyword(),)  # after a name or a value: the next clause
    return _after_keyword(up, toks, refs)


def _after_comma(clause: str, toks: list[Token], refs: tuple[TableRef, ...]) -> tuple[Suggestion, ...]:
    if clause == "FROM" or clause.endswith("JOIN"):
        return (TableName(), SchemaName())
    if clause in ROLE_CLAUSES or (clause == "TO" and _first(toks) == "GRANT"):
        return (Role(),)
    if clause in COLUMN_CLAUSES or clause == "SET":
        return (Column(refs), Function())
    return (Keyword(),)


def _after_keyword(up: str, toks: list[Token], refs: tuple[TableRef, ...]) -> tuple[Suggestion, ...]:
    first = _first(toks)
    seen = {_upper(t) for t in toks if _is_keyword(t)}
    if up == "FROM" and first == "REVOKE" and "ON" in seen:
        return (Role(),)
    if up in TABLE_CLAUSES or up.endswith("JOIN"):
        return (TableName(), SchemaName())
    if up == "ON":
        if first in ("GRANT", "REVOKE") or (first == "CREATE" and "INDEX" in seen):
            return (TableName(), SchemaName())
        return _columns(refs)
    if up == "SET":
        return (Column(refs[:1]),) if first == "UPDATE" else (Keyword(),)
    if up in ROLE_CLAUSES or (up == "TO" and first == "GRANT") or (up == "TO" and "OWNER" in seen):
        return (Role(),)
    if up == "SCHEMA":
        return (SchemaName(),)
    if up in ("FUNCTION", "PROCEDURE", "CALL"):
        return (Function(),)
    if up == "SEQUENCE":
        return (Sequence(),)
    if up == "DATABASE":
        return (Database(),)
    if up in COLUMN_CLAUSES:
        return _columns(refs)
    return (Keyword(),)


def changes_schema(text: str) -> bool:
    """Whether any statement in text may change what completion offers (CREATE, ALTER, DROP ...)."""
    return any(classify(statement.text) is Kind.DDL for statement in split(text))
