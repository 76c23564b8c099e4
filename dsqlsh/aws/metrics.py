"""A DSQL cluster's CloudWatch metrics over a recent window, all in one GetMetricData call.

The names and dimensions are those AWS documents ("Monitoring Aurora DSQL with Amazon CloudWatch"): namespace
AWS/AuroraDSQL with dimension ClusterId, and the active connection count in AWS/Usage (ResourceCount of
Resource ClusterConnectionCount, ResourceId cluster/<id>).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from dsqlsh.aws.client import explain, make_client

__all__ = ["METRICS", "Metric", "Series", "Window", "fetch_metrics", "parse_period", "span_text"]

DSQL_NAMESPACE = "AWS/AuroraDSQL"
USAGE_NAMESPACE = "AWS/Usage"
POINTS = 60  # intervals in a window at most: one a minute for the default hour
MAX_WINDOW = 90 * 86400  # seconds; CloudWatch keeps hourly data 455 days, but a sparkline of months says little
UNITS = {"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600,
         "d": 86400, "day": 86400, "days": 86400}


@dataclass(frozen=True)
class Metric:
    """One metric shown by \\metrics: its CloudWatch name, the statistic taken per interval, and whether adding
    the intervals up (a total) means anything."""

    key: str  # the GetMetricData query id
    label: str
    namespace: str
    name: str
    stat: str
    additive: bool
    usage_resource: str | None = None  # an AWS/Usage metric: its Resource dimension


METRICS = (
    Metric("transactions", "Total transactions", DSQL_NAMESPACE, "TotalTransactions", "Sum", True),
    Metric("read_dpu", "Read DPU", DSQL_NAMESPACE, "ReadDPU", "Sum", True),
    Metric("write_dpu", "Write DPU", DSQL_NAMESPACE, "WriteDPU", "Sum", True),
    Metric("commit_latency", "Commit latency (ms)", DSQL_NAMESPACE, "CommitLatency", "Average", False),
    Metric("occ_conflicts", "OCC conflicts", DSQL_NAMESPACE, "OccConflicts", "Sum", True),
    Metric("connections", "Connections", USAGE_NAMESPACE, "ResourceCount", "Maximum", False,
           usage_resource="ClusterConnectionCount"),
)


@dataclass(frozen=True)
class Window:
    """The time asked about: `count` intervals of `step` seconds from start (UTC)."""

    start: datetime
    seconds: int
    step: int

    @property
    def count(self) -> int:
        return -(-self.seconds // self.step)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    @classmethod
    def last(cls, seconds: int, now: datetime | None = None) -> Window:
        """The window of `seconds` ending at the start of this minute, in at most POINTS intervals of whole
        minutes (CloudWatch's periods are multiples of 60 s)."""
        now = now or datetime.now(timezone.utc)
        end = now.replace(second=0, microsecond=0)
        step = max(60, -(-seconds // POINTS // 60) * 60)
        return cls(end - timedelta(seconds=seconds), seconds, step)


@dataclass(frozen=True)
class Series:
    """A metric's value per interval, oldest first; None where CloudWatch has no data point."""

    metric: Metric
    values: tuple[float | None, ...]

    @property
    def points(self) -> list[float]:
        return [v for v in self.values if v is not None]


def parse_period(text: str) -> int | None:
    """Seconds in a period such as 15m, 3h, 1d (or "90 minutes"); None if it is not one or is out of range."""
    m = re.fullmatch(r"\s*(\d+)\s*([a-z]+)\s*", text.lower())
    if not m or m.group(2) not in UNITS:
        return None
    seconds = int(m.group(1)) * UNITS[m.group(2)]
    return seconds if 60 <= seconds <= MAX_WINDOW else None


def span_text(seconds: int) -> str:
    """A span as \\metrics takes it: 1h, 15m, 1d, 90m."""
    for unit, size in (("d", 86400), ("h", 3600)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds // 60}m"


def fetch_metrics(cluster_id: str, region: str, profile: str | None, window: Window) -> list[Series]:
    """Every metric of METRICS for cluster_id over window, from one GetMetricData call (and its further pages,
    if CloudWatch splits the answer). Raises AwsError with one line for the user."""
    client = make_client("cloudwatch", region, profile)
    queries = [_query(metric, cluster_id, window.step) for metric in METRICS]
    found: dict[str, dict[datetime, float]] = {metric.key: {} for metric in METRICS}
    request: dict[str, Any] = {"MetricDataQueries": queries, "StartTime": window.start, "EndTime": window.end,
                               "ScanBy": "TimestampAscending"}
    try:
        while True:
            answer = client.get_metric_data(**request)
            for result in answer.get("MetricDataResults", []):
                points = found.setdefault(result["Id"], {})
                points.update(zip(result.get("Timestamps", []), result.get("Values", []), strict=False))
            if not answer.get("NextToken"):
                break
            request["NextToken"] = answer["NextToken"]
    except Exception as exc:
        raise explain(exc, "cloudwatch:GetMetricData", region) from None
    return [Series(metric, _by_interval(found[metric.key], window)) for metric in METRICS]


def _query(metric: Metric, cluster_id: str, step: int) -> dict[str, Any]:
    if metric.usage_resource is None:
        dimensions = [{"Name": "ClusterId", "Value": cluster_id}]
    else:
        dimensions = [{"Name": "Service", "Value": "AuroraDSQL"}, {"Name": "Type", "Value": "Resource"},
                      {"Name": "Resource", "Value": metric.usage_resource},
                      {"Name": "ResourceId", "Value": f"cluster/{cluster_id}"}, {"Name": "Class", "Value": "None"}]
    return {"Id": metric.key, "ReturnData": True,
            "MetricStat": {"Metric": {"Namespace": metric.namespace, "MetricName": metric.name,
                                      "Dimensions": dimensions},
                           "Period": step, "Stat": metric.stat}}


def _by_interval(points: dict[datetime, float], window: Window) -> tuple[float | None, ...]:
    """The data points placed in the window's intervals (by each point's timestamp, the start of its interval)."""
    values: list[float | None] = [None] * window.count
    start = window.start.timestamp()
    for stamp, value in points.items():
        index = int((stamp.timestamp() - start) // window.step)
        if 0 <= index < window.count:
            values[index] = value
    return tuple(values)
