"""psql's PROMPT1/PROMPT2/PROMPT3 escapes (src/bin/psql/prompt.c), pure: no terminal, no connection.

Two escapes are dsqlsh's own, for DSQL: %N is the role with DSQL's admin shown as ADMIN (psql's %n
stays the plain session user), and %C is the cluster's short id. psql's default prompt hides the
role; dsqlsh's default shows it always (`role@db`, and `role@cluster/db` on DSQL).
"""

from __future__ import annotations

import os
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psycopg.pq import TransactionStatus

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = [
    "DSQL_PROMPT",
    "PG_PROMPT",
    "PSQL_DEFAULT",
    "READY",
    "COPY",
    "PromptInfo",
    "default_prompt",
    "expand",
    "info_from",
    "role_label",
    "visible_width",
]

PSQL_DEFAULT = "%/%R%x%# "  # psql's PROMPT1 and PROMPT2
PG_PROMPT = "%n@%/%R%x%# "
DSQL_PROMPT = "%N@%C/%/%R%x%# "
SHORT_CLUSTER_ID = 8  # DSQL ids are 26 random base32 characters: 8 tell a user's clusters apart

READY = "="  # psql's PROMPT_READY: PROMPT1
COPY = ""  # psql's PROMPT_COPY: PROMPT3
# Invisible-text markers for %[ %]: prompt_toolkit's ANSI() reads \001...\002 as zero-width, as readline does.
START_IGNORE = "\001"
END_IGNORE = "\002"
DSQL_ADMIN = "admin"


@dataclass(frozen=True)
class PromptInfo:
    """What the prompt escapes read from the session, gathered once per prompt."""

    connected: bool = False
    user: str = ""
    dbname: str = ""
    host: str = ""
    port: str = ""
    pid: int = 0
    superuser: bool = False
    dsql: bool = False
    cluster_id: str = ""
    transaction_status: TransactionStatus = TransactionStatus.IDLE
    search_path: str | None = None
    in_hot_standby: str | None = None
    singleline: bool = False
    active_branch: bool = True  # False inside a skipped \if branch (psql's %R shows @)
    pipeline: str = "off"  # %P: libpq's pipeline status, as psql 18 names it (off, on, abort)


def role_label(info: PromptInfo) -> str:
    """The role as the prompt and toolbar show it: DSQL's admin in capitals, so it cannot be missed."""
    if info.dsql and info.user == DSQL_ADMIN:
        return "ADMIN"
    return info.user


def default_prompt(info: PromptInfo) -> str:
    """dsqlsh's PROMPT1/PROMPT2 when the user kept psql's: the role always shows, and the cluster on DSQL."""
    return DSQL_PROMPT if info.dsql else PG_PROMPT


def _is_socket(host: str) -> bool:
    return not host or host.startswith("/") or host.startswith("@")


def _host(info: PromptInfo, short: bool) -> str:
    if not info.connected:
        return ""
    if not _is_socket(info.host):
        return info.host.split(".", 1)[0] if short else info.host
    if short or not info.host or info.host == "/tmp":
        return "[local]"
    return f"[local:{info.host}]"


def _tilde(info: PromptInfo) -> str:
    if not info.connected:
        return ""
    if info.dbname == info.user or os.environ.get("PGDATABASE") == info.dbname:
        return "~"
    return info.dbname


def _status_char(info: PromptInfo, status: str) -> str:
    """%R: = ^ ! @ at PROMPT1, the lexer's state at PROMPT2, nothing at PROMPT3."""
    if status == READY:
        if not info.active_branch:
            return "@"
        if not info.connected:
            return "!"
        return "^" if info.singleline else "="
    return status


def _transaction(info: PromptInfo) -> str:
    if not info.connected:
        return "?"
    return {TransactionStatus.IDLE: "", TransactionStatus.ACTIVE: "*", TransactionStatus.INTRANS: "*",
            TransactionStatus.INERROR: "!"}.get(info.transaction_status, "?")


