"""\\metrics [PERIOD]: the connected DSQL cluster's CloudWatch metrics, as a small table with a sparkline each.

The numbers come from dsqlsh/aws/metrics.py; the table prints through the session's printer (every \\pset
format applies). The Trend column, one block character per interval, is added only when the output is a
terminal and the format is aligned or wrapped: a file or a CSV gets the numbers alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.errors import DsqlshError
from dsqlsh.meta.clusters import session_profile
from dsqlsh.meta.describe_query import Catalog, Rows
from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.output.pager import is_terminal

if TYPE_CHECKING:
    from dsqlsh.aws.metrics import Series, Window
    from dsqlsh.context import Context

__all__ = ["number_text", "sparkline"]

GROUP = "DSQL"
DEFAULT_PERIOD = 3600
BARS = "▁▂▃▄▅▆▇█"
HEADERS = ["Metric", "Latest", "Min", "Max", "Total", "Average"]


@command("metrics", usage="\\metrics [PERIOD]", group=GROUP,
         help="the cluster's CloudWatch metrics over the last PERIOD (15m, 3h,\n1d...; default 1h): transactions, "
              "DPUs, commit latency,\nOCC conflicts, connections")
def do_metrics(call: Call) -> Result:
    from dsqlsh.aws.metrics import parse_period

    ctx = call.ctx
    text = call.args.next(semicolon=True)
    seconds = DEFAULT_PERIOD if text is None else parse_period(text)
    if seconds is None:
        ctx.error(f'\\metrics: invalid period "{text}": give a number of minutes, hours or days, such as 15m, 3h '
                  "or 1d (at most 90d)")
        return Result.ERROR
    conn = ctx.conn
    if conn is None or not conn.params.is_dsql:
        ctx.error("\\metrics needs a connection to an Aurora DSQL cluster (CloudWatch knows it by its cluster id)")
        return Result.ERROR
    try:
        return Result.of(print_metrics(ctx, seconds))
    except DsqlshError as exc:
        ctx.error(f"\\metrics: {exc}")
        return Result.ERROR


def print_metrics(ctx: Context, seconds: int) -> bool:
    """Fetch and print the connected cluster's metrics over the last `seconds`; False if the output failed."""
    from dsqlsh.aws.metrics import Window, fetch_metrics, span_text

    assert ctx.conn is not None
    endpoint = ctx.conn.params.tokens.endpoint
    window = Window.last(seconds)
    series = fetch_metrics(endpoint.cluster_id, endpoint.region, session_profile(ctx), window)
    trend = is_terminal(ctx.streams.out) and ctx.popt.format in ("aligned", "wrapped")
    rows = _rows(series, window, trend=trend)
    title = (f"CloudWatch metrics of {endpoint.cluster_id} ({endpoint.region}), last {span_text(seconds)}"
             f" by {span_text(window.step)}")
    footers = [] if any(s.points for s in series) else [f"(no data points in the last {span_text(seconds)})"]
    return Catalog(ctx).show(rows, title=title, footers=footers)


def _rows(series: list[Series], window: Window, *, trend: bool) -> Rows:
    headers = HEADERS + (["Trend"] if trend else [])
    aligns = ["l"] + ["r"] * 5 + (["l"] if trend else [])
    values: list[list[str | None]] = []
    for s in series:
        points = s.points
        row: list[str | None] = [s.metric.label]
        if points:
            total = sum(points)
            row += [number_text(points[-1]), number_text(min(points)), number_text(max(points)),
                    number_text(total) if s.metric.additive else None, number_text(total / len(points))]
        else:
            row += [None] * 5
        if trend:
            row.append(sparkline(s.values))
        values.append(row)
    return Rows(headers, aligns, values)


def number_text(value: float) -> str:
    """A metric value: whole numbers as integers, large ones to one decimal, others to 6 significant digits."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1e5:
        return f"{value:.1f}"
    return f"{value:.6g}"


def sparkline(values: tuple[float | None, ...] | list[float | None]) -> str:
    """One block character per interval, scaled between the smallest and largest value; a blank where there is
    no data point (trailing ones too: the line always spans the whole window)."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    chars = []
    for v in values:
        if v is None:
            chars.append(" ")
        elif high == low:
            chars.append(BARS[0] if high == 0 else BARS[3])
        else:
            chars.append(BARS[round((v - low) / (high - low) * (len(BARS) - 1))])
    return "".join(chars)
