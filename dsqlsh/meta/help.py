"""\\? text, built from the registry so every command is listed exactly once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqlsh.meta.registry import Spec, listing

if TYPE_CHECKING:
    from dsqlsh.context import Context

import re

# psql 18's \\? (help.c): its groups in order, then dsqlsh's own.
GROUP_ORDER = ("General", "Help", "Query Buffer", "Input/Output", "Conditional", "Informational", "Large Objects",
               "Formatting", "Connection", "Operating System", "Variables", "Extended Query Protocol", "DSQL")
# psql 18's \\? lines in order, by command; a group's commands follow it, dsqlsh's own after psql's.
PSQL_ORDER = tuple("""
    copyright crosstabview errverbose g gdesc gexec gset gx q restrict unrestrict watch ? h e ef ev p r w copy
    echo i ir o qecho warn if elif else endif d da dA dAc dAf dAo dAp db dc dconfig dC dd dD ddp dE des det deu
    dew df dF dFd dFp dFt dg di dl dL dm dn do dO dp dP drds drg dRp dRs ds dt dT du dv dx dX dy l sf sv z
    lo_export lo_import lo_list lo_unlink a C f H pset t T x c conninfo encoding password cd getenv setenv timing !
    prompt set unset bind bind_named close_prepared endpipeline flush flushrequest getresults parse sendpipeline
    startpipeline syncpipeline""".split())
GROUP_NOTES = {"Informational": "  (options: S = show system objects, x = expanded mode, + = additional detail)"}


def _current(ctx: Context | None, text: str, name: str) -> str:
    """text with its "(currently %s)" note filled in; with no session (--help=commands), psql's defaults."""
    from dsqlsh.output.options import PrintOptions

    popt = ctx.popt if ctx is not None else PrintOptions()
    conn = ctx.conn if ctx is not None else None
    if name == "c" and conn is None:
        return text.replace('"%s"', "no connection")
    values = {
        "x": popt.expanded, "t": "on" if popt.tuples_only else "off",
        "timing": "on" if ctx is not None and ctx.timing else "off", "H": "on" if popt.format == "html" else "off",
        "c": conn.dbname if conn is not None else "",
    }
    return text.replace("%s", values.get(name, ""))


def _psql_position(spec: Spec) -> int:
    """Where psql lists the command its usage names (after psql's when dsqlsh's own); sorted stably."""
    word = re.match(r"\\?([^\s\[(]*)", spec.usage)
    name = word.group(1) if word else ""
    return PSQL_ORDER.index(name) if name in PSQL_ORDER else len(PSQL_ORDER)


def help_text(ctx: Context | None) -> str:
    """All meta-commands grouped as psql's \\? does (ctx None: as --help=commands, outside a session)."""
    lines: list[str] = []
    listed = listing()
    for group in GROUP_ORDER:
        specs = sorted((s for s in listed if s.group == group), key=_psql_position)
        if not specs:
            continue
        lines.append(group)
        if group in GROUP_NOTES:
            lines.append(GROUP_NOTES[group])
        for spec in specs:
            text = _current(ctx, spec.help, spec.names[0]) if "%s" in spec.help else spec.help
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
