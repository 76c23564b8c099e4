"""The interactive shell in a real pseudo-terminal, against the embedded PostgreSQL.

Each test starts `dsqlsh -X` under pexpect (xterm, 24x100, a temp HOME, PAGER=cat) and checks the
text a user sees. Escape sequences are stripped from the output before matching; a failed wait
prints what the terminal showed since the last match.
"""

from __future__ import annotations

import re
import stat
import sys
import time
import uuid
from pathlib import Path

import pexpect
import pytest

from tests.fix_dsql import client_env
from tests.support import clean_env

pytest_plugins = ("tests.fix_dsql",)

PROMPT = "postgres@postgres=#"  # prompt_toolkit draws the trailing space as a cursor move
MORE = "postgres@postgres-#"
# CSI and OSC sequences, charset selection, keypad modes, and carriage returns.
ESCAPES = re.compile(
    r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;5;\d+|38;2;[\d;]+)[0-9;]*m")
WAIT = 30  # seconds for each wait on the terminal: generous, as CI has two slow cores
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
PROMPT_BEGINS, PROMPT_ENDS = "\x1b[?2004h", "\x1b[?2004l"


class Terminal:
    """A dsqlsh process on a pseudo-terminal.

    prompt_toolkit turns bracketed paste on when a prompt starts and off when it ends, so those two
    sequences frame exactly what was printed between prompts: next_prompt() returns that text.
    expect() waits for text anywhere after the previous match (escape sequences stripped).
    """

    def __init__(self, env: dict[str, str], *args: str, answer_cpr: bool = False) -> None:
        self.child = pexpect.spawn(sys.executable, ["-m", "dsqlsh", "-X", *args], env=env, encoding="utf-8",
                                   timeout=WAIT, dimensions=(24, 100))
        self.raw = ""
        self.seen = 0  # in the stripped text: where expect() searches from
        self.prompt_at = -1  # in raw: where the prompt now on screen began
        self.answer_cpr = answer_cpr  # reply to cursor-position requests, as a real terminal does

    @property
    def text(self) -> str:
        return ESCAPES.sub("", self.raw)

    def _pump(self, timeout: float) -> None:
        chunk = self.child.read_nonblocking(65536, timeout=timeout)
        if self.answer_cpr:
            for _ in range(chunk.count("\x1b[6n")):
                self.child.send("\x1b[1;1R")
        self.raw += chunk

    def _wait(self, found, what: str, timeout: float):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while True:
            result = found()
            if result is not None:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {what}; the terminal showed since the last match:\n"
                                     f"{self.text[self.seen:][-4000:]}")
            try:
                self._pump(0.2)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                raise AssertionError(f"dsqlsh ended while expecting {what}; it showed:\n"
                                     f"{self.text[self.seen:][-4000:]}") from None

    def expect(self, wanted: str, timeout: float = WAIT) -> str:
        """Wait for wanted after the previous match; returns the text in between."""

        def found() -> str | None:
            text = self.text
            at = text.find(wanted, self.seen)
            if at < 0:
                return None
            before, self.seen = text[self.seen:at], at + len(wanted)
            return before

        return self._wait(found, repr(wanted), timeout)

    def expect_raw(self, *wanted: str, timeout: float = WAIT) -> None:
        """Wait until every one of wanted (escape sequences and all) has been written to the terminal."""
        self._wait(lambda: True if all(w in self.raw for w in wanted) else None, repr(wanted), timeout)

    def next_prompt(self, timeout: float = WAIT) -> str:
        """Wait for the prompt on screen to end and the next to begin; what was printed in between."""

        def found() -> str | None:
            end = self.raw.find(PROMPT_ENDS, self.prompt_at + 1) if self.prompt_at >= 0 else 0
            begin = self.raw.find(PROMPT_BEGINS, end) if end >= 0 else -1
            if begin < 0:
                return None
            self.prompt_at = begin
            self.seen = len(ESCAPES.sub("", self.raw[:begin]))
            return ESCAPES.sub("", self.raw[end:begin]) if end else ""

        return self._wait(found, "the next prompt", timeout)

    def type(self, keys: str) -> None:
        self.child.send(keys)

    def enter(self, line: str) -> None:
        self.child.send(line + "\r")

    def run(self, line: str) -> str:
        """Enter a line that ends the prompt; what it printed before the next prompt."""
        self.enter(line)
        return self.next_prompt()

    def exit_code(self, timeout: float = WAIT) -> int:
        """Wait for the process to end; its exit status."""
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected dsqlsh to exit within {timeout}s; the terminal showed since the "
                                     f"last match:\n{self.text[self.seen:][-4000:]}")
            try:
                self._pump(1)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        self.child.close()
        return self.child.exitstatus

    def close(self) -> None:
        if self.child.isalive():
            self.child.close(force=True)


