"""In a real terminal the prompt always shows the role, and admin cannot be missed."""

from __future__ import annotations

import sys

import pexpect

from tests.fix_dsql import client_env

pytest_plugins = ("tests.fix_dsql",)

WAIT = 30  # seconds for each pexpect wait: generous, as CI has two slow cores


def test_prompt_shows_role_through_a_switch(pg, home, dsql_standin, fake_aws_env):
    env = client_env(pg, home, dsql_standin, fake_aws_env)
    env.update({"TERM": "dumb", "PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "cat"})
    child = pexpect.spawn(sys.executable, ["-m", "dsqlsh", "-X"], env=env, encoding="utf-8", timeout=WAIT,
                          dimensions=(24, 100))
    try:
        child.expect_exact("ADMIN@abcdefgh/postgres=# ", timeout=WAIT)
        child.sendline("\\role app")
        child.expect_exact('You are now connected as role "app" (DbConnect token).', timeout=WAIT)
        child.expect_exact("app@abcdefgh/postgres=> ", timeout=WAIT)
        child.sendline("begin;")
        child.expect_exact("app@abcdefgh/postgres=*> ", timeout=WAIT)
        child.sendline("rollback;")
        child.expect_exact("app@abcdefgh/postgres=> ", timeout=WAIT)
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=WAIT)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected prompt not seen; screen was:\n{child.before}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
