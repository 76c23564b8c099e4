"""Instruction counts of bench/run.py's cases under callgrind, against a budget: the steady measure.

    python bench/instructions.py [--case TEXT ...] [--json]

Wall time on these machines moves by half from one hour to the next; the number of instructions a run
executes does not (valgrind's callgrind counts them the same with the other core busy). So issue 19's
gains are checked here as counts, each case against the budget below, and psql 18's own count beside it.
Exit status 1 when a case goes over its budget. Slow (valgrind runs ~50x slower): minutes, not seconds.
This is a bench, never a test: the test suite makes no timing or instruction assertions.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tempfile
from pathlib import Path

from run import Case, _dsql_standin, bin_dir, cases, installed_python, server_env, start_server, write_pipeline

# Budgets in millions of instructions: the counts measured when issue 19 closed, plus about 5% for
# differences between Python builds and library patch releases. A case over budget is a regression to look at.
BUDGETS_M = {
    "startup -c 'select 1'": 185,  # 478 before issue 19, 407 after its second round, 371 after its fourth, 306 after
    # its fifth
    # The client's count only (the stand-in runs in this process); about 15 of it is the TLS handshake in the
    # libcrypto psycopg's binary wheel ships.
    "startup DSQL (token + TLS)": 390,  # 766 before issue 19's DSQL round, 553 after, 480 after its fifth
    "200k rows unaligned": 950,  # 1,530 before, 949 after issue 19's fifth round
    "200k rows csv": 1_050,  # 1,655 before, 1,048 after the fifth round
    "200k rows expanded": 3_450,  # 4,793 before (psql: 4,049), 3,820 after the fifth round
    "per INSERT on stdin (10k minus 1k, / 9,000)": 0.072,  # 0.142 before, 0.099 after its third round
    "per pipelined INSERT (10k minus 1k, / 9,000)": 0.052,  # 0.246 before (no 1k case then), 0.061 after round 4,
    # 0.056 after round 5
    "--check 10k statements": 1_260,  # 5,194 before issue 19, 3,814 after its second round, 1,223 after its fifth
}

_COLLECTED = re.compile(r"Collected : (\d+)")


def count(argv: list[str], env: dict[str, str], stdin: str | None) -> int:
    """Instructions one run executes (callgrind's total, the program's own and its libraries')."""
    with open(stdin or "/dev/null") as source:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                              stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    found = _COLLECTED.search(done.stderr)
    if done.returncode not in (0, 1) or found is None:
        raise SystemExit(f"{argv[:4]} failed ({done.returncode}): {done.stderr[-500:]}")
    return int(found.group(1))


def measured(chosen: list[Case], env: dict[str, str], python: str, psql: str) -> list[dict]:
    """Each case's count for dsqlsh (and psql where it has the same thing); the INSERT cases as the cost of
    one more statement, the 1k run's count taken from the 10k run's."""
    counts: dict[str, tuple[int, int | None]] = {}
    for case in chosen:
        ours = count([python, "-m", "dsqlsh", *case.args], {**env, **case.env}, case.stdin)
        theirs = count([psql, *case.args], env, case.stdin) if case.psql else None
        counts[case.name] = (ours, theirs)
    rows = []
    for name, (ours, theirs) in counts.items():
        if name.startswith("1k "):
            continue
        if name.startswith("10k INSERTs") and name.replace("10k", "1k") in counts:
            small_ours, small_theirs = counts[name.replace("10k", "1k")]
            label = "per pipelined INSERT" if "pipeline" in name else "per INSERT on stdin"
            name = f"{label} (10k minus 1k, / 9,000)"
            ours = (ours - small_ours) // 9_000
            theirs = (theirs - small_theirs) // 9_000 if theirs is not None and small_theirs is not None else None
        rows.append({"case": name, "dsqlsh": ours, "psql": theirs, "budget": _budget(name)})
    return rows


def _budget(name: str) -> int | None:
    budget = BUDGETS_M.get(name)
    return None if budget is None else int(budget * 1_000_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", default=[], metavar="TEXT",
                        help="only the cases whose name holds TEXT (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    server = start_server()
    work = Path(tempfile.mkdtemp(prefix="dsqlsh-instructions-"))
    standin = None
    try:
        python = installed_python(work)
        env = server_env(server, work)
        standin, dsql_env = _dsql_standin(server, work)
        chosen = [case for case in _cases(work, {**env, **dsql_env} if dsql_env else None)
                  if not args.case or any(text in case.name for text in args.case)]
        rows = measured(chosen, env, python, str(bin_dir() / "psql"))
    finally:
        if standin is not None:
            standin.stop()
        server.stop()
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"{'case':46} {'psql':>12} {'dsqlsh':>14} {'ratio':>6} {'budget':>14}")
        for r in rows:
            ratio = f"{r['dsqlsh'] / r['psql']:6.2f}" if r["psql"] else f"{'-':>6}"
            psql = f"{r['psql']:12,}" if r["psql"] is not None else f"{'-':>12}"
            budget = f"{r['budget']:14,}" if r["budget"] is not None else f"{'-':>14}"
            mark = "  OVER" if r["budget"] is not None and r["dsqlsh"] > r["budget"] else ""
            print(f"{r['case']:46} {psql} {r['dsqlsh']:14,} {ratio} {budget}{mark}")
    raise SystemExit(1 if any(r["budget"] is not None and r["dsqlsh"] > r["budget"] for r in rows) else 0)


def _cases(work: Path, dsql_env: dict[str, str] | None) -> list[Case]:
    """run.py's cases that the budget names (the DSQL one when the stand-in could start), and 1k versions of the
    10k INSERT cases (under callgrind, 9,000 statements give a steady count; run.py's 50k pipeline would be slow)."""
    wanted = [case for case in cases(work, dsql_env)
              if case.name in BUDGETS_M or case.name.startswith(("10k INSERTs on", "10k INSERTs in"))]
    inserts = work / "inserts.sql"
    small = work / "inserts1k.sql"
    small.write_text("".join(inserts.read_text().splitlines(keepends=True)[:1_002]))
    small_pipeline = work / "pipeline1k.sql"
    write_pipeline(small_pipeline, 1_000)
    return wanted + [Case("1k INSERTs on stdin", ["-X", "-q"], stdin=str(small)),
                     Case("1k INSERTs in a pipeline", ["-X", "-q"], stdin=str(small_pipeline))]


if __name__ == "__main__":
    main()
