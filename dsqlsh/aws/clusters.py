"""Aurora DSQL clusters from the control-plane API: every cluster of a region, and which region holds a cluster id.

list_clusters pages through ListClusters (its paginator follows nextToken to the last page), then asks
GetCluster for each cluster's details, a few at a time.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dsqlsh.auth import ARN_PATTERN
from dsqlsh.aws.client import explain, make_client
from dsqlsh.workers import Workers

__all__ = ["Cluster", "find_cluster_region", "list_clusters"]

DETAIL_JOBS = 8  # GetCluster calls at once
MAX_PROBED_REGIONS = 8  # regions asked for a cluster id after a DNS failure


@dataclass(frozen=True)
class Cluster:
    """One cluster as GetCluster describes it."""

    identifier: str
    name: str | None  # its Name tag, as the console shows it
    status: str
    endpoint: str
    region: str
    peers: tuple[str, ...]  # the other clusters of a multi-Region cluster, as "id (region)"
    witness: str | None  # a multi-Region cluster's witness region
    deletion_protection: bool | None
    created: datetime | None


def list_clusters(region: str, profile: str | None) -> list[Cluster]:
    """Every cluster in region, ordered by identifier. Raises AwsError with one line for the user."""
    client = make_client("dsql", region, profile)
    try:
        ids = [summary["identifier"] for page in client.get_paginator("list_clusters").paginate()
               for summary in page.get("clusters", [])]
    except Exception as exc:
        raise explain(exc, "dsql:ListClusters", region) from None
    details = _details(client, ids, region)
    return sorted(details, key=lambda c: c.identifier)


def _details(client: Any, ids: list[str], region: str) -> list[Cluster]:
    """GetCluster for each id, DETAIL_JOBS at a time; a cluster deleted meanwhile is left out."""
    from botocore.exceptions import ClientError

    pending = list(reversed(ids))
    found: list[Cluster] = []
    failures: list[Exception] = []
    lock = threading.Lock()
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            with lock:
                if not pending or failures:
                    return
                identifier = pending.pop()
            try:
                answer = client.get_cluster(identifier=identifier)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                    continue
                with lock:
                    failures.append(exc)
                return
            except Exception as exc:  # no credentials, no network: the first one is reported
                with lock:
                    failures.append(exc)
                return
            cluster = _cluster(answer, region)
            with lock:
                found.append(cluster)

    workers = Workers([work for _ in range(min(DETAIL_JOBS, len(ids)))])
    workers.start()
    interrupted = False

    def on_interrupt() -> None:
        nonlocal interrupted
        interrupted = True
        stop.set()

    workers.wait(interrupted=on_interrupt)
    if interrupted:
        raise KeyboardInterrupt
    if failures:
        raise explain(failures[0], "dsql:GetCluster", region) from None
    return found


def _cluster(answer: dict[str, Any], region: str) -> Cluster:
    identifier = answer["identifier"]
    own_arn = answer.get("arn")
    multi = answer.get("multiRegionProperties") or {}
    peers = tuple(_peer(arn) for arn in multi.get("clusters", []) if arn != own_arn)
    tags = answer.get("tags") or {}
    return Cluster(
        identifier=identifier,
        name=tags.get("Name"),
        status=answer.get("status", ""),
        endpoint=answer.get("endpoint") or f"{identifier}.dsql.{region}.on.aws",
        region=region,
        peers=peers,
        witness=multi.get("witnessRegion"),
        deletion_protection=answer.get("deletionProtectionEnabled"),
        created=answer.get("creationTime"),
    )


def _peer(arn: str) -> str:
    m = re.match(ARN_PATTERN, arn)
    return f"{m['cluster']} ({m['region']})" if m else arn


def find_cluster_region(cluster_id: str, *, tried: str, profile: str | None) -> str | None:
    """The one region, of those the user has configured (AWS_REGION, AWS_DEFAULT_REGION, the profile's, and
    every profile's in ~/.aws/config) other than tried, where GetCluster knows cluster_id; None when it is in
    none of them or in more than one, or nothing could be asked. For a connection that failed on DNS."""
    regions = [r for r in configured_regions(profile) if r != tried][:MAX_PROBED_REGIONS]
    found: list[str] = []
    lock = threading.Lock()

    def probe(region: str) -> None:
        try:
            make_client("dsql", region, profile, quick=True).get_cluster(identifier=cluster_id)
        except Exception:  # not there, or this region cannot be asked (AwsError too): either way no hint
            return
        with lock:
            found.append(region)

    workers = Workers([functools.partial(probe, region) for region in regions])
    workers.start()
    workers.wait()
    return found[0] if len(found) == 1 else None


def configured_regions(profile: str | None) -> list[str]:
    """Regions the user has set up, in order: the environment's, the profile's, then every profile's."""
    import botocore.session

    regions: list[str] = []

    def add(region: object) -> None:
        if isinstance(region, str) and region and region not in regions:
            regions.append(region)

    add(os.environ.get("AWS_REGION"))
    add(os.environ.get("AWS_DEFAULT_REGION"))
    try:
        session = botocore.session.Session(profile=profile)
        add(session.get_config_variable("region"))
        profiles = session.full_config.get("profiles", {})
    except Exception:  # an unreadable config file: only the environment's regions
        return regions
    for settings in profiles.values():
        add(settings.get("region") if isinstance(settings, dict) else None)
    return regions
