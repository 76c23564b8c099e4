"""psql 18's \\restrict / \\unrestrict beyond the differential cases (cases/restrict_*.sql): their \\? lines."""

from __future__ import annotations


def _restrict_lines(help_text: str) -> list[str]:
    """The four lines \\? gives the two commands: each usage on its own line, then its description."""
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  \\restrict "))
    return lines[start : start + 4]


def test_help_lists_restrict_and_unrestrict_as_psql(psql, dsqlsh):
    want = _restrict_lines(psql("-X", "-c", "\\?").stdout)
    assert want == [
        "  \\restrict RESTRICT_KEY",
        "                         enter restricted mode with provided key",
        "  \\unrestrict RESTRICT_KEY",
        "                         exit restricted mode if key matches",
    ]
    assert _restrict_lines(dsqlsh("-X", "-c", "\\?").stdout) == want
