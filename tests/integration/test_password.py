"""\\password as psql 18: asked twice (here from stdin: the programs run without a controlling terminal, as in
CI, so psql's simple_prompt reads stdin and prompts on stderr), mismatches refused, the hash never echoed by
ECHO_HIDDEN, and the role left with a SCRAM hash (the server's password_encryption)."""

from __future__ import annotations

import subprocess
import sys

from tests.pgserver import bin_dir
from tests.support import clean_env

SCRIPT = """create role pwtest login;
\\password pwtest
secret1
secret1
\\password pwtest
a
b
\\set ECHO_HIDDEN on
\\password pwtest
s3cret
s3cret
\\password nosuchrole
x
x
"""


def _run(argv: list[str], env: dict[str, str], script: str) -> tuple[int, str]:
    done = subprocess.run([*argv, "-X", "-a"], input=script, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, start_new_session=True, timeout=60)
    return done.returncode, done.stdout.replace("dsqlsh:", "psql:")


def test_password_as_psql(pg, home):
    env = clean_env(pg, home)
    outcomes = []
    for argv in ([str(bin_dir() / "psql")], [sys.executable, "-m", "dsqlsh"]):
        pg.psql("drop role if exists pwtest")
        outcomes.append(_run(argv, env, SCRIPT))
        stored = pg.psql("select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'pwtest'")
        assert stored.split("\n")[2].strip() == "t"
    assert outcomes[1] == outcomes[0]
    assert "Passwords didn't match." in outcomes[0][1] and "SCRAM" not in outcomes[0][1]
    pg.psql("drop role if exists pwtest")
