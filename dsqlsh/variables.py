"""psql variables: plain strings, with psql's checks and defaults for the special ones."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["Variables", "parse_bool", "BadVariable", "HOOKED", "c_atoi", "c_int"]

# Special variables that take a boolean (psql: ParseVariableBool).
BOOLEANS = {
    "AUTOCOMMIT", "ON_ERROR_STOP", "QUIET", "SINGLELINE", "SINGLESTEP",
    "SHOW_ALL_RESULTS", "HIDE_TOAST_COMPRESSION", "HIDE_TABLEAM",
}
# Special variables with a closed set of values (psql: the *_hook functions in startup.c).
CHOICES = {
    "ECHO": ("none", "errors", "queries", "all"),
    "VERBOSITY": ("default", "verbose", "terse", "sqlstate"),
    "SHOW_CONTEXT": ("never", "errors", "always"),
    "ON_ERROR_ROLLBACK": ("on", "off", "interactive"),
    "COMP_KEYWORD_CASE": ("lower", "upper", "preserve-lower", "preserve-upper"),
    "HISTCONTROL": ("none", "ignorespace", "ignoredups", "ignoreboth"),
    "DSQL_CHECK": ("warn", "strict", "fix", "off"),
}
INTEGERS = {"FETCH_COUNT", "HISTSIZE", "IGNOREEOF"}
# Variables psql watches with a hook (startup.c's EstablishVariableSpace): \gset leaves them alone.
HOOKED = BOOLEANS | set(CHOICES) | INTEGERS | {"ECHO_HIDDEN", "HISTFILE", "PROMPT1", "PROMPT2", "PROMPT3",
                                              "WATCH_INTERVAL"}

# What psql holds before any connection (startup.c + the hooks' substitutions).
DEFAULTS = {
    "AUTOCOMMIT": "on",
    "COMP_KEYWORD_CASE": "preserve-upper",
    "ECHO": "none",
    "ECHO_HIDDEN": "off",
    "FETCH_COUNT": "0",
    "HIDE_TABLEAM": "off",
    "HIDE_TOAST_COMPRESSION": "off",
    "HISTCONTROL": "none",
    "HISTSIZE": "500",
    "IGNOREEOF": "0",
    "LAST_ERROR_MESSAGE": "",
    "LAST_ERROR_SQLSTATE": "00000",
    "ON_ERROR_ROLLBACK": "off",
    "ON_ERROR_STOP": "off",
    "PIPELINE_COMMAND_COUNT": "0",
    "PIPELINE_RESULT_COUNT": "0",
    "PIPELINE_SYNC_COUNT": "0",
    "PROMPT1": "%/%R%x%# ",
    "PROMPT2": "%/%R%x%# ",
    "PROMPT3": ">> ",
    "QUIET": "off",
    "SHOW_ALL_RESULTS": "on",
    "SHOW_CONTEXT": "errors",
    "SINGLELINE": "off",
    "SINGLESTEP": "off",
    "VERBOSITY": "default",
    "WATCH_INTERVAL": "2",
}
# Unsetting a hooked variable stores a substitute instead of removing it (psql's *_substitute_hook):
# "off" for booleans, the default for the rest.
NOT_HOOKED = {"LAST_ERROR_MESSAGE", "LAST_ERROR_SQLSTATE", "PROMPT1", "PROMPT2", "PROMPT3",
              "PIPELINE_COMMAND_COUNT", "PIPELINE_RESULT_COUNT", "PIPELINE_SYNC_COUNT"}
UNSET_VALUES = {name: ("off" if name in BOOLEANS else value)
                for name, value in DEFAULTS.items() if name not in NOT_HOOKED}


class BadVariable(ValueError):
    """A value psql would refuse for a special variable; the message is psql's."""


def parse_bool(value: str, name: str) -> bool:
    """psql's ParseVariableBool: unique prefixes of true/false/yes/no, on/off, 1/0."""
    v = value.strip().lower()
    if v:
        if "true".startswith(v) or "yes".startswith(v) or (len(v) >= 2 and "on".startswith(v)) or v == "1":
            return True
        if "false".startswith(v) or "no".startswith(v) or (len(v) >= 2 and "off".startswith(v)) or v == "0":
            return False
    raise BadVariable(f'unrecognized value "{value}" for "{name}": Boolean expected')


_LEADING_INTEGER = re.compile(r"\s*([-+]?[0-9]*)")


def c_atoi(text: str) -> int:
    """C's atoi on a 64-bit glibc, as psql reads many numbers: strtol's leading integer (0 when there is none),
    clamped to a long, then cut to an int."""
    digits = _LEADING_INTEGER.match(text).group(1)  # type: ignore[union-attr]  # the pattern always matches
    value = int(digits) if digits.lstrip("+-") else 0
    return c_int(max(-(2**63), min(2**63 - 1, value)))


def c_int(value: int) -> int:
    """value wrapped to a C int, as psql's int arithmetic does on overflow."""
    return (value + 2**31) % 2**32 - 2**31


def is_valid_name(name: str) -> bool:
    """psql's VariableNameIsValid: letters (any script), digits and underscores."""
    return bool(name) and all(c.isalnum() or c == "_" or ord(c) > 127 for c in name)


