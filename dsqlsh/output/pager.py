"""The pager, as psql's PageOutput: long results on a terminal go through $PSQL_PAGER/$PAGER."""

from __future__ import annotations

import io
import os
from typing import TextIO

from dsqlsh.output.options import PrintOptions

__all__ = ["terminal_width", "is_terminal", "Paged"]


def is_terminal(stream: object) -> bool:
    """Whether stream is a terminal (False for a closed stream or one without isatty)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False


def terminal_width(out: TextIO) -> int | None:
    """The width psql uses for wrapped and \\x auto: the terminal's, only when out is one."""
    return _screen_size().columns if is_terminal(out) else None


def _screen_size() -> os.terminal_size:
    """The terminal's size, $COLUMNS and $LINES first as psql. (shutil and subprocess are imported only when a
    terminal is there: 3 ms of a `-c` start-up.)"""
    import shutil

    return shutil.get_terminal_size()


class Paged:
    """A stream for one result: buffered when a pager might be needed, then paged or written.

    psql pages only when stdin and stdout are both terminals, output goes to stdout (not \\o),
    the pager is on and the text is taller than the screen, or an aligned table wider (or pager is "always").
    """

    def __init__(self, out: TextIO, stdout: TextIO, stdin: TextIO | None, popt: PrintOptions, *,
                 table: bool = False) -> None:
        self.target = out
        self.popt = popt
        self.table = table  # a printed table (printQuery); other text (\\h, \\sf) is paged by its height only
        self.active = (popt.pager > 0 and out is stdout and is_terminal(out)
                       and stdin is not None and is_terminal(stdin) and _pager_command() is not None)
        self.stream: TextIO = io.StringIO() if self.active else out

    def finish(self) -> None:
        if not self.active:
            return
        assert isinstance(self.stream, io.StringIO)
        text = self.stream.getvalue()
        lines = text.count("\n")
        rows = _screen_size().lines
        command = _pager_command()
        wanted = (self.popt.pager == 2 or (lines >= rows and lines >= self.popt.pager_min_lines)
                  or self._wider_than_screen(text))
        if command and wanted:
            import subprocess

            self.target.flush()
            with subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, text=True) as proc:
                assert proc.stdin is not None
                try:
                    proc.stdin.write(text)
                    proc.stdin.close()
                except BrokenPipeError:  # the user quit the pager early
                    pass
        else:
            self.target.write(text)


    def _wider_than_screen(self, text: str) -> bool:
        """psql's print_aligned_text: a table wider than the screen (or than \\pset columns, or $COLUMNS) goes
        to the pager whatever its height. Expanded records (print_aligned_vertical) and other formats never do."""
        from dsqlsh.output.textwidth import text_size

        if not self.table or self.popt.format not in ("aligned", "wrapped") or self.popt.expanded != "off":
            return False
        columns = self.popt.columns or _screen_size().columns  # which reads $COLUMNS first, as psql
        # A character is at most two columns wide: shorter lines cannot be too wide, and need no measuring.
        return any(2 * len(line) > columns and text_size(line)[0] > columns for line in text.split("\n"))


def _pager_command() -> str | None:
    """$PSQL_PAGER, else $PAGER, else less; an empty value turns paging off (psql's rule)."""
    for name in ("PSQL_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return value.strip() or None
    return "less"
