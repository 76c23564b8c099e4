"""Differential tests: every case runs through psql 18 (the oracle) and dsqlsh; what a user sees must match.

Each case runs on its own fresh database, once through the wheel's psql and once through dsqlsh, and
the two runs must give the same stdout, stderr and exit code (and the same contents for any output
files the case names). psql's output is produced live on every run; nothing expected is stored.

Case format
-----------
A case is either a file ``cases/NAME.sql`` or a directory ``cases/NAME/`` holding ``script.sql`` plus
any other files the script uses (``\\i``, ``\\ir``, ``\\cd`` targets; subdirectories are fine). The
script opens with a header of ``-- key: value`` lines; the header ends at the first line that is not
one of these keys:

``-- args: WORDS``     the command line after the program name, split like a shell (shlex) would.
                       ``{script}`` stands for the script's file name, ``{work}`` for the absolute work
                       directory. Default: ``-X -f {script}``. Repeat the key to continue a long line.
``-- stdin: yes``      pipe the script on stdin (default: stdin is empty).
``-- env: NAME=VALUE`` an extra environment variable (repeatable; ``{work}`` expands).
``-- files: A B``      files the run writes (``-o``, ``\\o``, ``\\g file``): compared too.
``-- after: SQL``      after the run, this SQL runs on the case's database (through the wheel's psql
                       as superuser, not the program under test) and its output is compared too:
                       shows what a run committed (``-1``, ON_ERROR_STOP). Repeatable.
``-- about: TEXT``     what the case is for (documentation only).

The header lines are removed: the programs see the rest of the file, written to the work directory as
``script.sql`` (so ``psql:script.sql:LINE:`` counts from the first line after the header). Every run
starts in a fresh work directory (the same absolute path for both programs) holding a copy of the
case's files, with ``PGDATABASE=db_NAME`` freshly created, the clean environment of the ``psql`` and
``dsqlsh`` fixtures, and ``$HOME`` as the ``home`` fixture.

Normalisation, the same on both sides and nothing more: ``Time: 0.123 ms`` (``\\timing``) becomes
``Time: <ms> ms``; in stderr, a ``psql:`` at the start of a line (``psql:FILE:LINE: ERROR:``,
``psql: error:``) becomes ``dsqlsh:``.

Set ``VS_PSQL_CHECK_ORACLE=1`` to also run psql twice per case and check that its output is
deterministic (a sanity check on new cases).
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.pgserver import PgServer

CASES_DIR = Path(__file__).resolve().parent / "cases"
SCRIPT_NAME = "script.sql"
DEFAULT_ARGS = "-X -f {script}"
HEADER_RE = re.compile(r"^-- (args|stdin|env|files|after|about):(.*)$")
TIME_RE = re.compile(r"Time: \d+(?:\.\d+)? ms(?: \([^)\n]*\))?")
PROGRAM_RE = re.compile(r"^psql:", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    """One differential case: the script text, how to run it, which files to compare."""

    name: str
    source: Path
    script: str
    args: str
    stdin: bool
    env: dict[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    @property
    def database(self) -> str:
        return "db_" + re.sub(r"[^a-z0-9_]", "_", self.name.lower())


def parse_case(source: Path) -> Case:
    """Read a case file (or a case directory's script.sql) and split its header from its script."""
    path = source / SCRIPT_NAME if source.is_dir() else source
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    args: list[str] = []
    stdin = False
    env: dict[str, str] = {}
    files: list[str] = []
    after: list[str] = []
    n = 0
    while n < len(lines) and (m := HEADER_RE.match(lines[n].rstrip("\n"))):
        n += 1
        key, value = m.group(1), m.group(2).strip()
        if key == "args":
            args.append(value)
        elif key == "stdin":
            if value not in ("yes", "no"):
                raise ValueError(f"{path}: stdin must be yes or no, not {value!r}")
            stdin = value == "yes"
        elif key == "env":
            name, _, val = value.partition("=")
            env[name] = val
        elif key == "files":
            files.extend(value.split())
        elif key == "after":
            after.append(value)
    name = source.name if source.is_dir() else source.stem
    return Case(
        name=name,
        source=source,
        script="".join(lines[n:]),
        args=" ".join(args) or DEFAULT_ARGS,
        stdin=stdin,
        env=env,
        files=tuple(files),
        after=tuple(after),
    )


def all_cases() -> list[Case]:
    """Every case under cases/, in name order."""
    return [parse_case(p) for p in sorted(CASES_DIR.iterdir()) if p.is_dir() or p.suffix == ".sql"]


CASES = all_cases()


@dataclass
class Outcome:
    """What one program did with one case, normalised for comparison."""

    stdout: str
    stderr: str
    exit_code: int
    files: dict[str, str | None]
    after: list[str]


def normalise(text: str, *, stderr: bool = False) -> str:
    """Blank out what legitimately differs between runs and programs (timings, the program name)."""
    text = TIME_RE.sub("Time: <ms> ms", text)
    if stderr:
        text = PROGRAM_RE.sub("dsqlsh:", text)
    return text


def prepare_workdir(case: Case, work: Path) -> None:
    """A fresh work directory holding the case's files and its header-less script."""
    if work.exists():
        shutil.rmtree(work)
    if case.source.is_dir():
        shutil.copytree(case.source, work)
    else:
        work.mkdir(parents=True)
    (work / SCRIPT_NAME).write_text(case.script, encoding="utf-8")


def run_case(case: Case, runner: Callable[..., Any], pg: PgServer, work: Path) -> Outcome:
    """Run one case through one program (the psql or dsqlsh fixture) from a fresh start."""
    pg.fresh_database(case.database)  # each program starts from the same empty state
    prepare_workdir(case, work)
    subst = {"{script}": SCRIPT_NAME, "{work}": str(work)}

    def expand(s: str) -> str:
        for k, v in subst.items():
            s = s.replace(k, v)
        return s

    args = [expand(a) for a in shlex.split(case.args)]
    env = {"PGDATABASE": case.database, **{k: expand(v) for k, v in case.env.items()}}
    r = runner(*args, input=case.script if case.stdin else "", env=env, cwd=work)
    files: dict[str, str | None] = {}
    for f in case.files:
        p = work / f
        files[f] = normalise(p.read_text(encoding="utf-8", errors="replace")) if p.exists() else None
    after = [pg.psql(sql, db=case.database) for sql in case.after]
    return Outcome(normalise(r.stdout), normalise(r.stderr, stderr=True), r.exit_code, files, after)


def describe_difference(want: Outcome, got: Outcome, after: tuple[str, ...] = ()) -> str:
    """A unified diff per stream that differs: psql (expected) vs dsqlsh (actual)."""
    parts = []
    streams: list[tuple[str, str | None, str | None]] = [
        ("stdout", want.stdout, got.stdout),
        ("stderr", want.stderr, got.stderr),
    ]
    streams += [(f"file {f}", want.files[f], got.files[f]) for f in want.files]
    for label, a, b in streams:
        if a == b:
            continue
        if a is None or b is None:
            parts.append(
                f"{label}: psql wrote {'nothing' if a is None else 'it'}, "
                f"dsqlsh wrote {'nothing' if b is None else 'it'}"
            )
            continue
        diff = difflib.unified_diff(
            a.splitlines(keepends=True),
            b.splitlines(keepends=True),
            fromfile=f"psql {label}",
            tofile=f"dsqlsh {label}",
        )
        parts.append("".join(d if d.endswith("\n") else d + "\\ no newline\n" for d in diff))
    for sql, a, b in zip(after, want.after, got.after, strict=True):
        if a != b:
            parts.append(f"after {sql!r}:\n--- after the psql run\n{a}--- after the dsqlsh run\n{b}")
    if want.exit_code != got.exit_code:
        parts.append(f"exit code: psql {want.exit_code}, dsqlsh {got.exit_code}")
    return "\n".join(parts)


@pytest.fixture
def vs_work(tmp_path: Path) -> Path:
    return tmp_path / "work"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_same_as_psql(
    case: Case, pg: PgServer, psql: Callable[..., Any], dsqlsh: Callable[..., Any], vs_work: Path
) -> None:
    want = run_case(case, psql, pg, vs_work)
    if os.environ.get("VS_PSQL_CHECK_ORACLE") == "1":
        again = run_case(case, psql, pg, vs_work)
        unstable = describe_difference(want, again, case.after)
        assert again == want, f"{case.name}: psql is not deterministic on this case\n{unstable}"
    got = run_case(case, dsqlsh, pg, vs_work)
    pg.psql(f'DROP DATABASE IF EXISTS "{case.database}" WITH (FORCE)')
    assert got == want, f"{case.name}: dsqlsh differs from psql\n{describe_difference(want, got, case.after)}"


def test_enough_cases() -> None:
    """The contract in issue 3 asks for at least 40 differential scripts."""
    assert len(CASES) >= 45