class Variables:
    """The psql variable table (\\set, -v, :name) with psql's validation of special variables."""

    def __init__(self) -> None:
        self._values: dict[str, str] = dict(DEFAULTS)
        # flag(), choice() and integer() results, by name. The engine reads several special variables a
        # statement; parsing them each time was a measurable share of a script's per-statement cost (issue 9),
        # and a lookup that also checked the value was still the one parsed, a fifth of the statement path's
        # bytecodes (issue 19). Every write below drops the name's results (_changed).
        self._flags: dict[str, bool] = {}
        self._integers: dict[str, int] = {}
        self._choices: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def items(self) -> Iterator[tuple[str, str]]:
        return iter(sorted(self._values.items()))

    def set(self, name: str, value: str) -> None:
        """Set a variable; raises BadVariable with psql's message when a special one refuses it."""
        if not is_valid_name(name):
            raise BadVariable(f'invalid variable name: "{name}"')
        self._values[name] = self._checked(name, value)
        self._changed(name)

    def unset(self, name: str) -> None:
        if not is_valid_name(name):
            raise BadVariable(f'invalid variable name: "{name}"')
        if name in UNSET_VALUES:
            self._values[name] = UNSET_VALUES[name]
        else:
            self._values.pop(name, None)
        self._changed(name)

    def set_internal(self, name: str, value: str) -> None:
        """Set without validation: for values dsqlsh itself maintains (ERROR, ROW_COUNT, DBNAME...)."""
        self._values[name] = value
        self._changed(name)

    def set_results(self, error: str, sqlstate: str, row_count: str) -> None:
        """ERROR, SQLSTATE and ROW_COUNT, which psql sets after every query: one call for the three (issue 19)."""
        values = self._values
        values["ERROR"] = error
        values["SQLSTATE"] = sqlstate
        values["ROW_COUNT"] = row_count
        self._integers.pop("ROW_COUNT", None)  # of the three, the one a reader could parse (integer())

    def _changed(self, name: str) -> None:
        self._flags.pop(name, None)
        self._integers.pop(name, None)
        self._choices.pop(name, None)

    def _checked(self, name: str, value: str) -> str:
        if name == "ECHO_HIDDEN" and value.lower() == "noexec":
            return value  # psql's third value: show the queries meta-commands make, run none
        if name in BOOLEANS | {"ECHO_HIDDEN"}:
            if value == "":
                return "on"  # psql's bool_substitute_hook: "\\set ON_ERROR_STOP" means on
            if name == "ECHO_HIDDEN" and not _is_bool(value):
                raise BadVariable(f'unrecognized value "{value}" for "{name}"\n'
                                  "Available values are: on, off, noexec.")
            parse_bool(value, name)
        elif name == "IGNOREEOF" and not _is_integer(value):
            return "10"  # psql's ignoreeof_substitute_hook: anything but a number means 10
        elif name == "WATCH_INTERVAL":
            _check_interval(value, name)
        elif name == "ON_ERROR_ROLLBACK" and (value == "" or _is_bool(value)):
            return value or "on"  # psql's hook takes any Boolean spelling; no value means on
        elif name in CHOICES:
            choices = CHOICES[name]
            if value.lower() not in choices:
                raise BadVariable(
                    f'unrecognized value "{value}" for "{name}"\nAvailable values are: {", ".join(choices)}.'
                )
        elif name in INTEGERS:
            try:
                int(value)
            except ValueError:
                raise BadVariable(f'invalid value "{value}" for "{name}": integer expected') from None
        return value

    # The three readers below: one lookup when the name was read before (a function call more would double
    # what a read costs, and the engine makes several a statement).
    def flag(self, name: str) -> bool:
        """A boolean special variable's current value."""
        try:
            return self._flags[name]
        except KeyError:
            found = self._flags[name] = _as_flag(name, self._values.get(name))
            return found

    def integer(self, name: str) -> int:
        """An integer special variable's value; 0 when unset or not a number."""
        try:
            return self._integers[name]
        except KeyError:
            found = self._integers[name] = _as_integer(name, self._values.get(name))
            return found

    def choice(self, name: str) -> str:
        """A special variable's value in lower case, its default when unset or empty."""
        try:
            return self._choices[name]
        except KeyError:
            found = self._choices[name] = _as_choice(name, self._values.get(name))
            return found


def _as_flag(name: str, value: str | None) -> bool:
    return value is not None and parse_bool(value, name)


def _as_integer(name: str, value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _as_choice(name: str, value: str | None) -> str:
    choice = (value or DEFAULTS.get(name, "")).lower()
    if name == "ON_ERROR_ROLLBACK" and choice not in CHOICES[name] and _is_bool(choice):
        return "on" if parse_bool(choice, name) else "off"
    return choice


def _check_interval(value: str, name: str) -> None:
    """psql's watch_interval_hook (ParseVariableDouble): a number of seconds, 0 or more."""
    try:
        seconds = float(value)
    except ValueError:
        raise BadVariable(f'invalid value "{value}" for variable "{name}"') from None
    if seconds < 0:
        raise BadVariable(f'invalid value "{value}" for variable "{name}": must be greater than 0.00')


def _is_integer(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True


def _is_bool(value: str) -> bool:
    try:
        parse_bool(value, "")
    except BadVariable:
        return False
    return True
