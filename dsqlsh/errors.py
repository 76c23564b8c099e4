"""The DsqlshError family and psql's exit codes; cli.py turns them into a process exit."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode", "DsqlshError", "ConnectionFailed", "ConnectionLost", "UsageError", "FixUsageError", "ScriptStop",
           "Terminated"]


class ExitCode(IntEnum):
    """psql's exit statuses (src/bin/psql/settings.h)."""

    OK = 0
    FAILURE = 1  # fatal client error: bad file, bad flag, -c SQL error
    BADCONN = 2  # connection failed or lost in a non-interactive session
    USER = 3  # a script stopped on an error under ON_ERROR_STOP


class DsqlshError(Exception):
    """An error with a one-line message meant for the user; exit_code says how the process ends."""

    exit_code = ExitCode.FAILURE


class UsageError(DsqlshError):
    """Bad command-line usage (psql prints a hint to --help after it)."""


class FixUsageError(UsageError):
    """Bad --fix usage: exit 2, as AWS's dsql-lint documents for usage errors (scripts may switch tools)."""

    exit_code = ExitCode.BADCONN  # 2: the number dsql-lint gives usage errors


class ConnectionFailed(DsqlshError):
    """Could not connect: the message is libpq's, as psql prints it."""

    exit_code = ExitCode.BADCONN


class ConnectionLost(DsqlshError):
    """The server went away mid-session."""

    exit_code = ExitCode.BADCONN


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived (the REPL turns them into this, to clean up first). A BaseException, as
    KeyboardInterrupt is: no `except Exception` may swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class ScriptStop(Exception):
    """Raised to unwind a script run (\\q, ON_ERROR_STOP); carries the exit code."""

    def __init__(self, exit_code: ExitCode) -> None:
        super().__init__(int(exit_code))
        self.exit_code = exit_code
