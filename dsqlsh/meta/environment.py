"""\\setenv and \\getenv: the process environment (what \\! and pipes see), as psql 18's."""

from __future__ import annotations

import os

from dsqlsh.meta.registry import Call, Result, command
from dsqlsh.meta.set_commands import set_variable

__all__ = ["do_setenv", "do_getenv"]

GROUP = "Operating System"


@command("getenv", usage="\\getenv PSQLVAR ENVVAR", group=GROUP, help="fetch environment variable")
def do_getenv(call: Call) -> Result:
    ctx = call.ctx
    name, env_name = call.args.next(), call.args.next()
    if name is None or env_name is None:
        ctx.error("\\getenv: missing required argument")
        return Result.ERROR
    value = os.environ.get(env_name)
    if value is None:
        return Result.OK  # psql leaves the variable as it was
    return set_variable(ctx, name, value)


@command("setenv", usage="\\setenv NAME [VALUE]", group=GROUP, help="set or unset environment variable")
def do_setenv(call: Call) -> Result:
    ctx = call.ctx
    name, value = call.args.next(), call.args.next()
    if name is None:
        ctx.error("\\setenv: missing required argument")
        return Result.ERROR
    if "=" in name:
        ctx.error('\\setenv: environment variable name must not contain "="')
        return Result.ERROR
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    return Result.OK
