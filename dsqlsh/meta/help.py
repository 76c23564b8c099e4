"""\\? text, built from the registry so every command is listed exactly once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.meta.registry import ORDER

if TYPE_CHECKING:
    from dsqlsh.context import Context

GROUP_ORDER = ("General", "Help", "Query Buffer", "Input/Output", "Informational", "Variables", "Formatting",
               "Conditionals", "Connection", "Operating System", "Extended Query Protocol", "DSQL")


def _current(ctx: Context, name: str) -> str:
    """The value the "(currently %s)" note shows for a command."""
    popt = ctx.popt
    values = {
        "x": popt.expanded, "t": "on" if popt.tuples_only else "off",
        "timing": "on" if ctx.timing else "off", "H": "on" if popt.format == "html" else "off",
        "c": ctx.conn.dbname if ctx.conn else "none",
    }
    return values.get(name, "")


def help_text(ctx: Context) -> str:
    """All meta-commands grouped as psql's \\? does."""
    lines: list[str] = []
    for group in GROUP_ORDER:
        specs = [s for s in ORDER if s.group == group]
        if not specs:
            continue
        lines.append(group)
        for spec in specs:
            text = spec.help.replace("%s", _current(ctx, spec.names[0])) if "%s" in spec.help else spec.help
            first, *more = text.split("\n")
            usage = spec.usage
            if not first:  # a help text opening with a newline: psql puts the usage on a line of its own
                lines.append(f"  {usage}")
            elif len(usage) > 22:
                lines.append(f"  {usage}")
                lines.append(f"  {'':22} {first}")
            else:
                lines.append(f"  {usage:<22} {first}")
            lines.extend(f"  {'':22} {line}" for line in more)
        lines.append("")
    return "\n".join(lines) + "\n"
