"""The highlighter's lexer: pygments' PostgreSQL lexer with DSQL's words and psql's backslash commands.

A module of its own because pygments costs the first prompt about 17 ms to import: the shell draws the prompt
first and loads this right after (repl/loop.py, Shell._load_lexer), so only a line typed in those first
milliseconds shows uncoloured, for one redraw.
"""

from __future__ import annotations

from prompt_toolkit.lexers import Lexer, PygmentsLexer
from pygments.lexer import inherit, words
from pygments.lexers.sql import PostgresLexer
from pygments.token import Keyword, Name

__all__ = ["DsqlLexer", "make_lexer"]

DSQL_WORDS = ("ASYNC",)


class DsqlLexer(PostgresLexer):
    """PostgreSQL SQL, plus DSQL keywords and psql's backslash commands."""

    name = "DSQL"
    aliases = ["dsql"]
    tokens = {
        "root": [
            (r"\\[^\s\\]*", Name.Builtin.Pseudo),
            (words(DSQL_WORDS, suffix=r"\b"), Keyword),
            inherit,
        ],
    }


def make_lexer() -> Lexer:
    return PygmentsLexer(DsqlLexer)
