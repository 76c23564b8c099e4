"""\\h [NAME] (\\help): psql 18's helpSQL (help.c), from the table in dsqlsh/data/sql_help.py.

With no name, the command names in columns; with a name, each matching command's description, synopsis and
documentation URL, matched as psql matches. On Aurora DSQL each command's help ends with what the DSQL
checker's rules (dsqlsh/compat/rules.py) refuse or warn about in it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.output.pager import Paged, is_terminal

if TYPE_CHECKING:
    from dsqlsh.compat.rules import Rule
    from dsqlsh.context import Context
    from dsqlsh.data.sql_help import Topic

__all__ = ["sql_help_text", "matching_topics", "topic_names", "dsql_notes", "rule_topics"]

DOCS_URL = "https://www.postgresql.org/docs/18/{}.html"
DEFAULT_WIDTH = 80  # psql's width when stdout is not a terminal (its TIOCGWINSZ ioctl fails)
_TRAILING = " \t\n\v\f\r;"  # exec_command_help strips trailing isspace() characters and semicolons
_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@command("h", "help", usage="\\h [NAME]", group="Help", help="help on syntax of SQL commands, * for all commands")
def do_sql_help(call: Call) -> Result:
    ctx = call.ctx
    topic = (call.args.next("whole_line") or "").rstrip(_TRAILING)
    dsql = ctx.conn is not None and ctx.conn.params.is_dsql
    _page(ctx, sql_help_text(topic, width=_screen_width(ctx), dsql=dsql))
    return Result.OK


def sql_help_text(topic: str, *, width: int = DEFAULT_WIDTH, dsql: bool = False) -> str:
    """What \\h prints for topic ("" lists the commands); dsql adds each command's DSQL notes."""
    from dsqlsh.data.sql_help import TOPICS

    if not topic:
        return _list_text([t.name for t in TOPICS], width)
    found = matching_topics(topic, TOPICS)
    if not found:
        return f'No help available for "{topic}".\nTry \\h with no arguments to see available help.\n'
    return "".join(_topic_text(t, dsql_notes(t.name) if dsql else []) for t in found)


