"""The external editor, as psql's do_edit and editFile run it: for \\e (repl/commands.py), \\ef and \\ev."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["EditOutcome", "edit_file", "edit_text", "run_editor"]


@dataclass(frozen=True)
class EditOutcome:
    """What the editor left: ok False after a failure; text None when the file came back unchanged."""

    ok: bool
    text: str | None = None


def edit_text(ctx: Context, text: str, lineno: int) -> EditOutcome:
    """psql's do_edit on a temporary file: write text, run the editor at lineno (when > 0), read it back if the
    file's size or time changed."""
    path = os.path.join(os.environ.get("TMPDIR") or "/tmp", f"dsqlsh.edit.{os.getpid()}.sql")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        ctx.error(f'could not open temporary file "{path}": {exc.strerror}')
        return EditOutcome(ok=False)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text if not text or text.endswith("\n") else text + "\n")
        # Two seconds back, so a quick edit within the same second still shows as a change (psql's reason).
        past = time.time() - 2
        os.utime(path, (past, past))
        before = os.stat(path)
        if not run_editor(ctx, path, lineno):
            return EditOutcome(ok=False)
        after = os.stat(path)
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            return EditOutcome(ok=True)
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
            return EditOutcome(ok=True, text=f.read())
    except OSError as exc:
        ctx.error(f"{path}: {exc.strerror}")
        return EditOutcome(ok=False)
    finally:
        try:
            os.unlink(path)
        except OSError as exc:
            ctx.error(f"{path}: {exc.strerror}")


def run_editor(ctx: Context, path: str, lineno: int) -> bool:
    """psql's editFile: $PSQL_EDITOR, $EDITOR, $VISUAL or vi, with $PSQL_EDITOR_LINENUMBER_ARG (default +)
    before the line; a nonzero exit fails quietly."""
    editor = os.environ.get("PSQL_EDITOR") or os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"
    where = f"{os.environ.get('PSQL_EDITOR_LINENUMBER_ARG', '+')}{lineno} " if lineno > 0 else ""
    ctx.streams.stdout.flush()
    try:
        return subprocess.call(f"exec {editor} {where}'{path}'", shell=True) == 0
    except OSError:
        ctx.error(f'could not start editor "{editor}"')
        return False


def edit_file(ctx: Context, path: str, lineno: int) -> str | None:
    """\\e FILE: the file edited in place, then its text (None when the editor failed or it cannot be read)."""
    if not run_editor(ctx, path, lineno):
        return None
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return f.read()
    except OSError as exc:
        ctx.error(f"{path}: {exc.strerror}")
        return None
