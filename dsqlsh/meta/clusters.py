"""\\clusters (and `dsqlsh --list-clusters`): the Aurora DSQL clusters of a region, as a psql listing.

The rows come from the control-plane API (dsqlsh/aws/clusters.py) and print through the session's printer,
so every \\pset format (and --csv, -A, -t, -x on the command line) applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.errors import DsqlshError
from dsqlsh.meta.describe_query import Catalog, Rows
from dsqlsh.meta.registry import Call, Result, command

if TYPE_CHECKING:
    from datetime import datetime

    from dsqlsh.aws.clusters import Cluster
    from dsqlsh.context import Context

__all__ = ["print_clusters"]

GROUP = "DSQL"
HEADERS = ["Identifier", "Name", "Status", "Endpoint", "Region", "Peers", "Witness", "Deletion protection",
           "Created"]


@command("clusters", usage="\\clusters [REGION]", group=GROUP,
         help="list Aurora DSQL clusters in REGION (default: the connection's\nregion, else --region or the AWS "
              "profile's)")
def do_clusters(call: Call) -> Result:
    ctx = call.ctx
    region = call.args.next(semicolon=True)
    try:
        return Result.of(print_clusters(ctx, region=region or session_region(ctx), profile=session_profile(ctx)))
    except DsqlshError as exc:
        ctx.error(f"\\clusters: {exc}")
        return Result.ERROR


def print_clusters(ctx: Context, *, region: str | None, profile: str | None) -> bool:
    """List every cluster of region (None: the profile's or environment's) through ctx's printer, titled as
    psql titles its lists. Raises DsqlshError (one line) when AWS cannot be asked; False when the output could
    not be written."""
    from dsqlsh.aws.client import resolve_region
    from dsqlsh.aws.clusters import list_clusters

    region = resolve_region(region, profile)
    clusters = list_clusters(region, profile)
    rows = Rows(list(HEADERS), ["l"] * len(HEADERS), [_row(c) for c in clusters])
    return Catalog(ctx).show(rows, title="List of clusters")


def _row(cluster: Cluster) -> list[str | None]:
    protection = None if cluster.deletion_protection is None else "yes" if cluster.deletion_protection else "no"
    return [cluster.identifier, cluster.name, cluster.status, cluster.endpoint, cluster.region,
            ", ".join(cluster.peers) or None, cluster.witness, protection, _timestamp(cluster.created)]


def _timestamp(when: datetime | None) -> str | None:
    """A timestamptz as PostgreSQL prints it with TimeZone UTC: 2026-05-01 09:30:00+00."""
    if when is None:
        return None
    from datetime import timezone

    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00")


def session_region(ctx: Context) -> str | None:
    """The region a DSQL command asks about: the connected cluster's, else --region (else None: the profile's)."""
    conn = ctx.conn
    if conn is not None and conn.params.is_dsql:
        return str(conn.params.tokens.endpoint.region)
    return ctx.settings.region


def session_profile(ctx: Context) -> str | None:
    """The AWS profile of the connection's tokens, else --profile (or AWS_PROFILE)."""
    conn = ctx.conn
    if conn is not None and conn.params.is_dsql:
        profile = conn.params.tokens.profile
        return str(profile) if profile else None
    return ctx.settings.profile
