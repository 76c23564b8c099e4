"""The client-side end of a \\copy: the file, the shell program (started as popen(3) would, its failure
reported as psql's pclose check does) or the script's own input, opened as a stream of bytes for COPY FROM;
COPY TO opens its sinks with the same helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dsqlsh.engine import inline_data

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.copy.parser import CopySpec

__all__ = ["ProgramFailed", "open_source", "program_failed", "report_open_error", "start_shell"]

CHUNK = 64 * 1024


def report_open_error(ctx: Context, spec: CopySpec, exc: OSError) -> bool:
    """psql's message for a file that cannot open; False, for the caller to return."""
    ctx.error(f"{spec.target}: {exc.strerror}")
    return False


def start_shell(command: str, **streams: int) -> subprocess.Popen[bytes]:
    """Start a shell command as popen(3) does: /bin/sh named "sh" (its messages start "sh: ")."""
    return subprocess.Popen(["sh", "-c", command], executable="/bin/sh", **streams)  # type: ignore[call-overload]


def program_failed(ctx: Context, spec: CopySpec, proc: subprocess.Popen[bytes]) -> bool:
    """psql's pclose check: report a command that failed, by exit code or signal."""
    rc = proc.wait()
    if rc == 0:
        return False
    if rc < 0:
        ctx.error(f"{spec.target}: child process was terminated by signal {-rc}")
    elif rc == 127:
        ctx.error(f"{spec.target}: command not found")
    else:
        ctx.error(f"{spec.target}: child process exited with exit code {rc}")
    return True


def open_source(ctx: Context, spec: CopySpec, read_line: Callable[[], str | None] | None, by_line: bool,
                ) -> tuple[Iterator[bytes], Callable[[], None]] | None:
    """The input as bytes (lines if by_line, else chunks of any size), and how to close it; None (after
    printing the error) if it cannot open."""
    assert ctx.conn is not None
    codec = ctx.conn.codec
    if spec.kind == "file":
        if os.path.isdir(spec.target or ""):
            ctx.error(f"{spec.target}: cannot copy from/to a directory")
            return None
        try:
            f = open(spec.target or "", "rb")  # noqa: SIM115
        except OSError as exc:
            report_open_error(ctx, spec, exc)
            return None
        return (iter(f) if by_line else iter(lambda: f.read(CHUNK), b"")), f.close
    if spec.kind == "program":
        ctx.streams.stdout.flush()
        proc = start_shell(spec.target or "", stdout=subprocess.PIPE)
        assert proc.stdout is not None
        out = proc.stdout
        chunks = iter(out) if by_line else iter(lambda: out.read1(CHUNK), b"")  # type: ignore[attr-defined]
        return chunks, lambda: _close_program(ctx, spec, proc)
    if spec.kind == "pstdio":  # pstdin: the process's own stdin, even when the commands come from -f
        reader = sys.stdin.readline

        def read_stdin() -> str | None:
            line = reader()
            return line.rstrip("\n") if line else None

        read_line = read_stdin

    return inline_data(read_line, codec), lambda: None


class ProgramFailed(Exception):
    """The program a COPY FROM read from failed (already reported): the \\copy fails."""


def _close_program(ctx: Context, spec: CopySpec, proc: subprocess.Popen[bytes]) -> None:
    assert proc.stdout is not None
    proc.stdout.close()
    if program_failed(ctx, spec, proc):
        raise ProgramFailed
