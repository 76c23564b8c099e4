"""\\watch [[i=]SEC] [c=N] [m=MIN]: run the query buffer again and again, as psql 18 does.

Each run is printed with a title line (the time, and the interval, after any \\pset title); the loop ends after
c runs, when a run returns fewer than m rows, when the query fails, or at Ctrl-C. The query buffer is reset
as by \\r and does not become the previous buffer."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

from dsqlsh.engine import QueryOptions
from dsqlsh.meta.pipeline_commands import refused_in_pipeline
from dsqlsh.meta.registry import Call, Result, command

__all__ = ["do_watch", "WatchArgs"]


class WatchError(ValueError):
    """A refused \\watch argument; the message is psql's."""


@dataclass
class WatchArgs:
    """\\watch's arguments, as given (None: not given)."""

    interval: float | None = None
    count: int | None = None
    min_rows: int | None = None

    def take(self, arg: str) -> None:
        """One argument, as psql reads them: i=SEC, c=N, m=MIN, or a bare interval."""
        name, sep, value = arg.partition("=")
        if sep and name == "c":
            if self.count is not None:
                raise WatchError("\\watch: iteration count is specified more than once")
            self.count = _positive(value, "incorrect iteration count")
        elif sep and name == "m":
            if self.min_rows is not None:
                raise WatchError("\\watch: minimum row count specified more than once")
            self.min_rows = _positive(value, "incorrect minimum row count")
        else:
            if self.interval is not None:
                raise WatchError("\\watch: interval value is specified more than once")
            self.interval = _seconds(value if sep and name == "i" else arg)


def _positive(value: str, what: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise WatchError(f'\\watch: {what} "{value}"')
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if seconds < 0 or seconds != seconds:
        raise WatchError(f'\\watch: incorrect interval value "{value}"')
    return seconds


@command("watch", usage="\\watch [[i=]SEC] [c=N] [m=MIN]", group="General",
         help="execute query every SEC seconds, up to N times,\nstop if less than MIN rows are returned")
def do_watch(call: Call) -> Result:
    ctx, runner = call.ctx, call.runner
    if refused_in_pipeline(call):
        return Result.ERROR
    args = WatchArgs()
    try:
        while (arg := call.args.next()) is not None:
            args.take(arg)
    except WatchError as exc:
        ctx.error(str(exc))
        runner.scanner.take_buffer()
        return Result.ERROR
    sql = runner.scanner.take_buffer()  # psql resets it as \r does: it does not become the previous buffer
    if not sql.strip():
        sql = runner.previous_buffer
    if not sql.strip():
        ctx.error("\\watch cannot be used with an empty query")
        return Result.ERROR
    interval = args.interval if args.interval is not None else _default_interval(ctx.variables.get("WATCH_INTERVAL"))
    _watch(call, sql, interval, args)
    return Result.OK


def _default_interval(value: str | None) -> float:
    try:
        return float(value or 2)
    except ValueError:
        return 2.0


def _watch(call: Call, sql: str, interval: float, args: WatchArgs) -> None:
    ctx = call.ctx
    engine = call.runner.engine
    user_title = ctx.popt.title
    _use_user_time_locale()
    runs = 0
    try:
        while True:
            popt = copy.copy(ctx.popt)
            stamp = f"{time.strftime('%c')} (every {interval:g}s)\n"
            popt.title = f"{user_title}\t{stamp}" if user_title else stamp
            if not engine.send_query(sql, QueryOptions(popt=popt)):
                break
            runs += 1
            rows = int(ctx.variables.get("ROW_COUNT") or 0)
            if (args.count is not None and runs >= args.count) or (args.min_rows and rows < args.min_rows):
                break
            time.sleep(interval)
    except KeyboardInterrupt:  # Ctrl-C ends the watch, not the shell
        pass
    ctx.streams.out.write("\n")
    ctx.streams.out.flush()


def _use_user_time_locale() -> None:
    """psql's strftime("%c") speaks the user's LC_TIME (psql sets its locale from the environment; Python
    leaves C unless asked)."""
    import locale

    try:
        locale.setlocale(locale.LC_TIME, "")
    except locale.Error:
        pass
