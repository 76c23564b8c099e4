"""Every SQL statement in the two seed documents (AWS's own DSQL guidance) passes clean.

The seeds are plain text, not Markdown: SQL appears as lines that start with a command word and
run to the first ';' (the rest of that line may be prose), and inside JavaScript code as string
literals ('...', "..." or `...`) whose text starts with a command word.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dsqlsh.compat.check import Checker

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "dsql"
SEED_FILES = sorted(SEEDS.glob("0*.txt"))
# The extracted statements, committed, so the seeds are checked on any machine (see load_committed()).
COMMITTED = Path(__file__).resolve().parents[1] / "compat" / "seed_statements.sql"
KEYWORDS = (
    "SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|BEGIN|COMMIT|ROLLBACK|ABORT|GRANT|REVOKE|WITH|CALL|SET|SHOW"
    "|EXPLAIN|ANALYZE|START|AWS IAM"
)
# Upper case only: the seeds write SQL in upper case, and prose starts words like "Create" or
# "Selecting" in mixed case.
LINE_START = re.compile(rf"^\s*(?:{KEYWORDS})\b(?=[\s;(]|$)")
QUOTED = (
    re.compile(rf"`((?:{KEYWORDS})\b[^`]*)`"),
    re.compile(rf"'((?:{KEYWORDS})\b[^'\n]*)'"),
    re.compile(rf'"((?:{KEYWORDS})\b[^"\n]*)"'),
)


def extract(text: str) -> list[str]:
    """The SQL statements of a seed document, in order: plain lines first, then code strings."""
    found: list[str] = []
    lines = text.split("\n")
    code: list[str] = []  # the lines that are not plain SQL, where strings may hold SQL
    index = 0
    while index < len(lines):
        if not LINE_START.match(lines[index]):
            code.append(lines[index])
            index += 1
            continue
        chunk: list[str] = []
        while index < len(lines):
            line = lines[index]
            index += 1
            if ";" in line:
                chunk.append(line[: line.index(";") + 1])
                break
            chunk.append(line)
        found.append("\n".join(chunk).strip())
    rest = "\n".join(code)
    for pattern in QUOTED:
        found.extend(match.group(1).strip() for match in pattern.finditer(rest))
    return found


def seed_statements() -> list[tuple[str, str]]:
    return [(path.name, sql) for path in SEED_FILES for sql in extract(path.read_text(encoding="utf-8"))]


def load_committed() -> list[tuple[str, str]]:
    """tests/compat/seed_statements.sql: `-- seed: FILE` lines, each followed by one statement."""
    found: list[tuple[str, str]] = []
    seed, lines = "", []
    for line in COMMITTED.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-- seed: "):
            if lines:
                found.append((seed, "\n".join(lines).strip()))
            seed, lines = line[len("-- seed: "):], []
        elif seed:
            lines.append(line)
    if lines:
        found.append((seed, "\n".join(lines).strip()))
    return found


STATEMENTS = load_committed()


@pytest.mark.skipif(len(SEED_FILES) != 2, reason="../shared/dsql (the seed documents) is not on this machine")
def test_committed_statements_match_the_seed_documents() -> None:
    assert seed_statements() == STATEMENTS


def test_extraction_finds_the_seeds_sql() -> None:
    sqls = [sql for _, sql in STATEMENTS]
    assert len(sqls) >= 85
    for expected in (
        "ALTER TABLE orders ALTER COLUMN order_id SET CACHE 150000;",
        "CREATE SEQUENCE order_seq CACHE 1 START 101;",
        "CREATE INDEX ASYNC idx_pet_owner ON pet(owner_id)",
        "UPDATE pet SET status = 'active' WHERE status IS NULL",
        "SELECT COUNT(*) FROM objectives WHERE tenant_id = 'tenant-123';",
        "DROP SEQUENCE customer_seq;",
        "BEGIN",
    ):
        assert expected in sqls
    assert not any("Drop sequence and dependent objects" in sql for sql in sqls)


@pytest.mark.parametrize(("seed", "sql"), STATEMENTS, ids=[f"{s}:{i}" for i, (s, _) in enumerate(STATEMENTS)])
def test_seed_statement_passes_clean(seed: str, sql: str) -> None:
    """Each statement alone, as its own session would send it (the seeds show separate sessions)."""
    assert [(f.rule, f.message) for f in Checker().check(sql)] == []