def _list_text(names: list[str], width: int) -> str:
    """psql's "Available help:" columns, filled top to bottom; every column but the last padded to the longest
    name plus one (QL_MAX_CMD_LEN + 1), so the last line may end in spaces, as psql's does."""
    column = max(map(len, names)) + 1
    ncolumns = max((width - 3) // column, 1)
    nrows = (len(names) + ncolumns - 1) // ncolumns
    lines = ["Available help:"]
    for row in range(nrows):
        cells = [_name_at(names, row + col * nrows).ljust(column) for col in range(ncolumns - 1)]
        lines.append("  " + "".join(cells) + _name_at(names, row + (ncolumns - 1) * nrows))
    return "\n".join(lines) + "\n"


def _name_at(names: list[str], index: int) -> str:
    return names[index] if index < len(names) else ""


def matching_topics(topic: str, topics: Sequence[Topic]) -> list[Topic]:
    """The commands helpSQL shows for topic: "*" is all of them; else the names starting with the whole topic,
    then with its first two words, then with its first word (the first pass that finds any wins), stopping
    at a name equal to the topic (so "\\h select" is SELECT alone, not SELECT INTO too). ASCII case folds."""
    if topic == "*":
        return list(topics)
    length = len(topic)
    for words in (0, 2, 1):
        if words:
            shorter = _opening_words_length(topic, length, words)
            if shorter >= length:
                continue  # psql: "Failed to shorten input, so try next pass if any"
            length = shorter
        found = _prefix_matches(topic, length, topics)
        if found:
            return found
    return []


def _opening_words_length(topic: str, length: int, words: int) -> int:
    """psql's loop counting the length of topic's first word (two words on pass 2), within length."""
    size = position = 1
    for word in range(words):
        if word:
            if position >= length:
                break
            size += 1
        while position < length:
            position += 1
            if topic[position - 1] == " ":
                break
            size += 1
    return size


def _prefix_matches(topic: str, length: int, topics: Sequence[Topic]) -> list[Topic]:
    prefix, whole = topic[:length].translate(_ASCII_FOLD), topic.translate(_ASCII_FOLD)
    found: list[Topic] = []
    for t in topics:
        name = t.name.translate(_ASCII_FOLD)
        if name.startswith(prefix):
            found.append(t)
            if name == whole:  # an exact match ends the list: "Fixes \h SELECT" (help.c)
                break
    return found


def _topic_text(t: Topic, notes: list[str]) -> str:
    text = (f"Command:     {t.name}\nDescription: {t.description}\nSyntax:\n{t.synopsis}\n\n"
            f"URL: {DOCS_URL.format(t.page)}\n\n")
    if notes:
        text += "On Aurora DSQL:\n" + "".join(f"  {note}\n" for note in notes) + "\n"
    return text


def _screen_width(ctx: Context) -> int:
    """psql asks the terminal behind stdout for its width (not $COLUMNS, not \\pset columns); 80 otherwise."""
    stdout = ctx.streams.stdout
    if not is_terminal(stdout):
        return DEFAULT_WIDTH
    try:
        return os.get_terminal_size(stdout.fileno()).columns
    except (OSError, ValueError):
        return DEFAULT_WIDTH


def _page(ctx: Context, text: str) -> None:
    """To stdout (never \\o: psql's PageOutput), through the pager when the text is taller than the screen."""
    paged = Paged(ctx.streams.stdout, ctx.streams.stdout, ctx.streams.stdin, ctx.popt)
    paged.stream.write(text)
    paged.finish()
    ctx.streams.stdout.flush()


# ---- On Aurora DSQL: the checker's rules, per command ---------------------------------------------------

# The commands whose statement parses to each node type (and pseudo-kind) the rules name in Rule.kinds.
# Node types a rule uses for many commands (TransactionStmt, VariableSetStmt, SelectStmt, RenameStmt, ...)
# are left out: those rules say which commands they mean in _RULE_TOPICS.
_KIND_TOPICS: dict[str, tuple[str, ...]] = {
    "CreateStmt": ("CREATE TABLE",), "AlterTableStmt": ("ALTER TABLE",), "AlterTableMoveAllStmt": ("ALTER TABLE",),
    "CreateDomainStmt": ("CREATE DOMAIN",), "CreateSeqStmt": ("CREATE SEQUENCE",),
    "AlterSeqStmt": ("ALTER SEQUENCE",), "ViewStmt": ("CREATE VIEW",), "CreateTableAsStmt": ("CREATE TABLE AS",),
    "IndexStmt": ("CREATE INDEX",), "InsertStmt": ("INSERT",), "CreateFunctionStmt": ("CREATE FUNCTION",),
    "_Procedure": ("CREATE PROCEDURE",), "RuleStmt": ("CREATE RULE",), "CreateCastStmt": ("CREATE CAST",),
    "CreateConversionStmt": ("CREATE CONVERSION",), "CreatePLangStmt": ("CREATE LANGUAGE",),
    "CreatePublicationStmt": ("CREATE PUBLICATION",), "AlterPublicationStmt": ("ALTER PUBLICATION",),
    "CreateSubscriptionStmt": ("CREATE SUBSCRIPTION",), "AlterSubscriptionStmt": ("ALTER SUBSCRIPTION",),
    "DropSubscriptionStmt": ("DROP SUBSCRIPTION",), "CreateAmStmt": ("CREATE ACCESS METHOD",),
    "CreateOpClassStmt": ("CREATE OPERATOR CLASS",), "CreateOpFamilyStmt": ("CREATE OPERATOR FAMILY",),
    "AlterOpFamilyStmt": ("ALTER OPERATOR FAMILY",), "CreateTransformStmt": ("CREATE TRANSFORM",),
    "ReindexStmt": ("REINDEX",), "ClusterStmt": ("CLUSTER",), "CheckPointStmt": ("CHECKPOINT",), "LoadStmt": ("LOAD",),
    "SecLabelStmt": ("SECURITY LABEL",), "AlterTSDictionaryStmt": ("ALTER TEXT SEARCH DICTIONARY",),
    "AlterTSConfigurationStmt": ("ALTER TEXT SEARCH CONFIGURATION",), "AlterOperatorStmt": ("ALTER OPERATOR",),
    "AlterCollationStmt": ("ALTER COLLATION",),
    # DefineStmt also makes collations and base types: DSQL-COLLATE and the _Type kind cover those.
    "DefineStmt": ("CREATE AGGREGATE", "CREATE OPERATOR", "CREATE TEXT SEARCH CONFIGURATION",
                   "CREATE TEXT SEARCH DICTIONARY", "CREATE TEXT SEARCH PARSER", "CREATE TEXT SEARCH TEMPLATE"),
    "TruncateStmt": ("TRUNCATE",), "_Vacuum": ("VACUUM",), "_Analyze": ("ANALYZE",),
    "AlterSystemStmt": ("ALTER SYSTEM",),
    "ListenStmt": ("LISTEN",), "NotifyStmt": ("NOTIFY",), "UnlistenStmt": ("UNLISTEN",), "LockStmt": ("LOCK",),
    "DoStmt": ("DO",), "CreateExtensionStmt": ("CREATE EXTENSION",), "AlterExtensionStmt": ("ALTER EXTENSION",),
    "AlterExtensionContentsStmt": ("ALTER EXTENSION",), "_Extension": ("DROP EXTENSION",),
    "CreateForeignTableStmt": ("CREATE FOREIGN TABLE",), "CreateFdwStmt": ("CREATE FOREIGN DATA WRAPPER",),
    "AlterFdwStmt": ("ALTER FOREIGN DATA WRAPPER",), "CreateForeignServerStmt": ("CREATE SERVER",),
    "AlterForeignServerStmt": ("ALTER SERVER",), "CreateUserMappingStmt": ("CREATE USER MAPPING",),
    "AlterUserMappingStmt": ("ALTER USER MAPPING",), "DropUserMappingStmt": ("DROP USER MAPPING",),
    "ImportForeignSchemaStmt": ("IMPORT FOREIGN SCHEMA",),
    "_Foreign": ("ALTER FOREIGN TABLE", "DROP FOREIGN TABLE", "DROP FOREIGN DATA WRAPPER", "DROP SERVER"),
    "CreateTrigStmt": ("CREATE TRIGGER",), "CreateEventTrigStmt": ("CREATE EVENT TRIGGER",),
    "AlterEventTrigStmt": ("ALTER EVENT TRIGGER",), "_Trigger": ("ALTER TRIGGER", "DROP TRIGGER", "DROP EVENT TRIGGER"),
    "_MatView": ("ALTER MATERIALIZED VIEW", "CREATE MATERIALIZED VIEW", "DROP MATERIALIZED VIEW"),
    "RefreshMatViewStmt": ("REFRESH MATERIALIZED VIEW",),
    "CreateEnumStmt": ("CREATE TYPE",), "CompositeTypeStmt": ("CREATE TYPE",), "CreateRangeStmt": ("CREATE TYPE",),
    "AlterEnumStmt": ("ALTER TYPE",), "AlterTypeStmt": ("ALTER TYPE",),
    "_Type": ("ALTER TYPE", "CREATE TYPE", "DROP TYPE"),
    "CreatedbStmt": ("CREATE DATABASE",), "DropdbStmt": ("DROP DATABASE",), "AlterDatabaseStmt": ("ALTER DATABASE",),
    "AlterDatabaseSetStmt": ("ALTER DATABASE",), "AlterDatabaseRefreshCollStmt": ("ALTER DATABASE",),
    "_Database": ("ALTER DATABASE",),
    "_TwoPhase": ("COMMIT PREPARED", "PREPARE TRANSACTION", "ROLLBACK PREPARED"),
    "DiscardStmt": ("DISCARD",), "DeclareCursorStmt": ("DECLARE",), "MergeStmt": ("MERGE",),
    "CreatePolicyStmt": ("CREATE POLICY",), "AlterPolicyStmt": ("ALTER POLICY",), "_Policy": ("DROP POLICY",),
    "PrepareStmt": ("PREPARE",), "DeallocateStmt": ("DEALLOCATE",), "CopyStmt": ("COPY",),
    "CreateTableSpaceStmt": ("CREATE TABLESPACE",), "DropTableSpaceStmt": ("DROP TABLESPACE",),
    "AlterTableSpaceOptionsStmt": ("ALTER TABLESPACE",), "_Tablespace": ("ALTER TABLESPACE",),
    "GrantStmt": ("GRANT", "REVOKE"), "CreateRoleStmt": ("CREATE GROUP", "CREATE ROLE", "CREATE USER"),
    "AlterRoleStmt": ("ALTER ROLE", "ALTER USER"), "AlterRoleSetStmt": ("ALTER ROLE", "ALTER USER"),
    "DropRoleStmt": ("DROP GROUP", "DROP ROLE", "DROP USER"),
}
_BEGIN = ("BEGIN", "START TRANSACTION")
_SELECT = ("SELECT", "WITH")
# Rules whose kinds say too little (check.py raises them across statements) or too much (a query-level rule
# looks inside every statement holding a query; one node type holds several commands): the commands they are
# about. DSQL-PARSE is about no command.
_RULE_TOPICS: dict[str, tuple[str, ...]] = {
    "DSQL-PARSE": (), "DSQL-INDEX-SCHEMA": ("CREATE INDEX",), "DSQL-TXN-MULTI-DDL": _BEGIN,
    "DSQL-TXN-DDL-DML": _BEGIN, "DSQL-ANALYZE-IN-TXN": ("ANALYZE",), "DSQL-DROP-PK-COLUMN": ("ALTER TABLE",),
    "DSQL-WAIT-IN-TXN": ("CALL",), "DSQL-CREATE-TABLE-AS": ("CREATE TABLE AS", "SELECT INTO"),
    "DSQL-COLLATE": ("ALTER TABLE", "CREATE COLLATION", "CREATE DOMAIN", "CREATE INDEX", "CREATE TABLE"),
    "DSQL-SAVEPOINT": ("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SAVEPOINT"), "DSQL-ISOLATION": _BEGIN,
    "DSQL-TXN-OPTION": ("ABORT", "COMMIT", "END", "ROLLBACK"),
    "DSQL-SET-TRANSACTION": ("SET TRANSACTION",), "DSQL-SET": ("RESET", "SET"),
    "DSQL-LOCKING-CLAUSE": _SELECT, "DSQL-TABLESAMPLE": _SELECT, "DSQL-TEXT-SEARCH": _SELECT,
    "DSQL-WAIT-FOR-JOB": ("SELECT",), "DSQL-UPDATE-NO-WHERE": ("UPDATE",), "DSQL-DELETE-NO-WHERE": ("DELETE",),
}


def rule_topics(rule: Rule) -> tuple[str, ...]:
    """The commands a checker rule is about."""
    if rule.id in _RULE_TOPICS:
        return _RULE_TOPICS[rule.id]
    return tuple({name for kind in rule.kinds or () for name in _KIND_TOPICS.get(kind, ())})


def dsql_notes(name: str) -> list[str]:
    """One line per checker rule about command name: its id and message, as the checker words it for the rule's
    own example (see _argument_for for an example about another command)."""
    from dsqlsh.compat.rules import RULES

    return [f"{rule.id}: {_message_for(rule, name)}" for rule in RULES.values() if name in rule_topics(rule)]


def _message_for(rule: Rule, name: str) -> str:
    args = _example_args(rule.id)
    if args is None:
        return re.sub(r"\{\d+\}", "...", rule.message)
    return rule.message.format(*(_argument_for(arg, name) for arg in args))


def _argument_for(arg: str, name: str) -> str:
    """An argument of a rule's example message, shown under command name. One naming another command is
    renamed: "REINDEX" (DSQL-UNSUPPORTED-STATEMENT's example) reads "CREATE RULE" under CREATE RULE, "table"
    (DSQL-TEMP's) reads "view" under CREATE VIEW; DSQL's own node names ("Reindex") become "..."."""
    word = arg.upper()
    if word not in topic_names() or f" {name}".endswith(f" {word}"):
        return arg
    if arg == word:
        return name
    return name.rsplit(" ", 1)[-1].lower() if arg == arg.lower() else "..."


@cache
def topic_names() -> frozenset[str]:
    """Every command name \\h knows."""
    from dsqlsh.data.sql_help import TOPICS

    return frozenset(t.name for t in TOPICS)


@cache
def _example_args(rule_id: str) -> tuple[str, ...] | None:
    """The arguments the rule's message takes for its bad example (None when the checker finds nothing)."""
    from dsqlsh.compat.check import Checker
    from dsqlsh.compat.rules import RULES

    rule = RULES[rule_id]
    messages = [f.message for f in Checker().check(rule.bad) if f.rule == rule_id]
    match = re.fullmatch(_template_pattern(rule.message), messages[0], re.DOTALL) if messages else None
    if match is None:
        return None
    count = len(set(re.findall(r"\{(\d+)\}", rule.message)))
    return tuple(match.group(f"a{i}") for i in range(count))


def _template_pattern(template: str) -> str:
    """A regular expression matching template.format(*args), capturing each argument (a{i})."""
    parts = re.split(r"\{(\d+)\}", template)
    pattern, seen = "", set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern += re.escape(part)
        elif part in seen:
            pattern += f"(?P=a{part})"
        else:
            seen.add(part)
            pattern += f"(?P<a{part}>.*?)"
    return pattern
