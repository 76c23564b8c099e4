"""PostgreSQL 18's own psql regression files (sql/, from the postgres repository's src/test/regress/sql) run as
pg_regress runs them: `psql -X -a -q -d DB < file`, stderr into stdout, pg_regress's time zone and date style;
once through the wheel's psql 18 and once through dsqlsh, each on a fresh database of the same server. The score
is the share of psql's output lines that dsqlsh reproduces, in order (difflib's matching blocks).

    python -m tests.psql_regress.compare [NAME ...] [--diff]   # a report, and with --diff the differing lines
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.pgserver import PgServer, bin_dir

SQL_DIR = Path(__file__).parent / "sql"
NAMES = ("psql", "psql_crosstab", "psql_pipeline")
# pg_regress's own settings for every test (pg_regress.c: PGTZ, PGDATESTYLE, and messages in English)
REGRESS_ENV = {"PGTZ": "America/Los_Angeles", "PGDATESTYLE": "Postgres, MDY", "LC_MESSAGES": "C", "LANG": "C",
               "LC_ALL": "C", "PGAPPNAME": "pg_regress", "COLUMNS": "", "PAGER": "", "PSQL_PAGER": ""}
TIMEOUT = 300


@dataclass
class Comparison:
    name: str
    theirs: list[str]
    mine: list[str]

    @property
    def matched(self) -> int:
        blocks = difflib.SequenceMatcher(None, self.theirs, self.mine, autojunk=False).get_matching_blocks()
        return sum(b.size for b in blocks)

    @property
    def share(self) -> float:
        return self.matched / max(len(self.theirs), 1)

    def diff(self) -> str:
        return "".join(difflib.unified_diff([line + "\n" for line in self.theirs],
                                            [line + "\n" for line in self.mine], "psql 18", "dsqlsh", n=1))


def _env(pg: PgServer, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PSQL", "AWS_", "LC_"))}
    env.update(pg.env)
    env.update(REGRESS_ENV)
    env["HOME"] = str(home)
    return {k: v for k, v in env.items() if v != ""}


def _run(argv: list[str], script: Path, env: dict[str, str], cwd: Path) -> str:
    with open(script, "rb") as source:
        done = subprocess.run(argv, stdin=source, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                              cwd=cwd, timeout=TIMEOUT)
    return done.stdout.decode("utf-8", "replace")


def _normalised(text: str, db: str) -> list[str]:
    """What legitimately differs: the database's name and the program's."""
    text = text.replace(db, "regression")
    text = re.sub(r"(?m)^dsqlsh:", "psql:", text)
    return text.split("\n")


def compare(pg: PgServer, name: str, work: Path) -> Comparison:
    """Run sql/NAME.sql through psql 18 and dsqlsh, each on a fresh database."""
    script = SQL_DIR / f"{name}.sql"
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = _env(pg, home)
    outputs = []
    for program, argv in (("psql", [str(bin_dir() / "psql")]), ("dsqlsh", [sys.executable, "-m", "dsqlsh"])):
        db = f"regress_{name}_{program}"
        pg.psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        pg.psql(f'CREATE DATABASE "{db}" TEMPLATE template0')
        try:
            outputs.append(_normalised(_run([*argv, "-X", "-a", "-q", "-d", db], script, env, work), db))
        finally:
            pg.psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return Comparison(name, *outputs)


def main() -> None:
    import tempfile

    from tests.pgserver import start_server

    names = [a for a in sys.argv[1:] if not a.startswith("--")] or list(NAMES)
    server = start_server()
    try:
        with tempfile.TemporaryDirectory() as work:
            for name in names:
                c = compare(server, name, Path(work))
                if "--diff" in sys.argv:
                    print(c.diff())
                print(f"{name}: {c.matched} of {len(c.theirs)} psql lines reproduced ({c.share:.1%}); "
                      f"dsqlsh printed {len(c.mine)}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