def start(env: dict[str, str], *args: str, answer_cpr: bool = False) -> Terminal:
    """dsqlsh started and showing its first prompt."""
    t = Terminal(env, *args, answer_cpr=answer_cpr)
    t.next_prompt()
    return t


@pytest.fixture
def env(pg, home):
    e = clean_env(pg, home)
    e.update({"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "cat"})
    for name in ("XDG_STATE_HOME", "NO_COLOR", "HISTFILE", "INPUTRC"):
        e.pop(name, None)
    return e


@pytest.fixture
def term(env):
    t = start(env)
    t.expect(PROMPT)
    yield t
    t.close()


def _table(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def test_query_runs_and_prints(term):
    assert term.run("select 1 as x;") == " x \n---\n 1\n(1 row)\n\n"
    term.expect(PROMPT)
    term.enter("\\q")
    assert term.exit_code() == 0


def test_multiline_statement_continues_with_prompt2_and_runs_on_semicolon(term):
    term.enter("select 'a' as first,")
    term.expect(MORE)
    term.enter("  'b' as second")
    term.expect(MORE)
    assert term.run(";") == " first | second \n-------+--------\n a     | b\n(1 row)\n\n"
    term.expect(PROMPT)


def test_prompt2_shows_the_open_quote(term):
    term.enter("select 'one")
    term.expect("postgres@postgres'#")
    assert term.run("two' as v;") == "  v  \n-----\n one+\n two\n(1 row)\n\n"


def test_backslash_command_runs_on_enter(term):
    assert term.run("\\echo hello from echo") == "hello from echo\n"


def test_errors_read_as_at_psqls_prompt(term):
    assert term.run("select 1/0;") == "ERROR:  division by zero\n"
    assert term.run("\\foo") == "invalid command \\foo\nTry \\? for help.\n"


def test_pasting_two_statements_runs_both(term):
    term.type(f"{PASTE_START}select 'a' as one;\nselect 'b' as two;\n{PASTE_END}")
    assert term.next_prompt() == " one \n-----\n a\n(1 row)\n\n two \n-----\n b\n(1 row)\n\n"


def test_typed_ahead_lines_run_in_order(term):
    term.type("select 'x' as one;\rselect 'y' as two;\r")
    assert term.next_prompt() == " one \n-----\n x\n(1 row)\n\n"
    assert term.next_prompt() == " two \n-----\n y\n(1 row)\n\n"


def test_ctrl_c_at_the_prompt_clears_the_buffer(term):
    term.type("select 'never sent")
    term.expect("select 'never sent")
    term.type("\x03")
    assert term.next_prompt() == ""
    term.expect(PROMPT)
    assert term.run("select 'kept' as k;") == "  k   \n------\n kept\n(1 row)\n\n"


def test_ctrl_c_cancels_a_running_query_and_the_session_goes_on(term):
    term.enter("select pg_sleep(30);")
    time.sleep(1)  # let the query reach the server
    started = time.monotonic()
    term.type("\x03")
    shown = term.next_prompt()
    assert time.monotonic() - started < 5
    # The terminal echoes ^C, as under psql.
    assert shown == "^CCancel request sent\nERROR:  canceling statement due to user request\n"
    assert term.run("select 2 as after;") == " after \n-------\n     2\n(1 row)\n\n"


def test_history_file_is_0600_without_space_lines_or_secrets(env, home):
    t = start(env)
    try:
        t.run("select 'saved' as s;")
        t.run(" select 'hidden' as h;")
        t.run("\\set db_password hunter2")
        listing = t.run("\\s")
        t.enter("\\q")
        assert t.exit_code() == 0
    finally:
        t.close()
    assert listing == "select 'saved' as s;\n\\s\n"
    path = Path(home) / ".local/state/dsqlsh/history"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "+select 'saved' as s;" in text
    assert "hidden" not in text and "hunter2" not in text


def test_histfile_variable_picks_the_file(env, home, tmp_path):
    chosen = tmp_path / "my_history"
    t = start(env, "-v", f"HISTFILE={chosen}")
    try:
        t.run("select 'here' as h;")
        t.enter("\\q")
        assert t.exit_code() == 0
    finally:
        t.close()
    assert "+select 'here' as h;" in chosen.read_text()
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o600


def test_tab_completes_a_table_after_from_and_a_column(term):
    table = _table("repl_widgets")
    assert term.run(f"create table {table} (id int, widget_count int);") == "CREATE TABLE\n"
    term.type(f"select * from {table[:-6]}\t")  # the DDL started a catalog reload; Tab waits for it
    term.expect(f"select * from {table}")
    term.type(" where widget_c\t")
    term.expect(" where widget_count")
    assert term.run(" is null;") == " id | widget_count \n----+--------------\n(0 rows)\n\n"
    assert term.run(f"drop table {table};") == "DROP TABLE\n"


def test_tab_completes_meta_commands(term):
    term.type("\\conni\t")
    term.expect("\\conninfo")
    assert "Database" in term.run("")


def test_refresh_is_a_command_in_the_session(term):
    assert term.run("\\refresh") == "Completion names are being reloaded in the background.\n"


def test_backslash_q_exits_zero(term):
    term.enter("\\q")
    assert term.exit_code() == 0


def test_ctrl_d_on_an_empty_line_exits(term):
    term.type("\x04")
    term.expect("\\q")
    assert term.exit_code() == 0


def test_ctrl_d_in_a_transaction_warns_first(term):
    term.run("begin;")
    term.expect("postgres@postgres=*#")
    term.type("\x04")
    assert term.next_prompt() == "A transaction is open: leaving rolls it back. Press Ctrl-D again to leave.\n"
    term.expect("postgres@postgres=*#")
    term.type("\x04")
    term.expect("\\q")
    assert term.exit_code() == 0


def test_input_is_highlighted(term):
    term.type("select 'lit' as v")
    term.expect("select 'lit' as v")
    # A keyword bold, a string green: at the latest by the redraw after the highlighter loads (it loads once the
    # first prompt is drawn).
    term.expect_raw("\x1b[0;1mselect", "\x1b[0;32m'lit'")
    term.type("\x03")


def test_keys_typed_before_the_first_prompt_are_kept(env):
    t = Terminal(env)  # typed at once, while the shell is still starting
    try:
        t.enter("select 'typed' || ' early' as early;")
        t.next_prompt()  # the first
        assert t.next_prompt().endswith("    early    \n-------------\n typed early\n(1 row)\n\n")
        t.enter("\\q")
        assert t.exit_code() == 0
    finally:
        t.close()


def test_no_color_means_no_colour_sequences(env):
    env["NO_COLOR"] = "1"
    t = start(env)
    try:
        assert t.run("select 'lit' as v, 1 as n;") == "  v  | n \n-----+---\n lit | 1\n(1 row)\n\n"
        t.enter("\\q")
        assert t.exit_code() == 0
    finally:
        t.close()
    assert not COLOUR.findall(t.raw)


def test_bottom_toolbar_shows_role_transaction_and_check_mode(env):
    env.pop("PROMPT_TOOLKIT_NO_CPR")  # the toolbar needs to know the screen's height: answer the requests
    t = start(env, answer_cpr=True)
    try:
        t.expect(" role  postgres  | idle | check off | \\x off | connected ")
        t.run("begin;")
        t.expect(" role  postgres  | in transaction | check off | \\x off")
        t.run("rollback;")
    finally:
        t.close()


def test_dsql_prompt_and_toolbar_mark_admin_and_show_check_findings_as_you_type(pg, home, dsql_standin,
                                                                                fake_aws_env):
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    env.update({"TERM": "xterm", "PAGER": "cat"})
    env.pop("PROMPT_TOOLKIT_NO_CPR", None)
    t = start(env, answer_cpr=True)
    try:
        t.expect("ADMIN@abcdefgh/postgres=#")
        t.expect(" role  ADMIN  | idle | check warn | \\x off | connected ")
        t.type("create index i on t (a)")
        t.expect("DSQL-INDEX-ASYNC: DSQL does not support CREATE INDEX without ASYNC")
        t.type("\x03")
        t.next_prompt()
        t.expect("ADMIN@abcdefgh/postgres=#")
        t.enter("\\q")
        assert t.exit_code() == 0
    finally:
        t.close()


def test_copy_from_stdin_reads_data_at_prompt3_and_from_a_paste(term):
    table = _table("repl_copy")
    term.run(f"create table {table} (n int);")
    term.run(f"copy {table} from stdin;")
    term.expect(">>")
    assert term.run("1") == ""
    assert term.run("2") == ""
    assert term.run("\\.") == "COPY 2\n"
    term.type(f"{PASTE_START}copy {table} from stdin;\n3\n\\.\nselect sum(n) as total from {table};\n{PASTE_END}")
    assert term.next_prompt() == "COPY 1\n total \n-------\n     6\n(1 row)\n\n"
    term.run(f"drop table {table};")


def test_backslash_e_edits_the_last_query_and_runs_it_when_complete(env):
    env["EDITOR"] = "sed -i s/one/two/"
    t = start(env)
    try:
        t.run("select 'one' as v;")
        assert t.run("\\e") == "select 'two' as v;\n  v  \n-----\n two\n(1 row)\n\n"
        t.enter("select 'one' as w")  # incomplete: comes back at the prompt after editing
        t.expect(MORE)
        assert t.run("\\e") == ""
        t.expect(f"{PROMPT} select 'two' as w")
        assert t.run(";") == "  w  \n-----\n two\n(1 row)\n\n"
    finally:
        t.close()


def test_a_table_wider_than_the_screen_goes_to_the_pager_as_psql_sends_it(env):
    """psql 18 pages an aligned table wider than the terminal (or than \\pset columns) whatever its height;
    a narrow one, expanded records and other formats are printed as they are (checked against psql 18 in a pty)."""
    t = start({**env, "PAGER": "sed -e s/^/PAGED:/"})
    try:
        assert t.run("select repeat('x', 150) as wide;").startswith("PAGED: ")
        assert t.run("select 1 as narrow;") == " narrow \n--------\n      1\n(1 row)\n\n"
        # psql's 030_pager.pl: taller than the 24-row screen goes to the pager; \pset pager_min_lines raises that
        assert t.run("select generate_series(1, 30) as n;").startswith("PAGED:")
        t.run("\\pset pager_min_lines 40")
        assert not t.run("select generate_series(1, 30) as n;").startswith("PAGED:")
        t.run("\\pset columns 200")
        assert not t.run("select repeat('x', 150) as wide;").startswith("PAGED:")
        t.run("\\pset columns 0")
        t.run("\\x")
        assert t.run("select repeat('x', 150) as wide;").startswith("-[ RECORD 1 ]")
        t.run("\\x")
        t.run("\\pset format unaligned")
        assert t.run("select repeat('x', 150) as wide;").startswith("wide\n")
    finally:
        t.close()


def test_prompt_and_password_ask_at_the_terminal(term, pg):
    """\\prompt asks with its text and sets the variable; \\password asks twice, the typed password not shown,
    and the prompt comes back as it was (not hidden)."""
    term.enter("\\prompt 'Your name: ' who")
    term.next_prompt()  # the question's own line
    assert "Your name:" in term.text
    assert term.run("bob") == ""
    assert term.run("\\echo hello :who") == "hello bob\n"
    term.run("create role pw_tty login;")
    term.enter("\\password pw_tty")
    term.next_prompt()
    assert 'Enter new password for user "pw_tty":' in term.text  # the trailing space is a cursor move
    term.run("hunter22")
    assert "Enter it again:" in term.text
    assert term.run("hunter22") == ""
    assert "hunter22" not in term.text
    assert term.run("select 'visible' as v;") == "    v    \n---------\n visible\n(1 row)\n\n"
    assert "SCRAM-SHA-256$" in pg.psql("select rolpassword from pg_authid where rolname = 'pw_tty'")
    term.run("drop role pw_tty;")
