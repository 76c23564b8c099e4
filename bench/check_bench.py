"""Benchmark the DSQL checker in-process: 10,000 statements checked one at a time by one Checker.

    python bench/check_bench.py [--statements N] [--runs N] [--json]

The statements are the compatibility corpus's (tests/compat/corpus.sql), split as the engine splits
them and cycled up to --statements. Two cases, each with a fresh Checker per run:

- distinct: each statement behind its own comment, so none is served from a cache: every one is
  parsed (wall and CPU time);
- repeated: the corpus's statements as they are, cycled, so most come from the caches (by text and
  by statement shape).

pglast's import and the first parse are done before measuring. Medians over --runs. bench/run.py's
"--check 10k statements" case measures checking end to end instead (start-up included), on a generated
script of five statement shapes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dsqlsh.compat.check import Checker  # noqa: E402
from dsqlsh.scanner import split  # noqa: E402
from tests.compat.corpus import load  # noqa: E402


def corpus_statements() -> list[str]:
    """Every statement of the corpus, in order, as the engine would send them."""
    return [s.text for case in load() for s in split(case.sql)]


def timed(statements: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds for one fresh Checker to check the statements in order."""
    checker = Checker()
    started, cpu = time.perf_counter(), time.process_time()
    for sql in statements:
        checker.check(sql)
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    statements = corpus_statements()
    Checker().check("SELECT 1;")  # pglast's import is not part of the measure
    distinct: list[tuple[float, float]] = []
    repeated: list[tuple[float, float]] = []
    for run in range(args.runs):
        # A new comment per run and statement: nothing is cached from an earlier run.
        texts = [f"/* {run}.{i} */ {s}" for i, s in zip(range(args.statements), itertools.cycle(statements))]
        distinct.append(timed(texts))
        repeated.append(timed(list(itertools.islice(itertools.cycle(statements), args.statements))))
    rows = [
        {"case": f"{args.statements:,} statements, all distinct (parsed)",
         "wall_s": statistics.median(w for w, _ in distinct), "cpu_s": statistics.median(c for _, c in distinct)},
        {"case": f"{args.statements:,} statements, repeated (cached)",
         "wall_s": statistics.median(w for w, _ in repeated), "cpu_s": statistics.median(c for _, c in repeated)},
    ]
    for row in rows:
        row["per_statement_us"] = row["wall_s"] / args.statements * 1e6
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'case':44} {'wall s':>7} {'CPU s':>7} {'us/stmt':>8}")
    for r in rows:
        print(f"{r['case']:44} {r['wall_s']:7.3f} {r['cpu_s']:7.3f} {r['per_statement_us']:8.1f}")
    print(f"({len(statements):,} distinct corpus statements, cycled; median of {args.runs} runs)")


if __name__ == "__main__":
    main()
