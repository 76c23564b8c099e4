"""Colours: the style of highlighted input, the toolbar and the completion menu (the lexer: sql_lexer.py).

The default style uses only the terminal's own ANSI colours (plus bold and dim), so it reads on
dark and light backgrounds alike. NO_COLOR (https://no-color.org) or TERM=dumb turns colour off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache

from prompt_toolkit.styles import Style, merge_styles, style_from_pygments_cls

__all__ = ["colour_wanted", "make_style", "DEFAULT_STYLE"]


# Terminal-palette colours only: each terminal theme maps them to something legible on its background.
DEFAULT_STYLE: Mapping[str, str] = {
    "pygments.keyword": "bold",
    "pygments.name.builtin": "ansicyan",
    "pygments.name.builtin.pseudo": "ansimagenta bold",
    "pygments.name.variable": "ansimagenta",
    "pygments.literal.string": "ansigreen",
    "pygments.literal.number": "ansiyellow",
    "pygments.comment": "italic ansibrightblack",
    "pygments.error": "",
    "bottom-toolbar": "noreverse bg:ansibrightblack fg:ansiwhite",
    "bottom-toolbar.admin": "bold fg:ansired bg:ansiwhite",
    "bottom-toolbar.open": "bold fg:ansiyellow",
    "bottom-toolbar.failed": "bold fg:ansired",
    "bottom-toolbar.finding": "bold fg:ansiyellow",
    "completion-menu.completion": "bg:ansibrightblack fg:ansiwhite",
    "completion-menu.completion.current": "reverse",
}
PLAIN_STYLE: Mapping[str, str] = {"bottom-toolbar": "reverse", "bottom-toolbar.admin": "bold"}


def colour_wanted(env: Mapping[str, str] | None = None) -> bool:
    """False when NO_COLOR is set (non-empty, as no-color.org says) or the terminal is dumb."""
    env = os.environ if env is None else env
    return not env.get("NO_COLOR") and env.get("TERM", "") != "dumb"


def make_style(name: str | None, colour: bool) -> Style:
    """The default style, or a pygments style by name (`\\set DSQLSH_STYLE monokai`); plain without colour.

    An unknown name gets the default style and, once per name, a warning on stderr.
    """
    if not colour:
        return Style.from_dict(dict(PLAIN_STYLE))
    base = Style.from_dict(dict(DEFAULT_STYLE))
    if not name or name == "default":
        return base
    chosen = _pygments_style(name)
    if chosen is None:
        return base
    return merge_styles([base, chosen])  # type: ignore[return-value]


@cache
def _pygments_style(name: str) -> Style | None:
    """pygments' style of that name, or None after warning (the cache keeps it to one warning per name)."""
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        return style_from_pygments_cls(get_style_by_name(name))
    except ClassNotFound:
        sys.stderr.write(
            f'dsqlsh: warning: unknown style "{name}"; using the default (see https://pygments.org/styles/)\n'
        )
        sys.stderr.flush()
        return None
