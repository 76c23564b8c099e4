"""boto3 clients for dsqlsh's AWS calls, the region they go to, and botocore's errors as one line for the user.

Credentials, profile, region and endpoint come from the standard AWS chain, so `AWS_PROFILE`, `AWS_REGION`,
`~/.aws/config` and `AWS_ENDPOINT_URL_<SERVICE>` work as in the AWS CLI. boto3 is imported only in here.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from dsqlsh.errors import DsqlshError

__all__ = ["AwsError", "explain", "make_client", "resolve_region"]

# Timeouts (seconds) and attempts: a listing may wait a little; a probe on a failure path must not.
PATIENT = {"connect_timeout": 5, "read_timeout": 20, "retries": {"max_attempts": 3, "mode": "standard"}}
QUICK = {"connect_timeout": 2, "read_timeout": 3, "retries": {"total_max_attempts": 1}}
NO_CREDENTIALS = ("no AWS credentials found (set AWS_PROFILE or --profile, run `aws sso login`, or export "
                  "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)")
DENIED = frozenset({"AccessDenied", "AccessDeniedException"})
# What AWS answers for keys it does not know, a bad secret, or an expired session.
REJECTED = frozenset({"UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
                      "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId"})


class AwsError(DsqlshError):
    """An AWS call failed; the message is one line meant for the user."""


def make_client(service: str, region: str, profile: str | None, *, quick: bool = False) -> Any:
    """A boto3 client for service in region with the profile's credentials (quick: short timeouts, one try)."""
    from botocore.config import Config
    from botocore.exceptions import InvalidRegionError

    from dsqlsh import __version__

    settings: dict[str, Any] = dict(QUICK if quick else PATIENT)
    config = Config(user_agent_extra=f"dsqlsh/{__version__}", **settings)
    try:
        return _session(profile).client(service, region_name=region, config=config)
    except InvalidRegionError:
        raise AwsError(f'unknown region "{region}"') from None


def resolve_region(region: str | None, profile: str | None) -> str:
    """The region to call: the one given, else the profile's or environment's (AWS_REGION...); checked to be
    one AWS has, so a typo gets "unknown region" rather than a network error."""
    if not region:
        region = _session(profile).region_name
    if not region:
        raise AwsError("no AWS region: give --region, set AWS_REGION, or set a region in the AWS profile")
    if not _could_be_region(region):
        raise AwsError(f'unknown region "{region}"')
    return region


def explain(exc: Exception, action: str, region: str) -> AwsError:
    """exc (from botocore, calling the IAM action `action`, e.g. dsql:ListClusters) as one line for the user."""
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        InvalidRegionError,
        NoCredentialsError,
        ReadTimeoutError,
    )

    if isinstance(exc, NoCredentialsError):
        return AwsError(NO_CREDENTIALS)
    if isinstance(exc, InvalidRegionError):
        return AwsError(f'unknown region "{region}"')
    if isinstance(exc, ClientError):
        code, message = _code_and_message(exc)
        if code in DENIED:
            return AwsError(f"access denied: the AWS credentials in use may not call {action} "
                            "(an IAM policy must allow it)")
        if code in REJECTED:
            return AwsError(f"AWS did not accept the credentials ({code}): check the keys, or run `aws sso login`")
        return AwsError(f"{action} failed: {code}: {message}" if message else f"{action} failed: {code}")
    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
        url = getattr(exc, "kwargs", {}).get("endpoint_url", "")
        if not _is_known_region(region):
            return AwsError(f'unknown region "{region}" (nothing answers at {url})')
        reason = ("no answer in time" if isinstance(exc, ReadTimeoutError) else
                  "the connection timed out" if isinstance(exc, ConnectTimeoutError) else "could not connect")
        return AwsError(f"could not reach {url} for {action}: {reason}")
    return AwsError(f"{action} failed: {_first_line(str(exc))}")


def _session(profile: str | None) -> Any:
    import boto3.session
    from botocore.exceptions import ProfileNotFound

    try:
        return boto3.session.Session(profile_name=profile)
    except ProfileNotFound:
        raise AwsError(f'AWS profile "{profile}" not found (in ~/.aws/config or ~/.aws/credentials)') from None


@functools.lru_cache(maxsize=1)
def _partitions() -> list[dict[str, Any]]:
    """botocore's partition data (a JSON file read and parsed: once, though a region is checked twice)."""
    import botocore.loaders

    partitions: list[dict[str, Any]] = botocore.loaders.create_loader().load_data("partitions")["partitions"]
    return partitions


def _is_known_region(region: str) -> bool:
    """Whether botocore's partition data names the region."""
    return any(region in p.get("regions", {}) for p in _partitions())


def _could_be_region(region: str) -> bool:
    """A region botocore knows, or one of a partition's form (a region newer than the installed botocore)."""
    return _is_known_region(region) or any(re.match(p["regionRegex"], region) for p in _partitions()
                                           if "regionRegex" in p)


def _code_and_message(exc: Any) -> tuple[str, str]:
    """The error code and message of a ClientError. A service that answers in a protocol botocore did not expect
    (an XML body to a JSON client) leaves only the HTTP status as the code: read the real code from the body."""
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    message = str(error.get("Message", ""))
    if code.isdigit():
        found = re.search(r"<Code>([^<]+)</Code>", message)
        said = re.search(r"<Message>([^<]*)</Message>", message)
        if found:
            code, message = found.group(1), said.group(1) if said else ""
        elif code == "403":
            code, message = "AccessDenied", ""
    return code, _first_line(message)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]
