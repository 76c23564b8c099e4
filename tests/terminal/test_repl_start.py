"""The interactive shell's start (issue 19): what it loads before its first prompt, and what the prompt then does.

Each test starts dsqlsh under pexpect with test_repl's env (xterm, 24x100, a temp HOME, PAGER=cat).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
import uuid

import pexpect

from tests.terminal import test_repl
from tests.terminal.test_repl import PROMPT, WAIT, start

env = test_repl.env  # its fixture, to use here by name

# Loaded by prompt_toolkit's imports, never used at the prompt (dsqlsh/repl/editor_imports.py): wcwidth's
# pure-Python implementation, prompt_toolkit's dialogs and progress bars, asyncio's TLS transport.
NOT_RUN_AT_THE_PROMPT = ("wcwidth.textwrap", "wcwidth._clip", "wcwidth.linebreak", "prompt_toolkit.shortcuts.dialogs",
                         "prompt_toolkit.shortcuts.progress_bar", "asyncio.sslproto")

_REPORT_RUN_MODULES = """
import atexit, runpy, sys
names = sys.argv[1].split(",")
sys.argv = ["dsqlsh", "-X"]
# A deferred module carries deferred_imports' __getattr__ until its code runs.
ran = lambda name: name in sys.modules and "__getattr__" not in vars(sys.modules[name])
atexit.register(lambda: sys.stdout.write("RAN " + ",".join(n for n in names if ran(n)) + ".\\n"))
runpy.run_module("dsqlsh", run_name="__main__")
"""


def test_the_prompt_runs_no_module_it_does_not_use(env):
    child = pexpect.spawn(sys.executable, ["-c", _REPORT_RUN_MODULES, ",".join(NOT_RUN_AT_THE_PROMPT)], env=env,
                          encoding="utf-8", timeout=WAIT, dimensions=(24, 100))
    try:
        child.expect(PROMPT)
        child.send("select 1 as one;\r")
        child.expect(r"\(1 row\)")
        child.expect(PROMPT)
        child.send("\\q\r")
        child.expect(r"RAN [^\r\n]*\.")
        assert child.after == "RAN .", child.after
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_wide_characters_are_typed_and_run(env):
    """prompt_toolkit measures what is typed with wcwidth's function, which dsqlsh gives it ahead of wcwidth."""
    query = "select '中文' as w, 'é' as e;"
    expected = subprocess.run([sys.executable, "-m", "dsqlsh", "-X", "-c", query], env=env, capture_output=True,
                              text=True, timeout=WAIT).stdout
    t = start(env)
    try:
        t.type("select '中文")
        t.expect("select '中文")
        t.type("\x01")  # Ctrl-A: the cursor moves back over the wide characters, by their width
        t.type("\x05' as w, 'é' as e;")  # Ctrl-E, then the rest of the line
        assert t.run("") == expected
        t.enter("\\q")
        assert t.exit_code() == 0
    finally:
        t.close()


# ---- the first prompt, drawn before prompt_toolkit has loaded (dsqlsh/repl/early_prompt.py) --------------------

def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, timeout=WAIT).stdout


def _screen_once_drawn(env: dict[str, str], *args: str, keys: str = "") -> list[str]:
    """The screen of a tmux window (80x24, which answers prompt_toolkit's cursor-position requests as a real
    terminal does) running dsqlsh, once prompt_toolkit has drawn its toolbar; keys are typed as soon as the prompt
    shows (most likely the early one, before prompt_toolkit has loaded)."""
    socket = f"dsqlsh-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in env.items() if k != "PROMPT_TOOLKIT_NO_CPR"}
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "dsqlsh", "-X", *args))
    keys_sent = ""
    try:
        subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24",
                        command], env=env, check=True, timeout=WAIT)
        deadline = time.monotonic() + WAIT
        while True:
            screen = _tmux("-L", socket, "capture-pane", "-p").split("\n")
            if keys and any(PROMPT in line for line in screen):
                _tmux("-L", socket, "send-keys", "-l", keys)
                keys_sent, keys = keys, ""
            if any("| idle |" in line for line in screen) and (not keys_sent or any(keys_sent in s for s in screen)):
                time.sleep(0.3)  # the lexer's redraw, if any
                return _tmux("-L", socket, "capture-pane", "-p").split("\n")
            assert time.monotonic() < deadline, "\n".join(screen)
            time.sleep(0.05)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=WAIT)


def test_the_early_prompt_leaves_the_screen_as_prompt_toolkit_draws_it(env):
    """A named style turns the early prompt off (its lookup may warn): the screens must not differ otherwise."""
    early = _screen_once_drawn(env)
    late = _screen_once_drawn(env, "-v", "DSQLSH_STYLE=monokai")
    assert early == late
    assert sum(PROMPT in line for line in early) == 1, early


def test_keys_typed_at_the_early_prompt_show_once_after_it(env):
    screen = _screen_once_drawn(env, keys="select 'early' as e")
    lines = [line for line in screen if "early" in line]
    assert lines == [f"{PROMPT} select 'early' as e"], screen


def _modes_around(env: dict[str, str], act) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The terminal's modes (stty -g) before dsqlsh starts and after it ends, act(child) run in between."""
    # The shell ignores SIGINT (Ctrl-C reaches the whole foreground group); dsqlsh sets its own handler.
    script = f'trap "" INT; stty -g; echo START; {shlex.quote(sys.executable)} -m dsqlsh -X; echo "END $?"; stty -g'
    child = pexpect.spawn("sh", ["-c", script], env=env, encoding="utf-8", timeout=WAIT, dimensions=(24, 100))
    try:
        child.expect(r"(\S+)\r\nSTART")
        before = child.match.group(1)
        act(child)
        child.expect(r"END \d+\r\n(\S+)\r\n")
        return before, child.match.group(1)
    finally:
        child.close(force=True)


def test_terminal_modes_come_back_after_q(env):
    def leave(child) -> None:  # type: ignore[no-untyped-def]
        child.expect(PROMPT)
        child.send("select 1;\r")
        child.expect(r"\(1 row\)")
        child.send("\\q\r")

    before, after = _modes_around(env, leave)
    assert before == after


def test_terminal_modes_come_back_after_ctrl_c_or_sigterm_while_loading(env):
    """Ctrl-C or SIGTERM as the early prompt shows, most likely before prompt_toolkit has loaded."""
    def interrupt(child) -> None:  # type: ignore[no-untyped-def]
        child.expect(PROMPT)
        child.send("\x03")

    def terminate(child) -> None:  # type: ignore[no-untyped-def]
        child.expect(PROMPT)
        subprocess.run(["pkill", "-TERM", "-P", str(child.pid), "-f", "dsqlsh"], check=False)

    for act in (interrupt, terminate):
        before, after = _modes_around(env, act)
        assert before == after, act.__name__
