"""Long-option abbreviations keep psql's meaning next to dsqlsh's own options (--com is --command)."""

from __future__ import annotations

import pytest

from dsqlsh.cli import parse_args
from dsqlsh.config import Action, Settings
from dsqlsh.errors import UsageError


def test_psql_abbreviation_wins_over_dsqlsh_options() -> None:
    settings = parse_args(["--com", "select 1", "--lis", "-X"])
    assert isinstance(settings, Settings)
    assert settings.actions == (Action("command", "select 1"),)
    assert settings.list_databases


def test_dsqlsh_options_can_still_be_abbreviated() -> None:
    assert parse_args(["--compl", "bash"]).startswith("# bash completion")  # type: ignore[union-attr]


def test_an_abbreviation_of_two_dsqlsh_options_is_ambiguous() -> None:
    with pytest.raises(UsageError) as raised:
        parse_args(["--list-c"])
    # GNU getopt_long's words, as psql says it.
    assert str(raised.value) == ("option '--list-c' is ambiguous; possibilities: '--list-connections' "
                                 "'--list-clusters'")
