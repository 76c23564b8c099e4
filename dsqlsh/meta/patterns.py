"""psql's object-name patterns (`public.ord*`, `"Mixed Case"`) turned into the WHERE clauses psql sends.

Follows processSQLNamePattern and patternToSQLRegex (src/fe_utils/string_utils.c) and describe.c's
validateSQLNamePattern, so the SQL is byte for byte what psql builds (-E shows the same text).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PatternError", "Where", "literal", "name_regexes", "where"]

# Regexp metacharacters escaped inside double quotes (or always, with force_escape).
_SPECIAL = "|*+?()[]{}.^$\\"


class PatternError(ValueError):
    """A pattern psql refuses: too many dotted parts, or another database named."""


@dataclass(frozen=True)
class Where:
    """What a pattern adds to a query: the text (each condition on its own line) and whether it added any."""

    sql: str
    added: bool


def literal(text: str, *, std_strings: bool = True) -> str:
    """appendStringLiteralConn: a quoted SQL literal; psql writes one holding a backslash as E'' with the
    backslashes doubled whatever standard_conforming_strings is (to keep escape_string_warning quiet), which
    -E shows. Callers put it after a space, as psql's "not adjacent to an identifier" rule wants."""
    quoted = text.replace("'", "''")
    if "\\" in text:
        return "E'" + quoted.replace("\\", "\\\\") + "'"
    return "'" + quoted + "'"


def name_regexes(pattern: str, *, parts: int, force_escape: bool = False) -> tuple[list[str], int, str]:
    """patternToSQLRegex: up to `parts` anchored regexes (database, schema, name; last part last).

    Returns the regexes of the parts found (fewer than `parts` when the pattern has fewer dots), the
    number of dots seen, and the database part taken literally (psql's want_literal_dbname).
    Surplus dots stay in the last part as literal characters but are still counted.
    """
    bufs = ["^("]
    literal_left: list[str] = []  # the first part, unescaped
    left = True  # still in the first part
    in_quotes = False
    dots = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == '"':
            if in_quotes and pattern[i + 1:i + 2] == '"':
                bufs[-1] += '"'
                if left:
                    literal_left.append('"')
                i += 1
            else:
                in_quotes = not in_quotes
        elif not in_quotes and "A" <= ch <= "Z":
            bufs[-1] += ch.lower()
            if left:
                literal_left.append(ch.lower())
        elif not in_quotes and ch == "*":
            bufs[-1] += ".*"
            if left:
                literal_left.append("*")
        elif not in_quotes and ch == "?":
            bufs[-1] += "."
            if left:
                literal_left.append("?")
        elif not in_quotes and ch == ".":
            left = False
            dots += 1
            if len(bufs) < parts:
                bufs[-1] += ")$"
                bufs.append("^(")
            else:
                bufs[-1] += "."
        elif ch == "$":
            # Always literal: allowed in identifiers, and the pattern is anchored anyway.
            bufs[-1] += "\\$"
            if left:
                literal_left.append("$")
        else:
            if (in_quotes or force_escape) and ch in _SPECIAL:
                bufs[-1] += "\\"
            elif ch == "[" and pattern[i + 1:i + 2] == "]":
                bufs[-1] += "\\"  # "[]" is an array type name, not a bracket expression
            bufs[-1] += ch
            if left:
                literal_left.append(ch)
        i += 1
    bufs[-1] += ")$"
    return bufs, dots, "".join(literal_left)


def where(pattern: str | None, *, have_where: bool, force_escape: bool = False, schemavar: str | None = None,
          namevar: str | None, altnamevar: str | None = None, visibility: str | None = None,
          maxparts: int = 3, dbname: str = "", server_version: int = 180000, std_strings: bool = True) -> Where:
    """processSQLNamePattern + validateSQLNamePattern: the conditions for pattern, or PatternError."""
    out: list[str] = []

    def clause(text: str) -> None:
        nonlocal have_where
        out.append(("  AND " if have_where else "WHERE ") + text + "\n")
        have_where = True

    collate = " COLLATE pg_catalog.default" if server_version >= 120000 else ""
    if pattern is None:
        if visibility:
            clause(visibility)
        return Where("".join(out), bool(out))

    # Without a schema variable the whole pattern is one name (dots are counted, kept literally).
    parts = 3 if schemavar else 1
    regexes, dots, db_literal = name_regexes(pattern, parts=parts, force_escape=force_escape)
    name_re = regexes[-1]
    schema_re = regexes[-2] if len(regexes) >= 2 else None
    if namevar and len(name_re) > 2 and name_re != "^(.*)$":
        lit = literal(name_re, std_strings=std_strings) + collate
        if altnamevar:
            clause(f"({namevar} OPERATOR(pg_catalog.~) {lit}\n        OR {altnamevar} OPERATOR(pg_catalog.~) {lit})")
        else:
            clause(f"{namevar} OPERATOR(pg_catalog.~) {lit}")
    if schemavar and schema_re is not None:
        if schema_re != "^(.*)$":
            clause(f"{schemavar} OPERATOR(pg_catalog.~) {literal(schema_re, std_strings=std_strings)}{collate}")
    elif visibility:
        clause(visibility)

    if dots >= maxparts:
        raise PatternError(f"improper qualified name (too many dotted names): {pattern}")
    if maxparts > 1 and dots == maxparts - 1:
        named_db = db_literal if schemavar and len(regexes) == 3 else ""
        if named_db != dbname:
            raise PatternError(f"cross-database references are not implemented: {pattern}")
    return Where("".join(out), bool(out))
