"""\\h [NAME] against psql 18: the list byte for byte, the commands matched and their Command/Description/URL lines,
the unknown-name messages; on DSQL (through the stand-in) each command's help ends with the checker's rules.

The synopses are dsqlsh's own (dsqlsh/data/sql_help.py), so only their place in each block is compared.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.fix_dsql import client_env

pytest_plugins = ("tests.fix_dsql",)

# Command:, Description:, Syntax:, the synopsis (one line or more, none blank-only at its end), a blank line,
# URL:, a blank line; on DSQL an "On Aurora DSQL:" section after it.
BLOCK = re.compile(
    r"Command:     (?P<name>[A-Z ]+)\nDescription: (?P<description>[^\n]+)\nSyntax:\n(?P<synopsis>(?:[^\n]*\n)*?"
    r"[^\n]*\S[^\n]*)\n\nURL: (?P<url>https://www\.postgresql\.org/docs/18/[a-z-]+\.html)\n\n"
    r"(?P<dsql>On Aurora DSQL:\n(?:  DSQL-[A-Z-]+: [^\n]+\n)+\n)?"
)


def blocks(text: str) -> list[tuple[str, str, str]]:
    """(name, description, url) of each block, asserting the text is nothing but blocks."""
    found, end = [], 0
    for m in BLOCK.finditer(text):
        assert m.start() == end, f"unexpected text before {m['name']}: {text[end:m.start()]!r}"
        found.append((m["name"], m["description"], m["url"]))
        end = m.end()
    assert end == len(text), f"unexpected text at the end: {text[end:]!r}"
    return found


def test_the_list_is_psqls_byte_for_byte(dsqlsh, psql):
    for command in ("\\h", "\\help", "\\h ;", "\\h   ;; "):
        expected = psql("-X", "-c", command)
        assert expected.stdout.startswith("Available help:\n  ABORT  ")
        assert dsqlsh("-X", "-c", command) == expected


@pytest.mark.parametrize("topic", [
    "select", "SELECT", "Select Into;", "create table", "ALTER TABLE", "create", "creat", "create  table",
    "drop tablex", "DROP  TABLE", "s", "rollback to", "alter text search configuration ;;", "with", "*",
    "create table as", "set", "end  ",
])
def test_commands_descriptions_and_urls_are_psqls(dsqlsh, psql, topic):
    expected, got = psql("-X", "-c", f"\\h {topic}"), dsqlsh("-X", "-c", f"\\h {topic}")
    assert (got.stderr, got.exit_code) == (expected.stderr, expected.exit_code) == ("", 0)
    assert blocks(got.stdout) == blocks(expected.stdout)


def test_each_synopsis_is_dsqlshs_own(dsqlsh, psql):
    expected, got = psql("-X", "-c", "\\h *"), dsqlsh("-X", "-c", "\\h *")
    assert len(blocks(got.stdout)) == len(blocks(expected.stdout)) == 185
    pairs = list(zip((m["synopsis"] for m in BLOCK.finditer(got.stdout)),
                     (m["synopsis"] for m in BLOCK.finditer(expected.stdout)), strict=True))
    # A one-line command (CHECKPOINT, LISTEN channel) has one way to be written; anything longer is dsqlsh's.
    assert not [mine for mine, psqls in pairs if mine == psqls and "\n" in mine]
    lines = [line for mine, _ in pairs for line in mine.splitlines() if line.strip()]
    same = [line for mine, psqls in pairs for line in mine.splitlines() if line.strip() and line in psqls.splitlines()]
    assert len(same) < len(lines) / 20


@pytest.mark.parametrize("topic", ["xyz", "*x", "nosuch command here", "SELECTX", "  xyz ;", "sel\tect"])
def test_unknown_names_say_so_as_psql_does(dsqlsh, psql, topic):
    expected = psql("-X", "-c", f"\\h {topic}")
    assert dsqlsh("-X", "-c", f"\\help {topic}") == expected
    assert expected.stdout.startswith('No help available for "')


def test_help_goes_to_stdout_not_to_the_o_target_and_is_skipped_in_a_false_branch(dsqlsh, psql, tmp_path):
    script = "\\o out.txt\n\\h nosuch\n\\if false\n\\h select\n\\endif\n\\o\n\\echo done\n"
    expected = psql("-X", "-q", input=script, cwd=tmp_path)
    got = dsqlsh("-X", "-q", input=script, cwd=tmp_path)
    assert got == expected
    assert got.stdout == 'No help available for "nosuch".\nTry \\h with no arguments to see available help.\ndone\n'
    assert (tmp_path / "out.txt").read_text() == ""


def test_the_help_table_loads_only_when_h_runs():
    code = ("import sys, dsqlsh.meta, dsqlsh.meta.sql_help as h; assert 'dsqlsh.data.sql_help' not in sys.modules; "
            "h.sql_help_text('abort'); assert 'dsqlsh.data.sql_help' in sys.modules; "
            "assert 'dsqlsh.compat.check' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_checker_rule_is_about_commands_help_knows():
    from dsqlsh.compat.rules import RULES
    from dsqlsh.meta.sql_help import rule_topics, topic_names

    for rule in RULES.values():
        topics = rule_topics(rule)
        assert set(topics) <= topic_names(), rule.id
        assert topics or rule.id == "DSQL-PARSE", f"{rule.id} shows under no command"


# ---- On Aurora DSQL ---------------------------------------------------------------------------------------

TRUNCATE_ON_DSQL = ("On Aurora DSQL:\n"
                    "  DSQL-TRUNCATE: DSQL does not support TRUNCATE (unsupported statement: Truncate)\n\n")


@pytest.fixture
def via_dsql(pg, home, tmp_path, dsql_standin, fake_aws_env):
    """Run dsqlsh through the DSQL stand-in (IAM token, TLS)."""
    env = client_env(pg, home, dsql_standin, fake_aws_env)

    def run(*commands: str) -> subprocess.CompletedProcess:
        args = [a for c in commands for a in ("-c", c)]
        return subprocess.run([sys.executable, "-m", "dsqlsh", "-X", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    return run


def test_on_dsql_a_commands_help_ends_with_what_dsql_refuses(via_dsql, dsqlsh):
    plain = dsqlsh("-X", "-c", "\\h truncate")
    assert "On Aurora DSQL" not in plain.stdout
    r = via_dsql("\\h truncate")
    assert (r.stderr, r.returncode) == ("", 0)
    assert r.stdout == plain.stdout + TRUNCATE_ON_DSQL


def test_on_dsql_each_rule_is_one_line_in_the_section_of_its_command(via_dsql, dsqlsh):
    r = via_dsql("\\h create index", "\\h create rule", "\\h commit", "\\h create view", "\\h show")
    assert (r.stderr, r.returncode) == ("", 0)
    sections = {m["name"]: m["dsql"] for m in BLOCK.finditer(r.stdout)}
    assert [m[0] for m in blocks(r.stdout)] == ["CREATE INDEX", "CREATE RULE", "COMMIT", "CREATE VIEW", "SHOW"]
    index_rules = re.findall(r"^  (DSQL-[A-Z-]+):", sections["CREATE INDEX"], re.M)
    assert {"DSQL-INDEX-ASYNC", "DSQL-INDEX-CONCURRENTLY", "DSQL-INDEX-SCHEMA", "DSQL-INDEX-USING"} <= set(index_rules)
    assert ("  DSQL-INDEX-ASYNC: DSQL does not support CREATE INDEX without ASYNC "
            "(unsupported mode. please use CREATE INDEX ASYNC.)\n") in sections["CREATE INDEX"]
    # A rule whose example names another statement reads with this one's name.
    assert sections["CREATE RULE"] == ("On Aurora DSQL:\n"
                                       "  DSQL-UNSUPPORTED-STATEMENT: DSQL does not support CREATE RULE "
                                       "(unsupported statement: ...)\n\n")
    assert sections["COMMIT"] == "On Aurora DSQL:\n  DSQL-TXN-OPTION: DSQL does not support AND CHAIN on COMMIT\n\n"
    assert "DSQL-TEMP: DSQL does not support temporary views" in sections["CREATE VIEW"]
    assert sections["SHOW"] is None
    plain = dsqlsh("-X", "-c", "\\h create index")
    assert "On Aurora DSQL" not in plain.stdout
    assert r.stdout.startswith(plain.stdout.removesuffix("\n") + "\nOn Aurora DSQL:\n")
