"""The pure parts of \\clusters and \\metrics: periods, windows, sparklines, numbers, and AWS errors as one line.

The errors are botocore's own exception classes holding the error bodies the services send: what dsqlsh prints
for each is asserted whole. (moto, the API server of the integration tests, cannot answer a DSQL request with
AccessDeniedException: its IAM check rejects every signed GET of the DSQL API as SignatureDoesNotMatch.)
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from dsqlsh.aws.client import explain
from dsqlsh.aws.metrics import Window, parse_period, span_text
from dsqlsh.meta.metrics import number_text, sparkline


@pytest.mark.parametrize(("text", "seconds"), [
    ("15m", 900), ("3h", 10800), ("1d", 86400), ("90 minutes", 5400), ("2 hours", 7200), ("1H", 3600),
    ("90d", 90 * 86400), ("91d", None), ("0m", None), ("5x", None), ("m", None), ("1.5h", None), ("", None),
])
def test_periods(text, seconds):
    assert parse_period(text) == seconds


@pytest.mark.parametrize(("seconds", "text"), [(3600, "1h"), (900, "15m"), (86400, "1d"), (5400, "90m"),
                                               (180, "3m"), (1440, "24m")])
def test_span_text(seconds, text):
    assert span_text(seconds) == text


def test_windows_end_at_the_minute_in_at_most_60_intervals():
    now = datetime(2026, 5, 1, 9, 30, 42, 123, tzinfo=timezone.utc)
    hour = Window.last(3600, now)
    assert (hour.start, hour.end, hour.step, hour.count) == (
        datetime(2026, 5, 1, 8, 30, tzinfo=timezone.utc), datetime(2026, 5, 1, 9, 30, tzinfo=timezone.utc), 60, 60)
    assert (Window.last(900, now).step, Window.last(900, now).count) == (60, 15)
    assert (Window.last(86400, now).step, Window.last(86400, now).count) == (1440, 60)
    assert (Window.last(5400, now).step, Window.last(5400, now).count) == (120, 45)


def test_sparklines():
    assert sparkline([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]) == "▁▂▃▄▅▆▇█"
    assert sparkline([None, 5.0, None, 9.0, None]) == " ▁ █ "
    assert sparkline([3.0, 3.0]) == "▄▄"
    assert sparkline([0.0, None]) == "▁ "
    assert sparkline([None, None]) == ""


@pytest.mark.parametrize(("value", "text"), [(21.0, "21"), (0.875, "0.875"), (1.0 / 3, "0.333333"),
                                             (123456.789, "123456.8"), (0.0, "0"), (2.5e-7, "2.5e-07")])
def test_numbers(value, text):
    assert number_text(value) == text


def _client_error(code: str, message: str, status: int, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message},
                        "ResponseMetadata": {"HTTPStatusCode": status}}, operation)


@pytest.mark.parametrize(("error", "line"), [
    (_client_error("AccessDeniedException", "User: arn:aws:iam::123456789012:user/x is not authorized to perform: "
                   "dsql:ListClusters on resource: arn:aws:dsql:us-east-1:123456789012:cluster/*", 403, "ListClusters"),
     "access denied: the AWS credentials in use may not call dsql:ListClusters (an IAM policy must allow it)"),
    # An XML error body to a JSON client: botocore keeps only the status as the code.
    (_client_error("403", '<?xml version="1.0" encoding="utf-8"?>\n<ErrorResponse><Errors><Error><Code>AccessDenied'
                   "</Code><Message>not authorized</Message></Error></Errors></ErrorResponse>", 403, "ListClusters"),
     "access denied: the AWS credentials in use may not call dsql:ListClusters (an IAM policy must allow it)"),
    (_client_error("UnrecognizedClientException", "The security token included in the request is invalid.", 403,
                   "ListClusters"),
     "AWS did not accept the credentials (UnrecognizedClientException): check the keys, or run `aws sso login`"),
    (_client_error("ThrottlingException", "Rate exceeded\nmore", 429, "ListClusters"),
     "dsql:ListClusters failed: ThrottlingException: Rate exceeded"),
    (NoCredentialsError(), "no AWS credentials found (set AWS_PROFILE or --profile, run `aws sso login`, or export "
                           "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"),
    (EndpointConnectionError(endpoint_url="http://127.0.0.1:9/cluster"),
     'unknown region "us-fake-1" (nothing answers at http://127.0.0.1:9/cluster)'),
])
def test_errors(error, line):
    region = "us-fake-1" if isinstance(error, EndpointConnectionError) else "us-east-1"
    assert str(explain(error, "dsql:ListClusters", region)) == line


def test_a_known_region_out_of_reach_is_not_called_unknown():
    error = EndpointConnectionError(endpoint_url="http://127.0.0.1:9/cluster")
    assert str(explain(error, "dsql:ListClusters", "us-east-1")) == (
        "could not reach http://127.0.0.1:9/cluster for dsql:ListClusters: could not connect")
