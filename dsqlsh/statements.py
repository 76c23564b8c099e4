"""What psql's input is made of and what a statement is: the types the lexer (scanner.py) yields, the command
sets that decide how it reads a backslash command, psql's quoting, and the statement classifier.

Statement and Command are what scanner.Scanner cuts input into; the engine, the meta-commands and the checker
take them without needing the lexer itself, which ``-c`` never loads (issue 19).

classify() and its kin say what a statement is (DDL, DML, transaction control, SET, other) from its first
words: the engine's implicit BEGIN, the SET replay after a reconnect, the REPL's schema refresh and the
checker's transaction rules all ask it.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

__all__ = [
    "FILEPIPE_COMMANDS",
    "SENDING_COMMANDS",
    "SPACE_CHARS",
    "WHOLE_LINE_COMMANDS",
    "BufferMark",
    "Command",
    "Statement",
    "Kind",
    "classify",
    "data_follows",
    "leading_words",
    "setting_change",
    "skip_space",
    "transaction_effect",
    "quote_ident",
    "quote_literal",
    "starts_own_transaction",
]


class Statement(NamedTuple):
    """A complete SQL statement: the query buffer psql would send, with its terminating ';'.

    A NamedTuple rather than a frozen dataclass: one is made per statement, and a frozen
    dataclass's __init__ costs several times more."""

    text: str
    line: int  # line where the statement ended (psql's pset.lineno at send time)


class Command(NamedTuple):
    """A backslash command met in the input; ``args`` is raw (not yet interpolated).

    A NamedTuple, as Statement: a pipeline's line makes two (\\bind, \\sendpipeline)."""

    name: str  # without the backslash; "" for a lone backslash (psql: invalid command \)
    args: str  # argument text, leading whitespace removed, up to where psql stops reading
    line: int


class BufferMark(NamedTuple):
    """Query buffer length and paren depth saved by \\if (psql's save_query_text_state)."""

    length: int
    paren_depth: int


# Commands reading their argument with OT_WHOLE_LINE (command.c): the rest of the line is theirs,
# backslashes included, so `\! echo a \echo b` runs one shell command. \copy matches any case.
WHOLE_LINE_COMMANDS = frozenset({"!", "copy", "ef", "ev", "sf", "sf+", "sv", "sv+", "h", "help", "unrestrict"})
# Commands reading OT_FILEPIPE: an argument starting with '|' takes the rest of the line.
FILEPIPE_COMMANDS = frozenset({"g", "gx", "o", "out", "w", "write"})
# Commands returning PSQL_CMD_SEND: they send the query buffer (split() treats them as ';').
SENDING_COMMANDS = frozenset(
    {"g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch", "parse", "sendpipeline"}
)

SPACE_CHARS = " \t\n\r\f"  # psqlscan.l's {space}: the whitespace of SQL and of psql's input


def quote_literal(value: str) -> str:
    """Quote like libpq's PQescapeLiteral: '' doubling; with a backslash, ' E' prefix and \\\\."""
    body = value.replace("'", "''")
    if "\\" in value:
        # PQescapeLiteral puts a space before the E so "x:'v'" cannot glue into "xE'..."
        return " E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


def quote_ident(value: str) -> str:
    """Quote like libpq's PQescapeIdentifier: double quotes, "" doubling."""
    return '"' + value.replace('"', '""') + '"'


# ---- what a statement is: the one classifier the engine, SET replay, the REPL and the checker share ----------

class Kind(str, Enum):
    """What a statement does, as far as the shell must know before or after sending it."""

    DDL = "ddl"  # changes the schema: names completion offers, DSQL's one-DDL-per-transaction rule
    DML = "dml"  # writes rows
    TRANSACTION = "transaction"  # BEGIN, COMMIT, ROLLBACK, SAVEPOINT ...
    SET = "set"  # SET and RESET: session settings a reconnect replays
    OTHER = "other"  # queries and everything else


_DDL_WORDS = frozenset({"CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE", "IMPORT", "SECURITY",
                        "REINDEX"})
_DML_WORDS = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})
_BEGIN_WORDS = frozenset({"BEGIN", "START"})
_END_WORDS = frozenset({"COMMIT", "END", "ROLLBACK", "ABORT"})
_TRANSACTION_WORDS = _BEGIN_WORDS | _END_WORDS | {"SAVEPOINT", "RELEASE"}
# psql's command_no_begin: statements that must not get AUTOCOMMIT off's implicit BEGIN.
_NO_BEGIN_WORDS = _TRANSACTION_WORDS | {"PREPARE", "VACUUM", "CLUSTER", "DISCARD", "REINDEX", "CHECKPOINT"}
# Any non-ASCII character is part of a word (as the server's lexer takes high-bit bytes). Written as a negated
# ASCII class: a class spelling out \x80-\uffff cost the re compiler about 7 ms at every start (issue 19).
_WORD_AT = re.compile(r"(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z_0-9$]|[^\x00-\x7f])*")


