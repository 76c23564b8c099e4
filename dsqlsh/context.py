"""Context: the run-time state every part of a session shares, passed explicitly.

A few small objects, each owned by one module: Variables (variables.py), PrintOptions (output/),
Streams (here: where query output, messages and echo go), the Connection (connection.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from dsqlsh.output.options import PrintOptions
from dsqlsh.variables import Variables

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.compat.check import Checker
    from dsqlsh.config import Settings
    from dsqlsh.connection import Connection, Extended
    from dsqlsh.pipeline import Pipeline

__all__ = ["Context", "Streams"]


class Streams:
    """Where things go. query_out is psql's queryFout: stdout, or the \\o file/pipe.

    Streams and Context are plain classes with their __init__ written out: as dataclasses, they cost 0.8 ms of
    every start to define (issue 19)."""

    def __init__(self) -> None:
        self.stdin: TextIO | None = sys.stdin
        self.stdout: TextIO = sys.stdout
        self.stderr: TextIO = sys.stderr
        self.query_out: TextIO | None = None
        self.query_out_close: Callable[[], None] | None = None  # closes a \\o file or pipe
        self.log: TextIO | None = None  # -L: every query and its output, as psql's logfile

    @property
    def out(self) -> TextIO:
        return self.query_out or self.stdout


class Context:
    """One session's state: settings from the command line, and what changes while it runs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.variables = Variables()
        self.popt = PrintOptions()
        self.streams = Streams()
        self.conn: Connection | None = None
        self.interactive = False
        self.timing = False
        # psql's message locus: "file:line" of the script line being run, None outside scripts.
        self.location: str | None = None
        self.last_error: PGresult | None = None  # the last server error, for \\errverbose
        self.checker: Checker | None = None  # the DSQL checker, made when first needed (checking.py)
        # psql's logging turns terse (no "psql: error:" prefix) once a -c or a script has run.
        self.terse = False
        # psql 18's \\restrict key (meta/restricted.py): while set, every meta-command but \\unrestrict fails.
        self.restrict_key: str | None = None
        # \\bind and friends: how the next query goes by the extended protocol (used up by it, as in psql)
        self.extended: Extended | None = None
        self.pipeline: Pipeline | None = None  # psql 18's pipeline mode, from \\startpipeline to \\endpipeline

    def message(self, text: str) -> None:
        """A server message (ERROR, NOTICE...) as psql prints it: with the script locus if any."""
        self._emit(text, "")

    def error(self, text: str) -> None:
        """A client-side error, psql's pg_log_error: 'dsqlsh:file:line: error: ...' in scripts."""
        self._emit(text, "error: ")

    def warning(self, text: str) -> None:
        self._emit(text, "warning: ")

    def _emit(self, text: str, level: str) -> None:
        text = text.rstrip("\n")
        if self.location is not None:
            text = f"dsqlsh:{self.location}: {level}{text}"
        elif not self.terse:
            text = f"dsqlsh: {level}{text}"
        self.streams.out.flush()
        self.streams.stdout.flush()
        self.streams.stderr.write(text + "\n")
        self.streams.stderr.flush()

    @property
    def quiet(self) -> bool:
        return self.variables.flag("QUIET")
