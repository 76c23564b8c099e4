"""Tab after a backslash offers each command once (with its + form), not every order of S, x and + the
command table also accepts."""

from __future__ import annotations

from dsqlsh.repl.loop import _meta_names


def test_meta_names_are_the_commands_not_their_modifier_orders():
    names = _meta_names()
    assert len(names) == len(set(names))
    assert {"dt", "dt+", "dx", "dx+", "conninfo", "connect", "list", "lo_list", "crosstabview", "h"} <= set(names)
    assert not {"dtS+x", "dS", "dti", "lx", "list+x", "lo_listS", "dPtn"} & set(names)
    assert len(names) < 300
