"""The shell completion scripts shipped in dsqlsh/data/completions, for `dsqlsh --completion SHELL`.

completions/ at the top of the source tree holds symbolic links to the same files.
"""

from __future__ import annotations

import os

__all__ = ["SCRIPTS", "completion_script"]

# Each shell's script, by the name its completion system looks for.
SCRIPTS = {"bash": "dsqlsh.bash", "zsh": "_dsqlsh", "fish": "dsqlsh.fish"}


def completion_script(shell: str) -> str:
    """The completion script for shell (bash, zsh or fish), as shipped."""
    path = os.path.join(os.path.dirname(__file__), "completions", SCRIPTS[shell])
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()