def _simple(info: PromptInfo, char: str, status: str, lineno: int, prompt1_width: int) -> str | None:
    """The one-character escapes; None when char is not one of them."""
    connected = info.connected
    values: dict[str, Callable[[], str]] = {
        "/": lambda: info.dbname if connected else "",
        "~": lambda: _tilde(info),
        "M": lambda: _host(info, short=False),
        "m": lambda: _host(info, short=True),
        ">": lambda: info.port if connected else "",
        "n": lambda: info.user if connected else "",
        "N": lambda: role_label(info) if connected else "",
        "C": lambda: info.cluster_id[:SHORT_CLUSTER_ID] if connected and info.dsql else "",
        "p": lambda: str(info.pid) if connected and info.pid else "",
        "P": lambda: info.pipeline if connected else "",
        "S": lambda: (info.search_path if info.search_path is not None else "?") if connected else "",
        "i": lambda: ({"on": "standby", None: "?"}.get(info.in_hot_standby, "primary")) if connected else "",
        "w": lambda: " " * prompt1_width if connected else "",
        "#": lambda: "#" if info.superuser or (info.dsql and info.user == DSQL_ADMIN) else ">",
        "R": lambda: _status_char(info, status),
        "x": lambda: _transaction(info),
        "l": lambda: str(lineno),
        "?": lambda: "",  # psql: "not here yet"
        "[": lambda: START_IGNORE,
        "]": lambda: END_IGNORE,
    }
    getter = values.get(char)
    return getter() if getter else None


def _run_command(command: str) -> str:
    """%`command`: the first line of its output, without the newline (psql reads one fgets)."""
    try:
        out = subprocess.run(command, shell=True, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             text=True, errors="replace", timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.split("\n", 1)[0].rstrip("\r")


def expand(template: str, info: PromptInfo, status: str = READY, *, lineno: int = 1,
           variable: Callable[[str], str | None] = lambda name: None, prompt1_width: int = 0,
           run: Callable[[str], str] = _run_command) -> str:
    """The prompt text for template, as psql's get_prompt (%[ %] become \\001 \\002 markers).

    status is %R's character: READY ('=') for PROMPT1, the lexer state (- ' " $ * () for PROMPT2,
    COPY ('') for PROMPT3.
    """
    out: list[str] = []
    i, n = 0, len(template)
    while i < n:
        ch = template[i]
        if ch != "%" or i + 1 >= n:
            if ch != "%":
                out.append(ch)
            i += 1
            continue
        code = template[i + 1]
        i += 2
        simple = _simple(info, code, status, lineno, prompt1_width)
        if simple is not None:
            out.append(simple)
        elif code in "01234567":
            end = i - 1
            while end < n and template[end] in "01234567":  # strtol(p, &p, 8): every octal digit
                end += 1
            out.append(chr(int(template[i - 1:end], 8) % 256))
            i = end
        elif code == ":":
            end = template.find(":", i)
            end = n if end < 0 else end
            value = variable(template[i:end])
            out.append(value or "")
            i = end + 1
        elif code == "`":
            end = template.find("`", i)
            end = n if end < 0 else end
            out.append(run(template[i:end]))
            i = end + 1
        else:
            out.append(code)  # %% and unknown escapes: the character itself
    return "".join(out)


def visible_width(text: str) -> int:
    """Columns the prompt takes on screen: \\001...\\002 spans and escape sequences take none (for %w)."""
    width = 0
    visible = True
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == START_IGNORE:
            visible = False
        elif ch == END_IGNORE:
            visible = True
        elif ch == "\n":
            width = 0
        elif visible and ch == "\x1b":
            i = _skip_escape(text, i)
            continue
        elif visible and unicodedata.category(ch)[0] != "C" and not unicodedata.combining(ch):
            width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        i += 1
    return width


def _skip_escape(text: str, i: int) -> int:
    """The index after an ANSI escape sequence starting at text[i]."""
    j = i + 1
    if j < len(text) and text[j] == "[":
        j += 1
        while j < len(text) and not ("@" <= text[j] <= "~"):
            j += 1
        return j + 1
    return j + 1


def info_from(ctx: Context, *, active_branch: bool = True) -> PromptInfo:
    """Read the session (Context and its Connection) into a PromptInfo."""
    conn = ctx.conn
    singleline = ctx.variables.flag("SINGLELINE")
    if conn is None or conn.is_bad:
        return PromptInfo(singleline=singleline, active_branch=active_branch)
    params = conn.params
    cluster = ""
    if params.is_dsql:
        endpoint = getattr(params.tokens, "endpoint", None)
        cluster = getattr(endpoint, "cluster_id", "") or conn.host.split(".", 1)[0]
    return PromptInfo(
        connected=True,
        user=conn.user,
        dbname=conn.dbname,
        host=conn.host,
        port=conn.port,
        pid=int(conn.pgconn.backend_pid or 0),
        superuser=conn.parameter("is_superuser") == "on",
        dsql=params.is_dsql,
        cluster_id=cluster,
        transaction_status=conn.transaction_status,
        search_path=conn.parameter("search_path") or None,
        in_hot_standby=conn.parameter("in_hot_standby") or None,
        pipeline=("off", "on", "abort")[int(conn.pgconn.pipeline_status)],
        singleline=singleline,
        active_branch=active_branch,
    )
