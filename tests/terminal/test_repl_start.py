"""The interactive shell's start (issue 19): what it loads before its first prompt, and what the prompt then does.

Each test starts dsqlsh under pexpect with test_repl's env (xterm, 24x100, a temp HOME, PAGER=cat).
"""

from __future__ import annotations

import subprocess
import sys

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