def skip_space(sql: str, pos: int) -> int:
    """Past whitespace and comments (-- to the end of the line, /* */ nested) from pos, as psql's
    skip_white_space does before it looks at a statement's first words."""
    n = len(sql)
    while pos < n:
        ch = sql[pos]
        if ch in SPACE_CHARS:
            pos += 1
        elif sql.startswith("--", pos):
            end = sql.find("\n", pos)
            pos = n if end < 0 else end + 1
        elif sql.startswith("/*", pos):
            depth, pos = 1, pos + 2
            while pos < n and depth:
                if sql.startswith("/*", pos):
                    depth, pos = depth + 1, pos + 2
                elif sql.startswith("*/", pos):
                    depth, pos = depth - 1, pos + 2
                else:
                    pos += 1
        else:
            break
    return pos


def leading_words(sql: str, count: int = 2) -> list[str]:
    """The first count words of a statement, upper-cased, past comments; fewer where a non-word comes first."""
    words: list[str] = []
    pos = 0
    while len(words) < count:
        pos = skip_space(sql, pos)
        match = _WORD_AT.match(sql, pos)
        if match is None:
            break
        words.append(match.group().upper())
        pos = match.end()
    return words


def classify(sql: str) -> Kind:
    """What one statement is, from its first words (a data-modifying WITH counts as OTHER)."""
    words = leading_words(sql, 2)
    first = words[0] if words else ""
    if first in _DDL_WORDS:
        return Kind.DDL
    if first in _DML_WORDS:
        return Kind.DML
    if first in _TRANSACTION_WORDS or (first == "PREPARE" and words[1:] == ["TRANSACTION"]):
        return Kind.TRANSACTION
    if first in ("SET", "RESET"):
        return Kind.SET
    if first == "COPY" and _COPY_FROM.match(sql, skip_space(sql, 0)):
        return Kind.DML
    return Kind.OTHER


_COPY_FROM = re.compile(r"COPY\s[^;]*?\bFROM\b", re.IGNORECASE)


def transaction_effect(sql: str) -> str | None:
    """What a transaction-control statement does: "begin", "commit" (COMMIT, ROLLBACK, END, ABORT, PREPARE
    TRANSACTION), "chain" (... AND CHAIN: a new transaction starts at once), or None."""
    words = leading_words(sql, 2)
    first = words[0] if words else ""
    if first in _BEGIN_WORDS:
        return "begin"
    if first in _END_WORDS:
        return "chain" if _AND_CHAIN.search(sql) and not _AND_NO_CHAIN.search(sql) else "commit"
    if first == "PREPARE" and words[1:] == ["TRANSACTION"]:
        return "commit"
    return None


_AND_CHAIN = re.compile(r"\bAND\s+CHAIN\b", re.IGNORECASE)
_AND_NO_CHAIN = re.compile(r"\bAND\s+NO\s+CHAIN\b", re.IGNORECASE)


# A COPY whose data follows it in the script (pg_dump's `COPY public.t (a, b) FROM stdin;`), up to a line "\\.".
_COPY_FROM_STDIN = re.compile(r"COPY\s.*\bFROM\s+STDIN\b", re.IGNORECASE | re.DOTALL)


def data_follows(sql: str) -> bool:
    """Whether sql is a COPY ... FROM STDIN, whose data lines follow it in the script."""
    return _COPY_FROM_STDIN.match(sql, skip_space(sql, 0)) is not None


def starts_own_transaction(sql: str) -> bool:
    """psql's command_no_begin, reduced: statements that must not get an implicit BEGIN."""
    words = leading_words(sql, 2)
    first = words[0] if words else ""
    if first in _NO_BEGIN_WORDS:
        return True
    if first in ("CREATE", "DROP", "ALTER") and len(words) > 1:
        return words[1] in ("DATABASE", "TABLESPACE", "SYSTEM") or "concurrently" in sql.lower()
    return False


_SET = re.compile(r"SET\s+(?:SESSION\s+)?(?!LOCAL\b|TRANSACTION\b|SESSION\b|CONSTRAINTS\b)"
                  r"(?P<name>TIME\s+ZONE|[\w.]+)", re.IGNORECASE)
_RESET = re.compile(r"RESET\s+(?P<name>ALL|TIME\s+ZONE|[\w.]+)\s*;?\s*$", re.IGNORECASE)


def setting_change(sql: str) -> tuple[str, str | None] | None:
    """What a SET or RESET does to the session's settings: (name, the statement to replay), (name, None) for a
    RESET (name "all" for RESET ALL); None for anything else, SET LOCAL and SET TRANSACTION included."""
    start = skip_space(sql, 0)
    if match := _SET.match(sql, start):
        return _setting_name(match["name"]), sql[start:].strip().rstrip(";").strip()
    if match := _RESET.match(sql, start):
        return _setting_name(match["name"]), None
    return None


def _setting_name(name: str) -> str:
    name = " ".join(name.lower().split())
    return "timezone" if name == "time zone" else name
