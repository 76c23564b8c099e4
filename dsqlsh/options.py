"""The command line's options, read as psql reads its own: GNU getopt_long over one table.

psql hands argv to getopt_long, and dsqlsh reads it the same way: options and arguments may be mixed (options
after DBNAME still count), `--` ends the options, short flags cluster (`-XAt`), an option's argument is the rest
of its word or else the next word whatever it looks like (`-c -1` runs "-1"), and a long option may be cut short
while only one option starts that way. argparse read some of these differently and cost about 10 ms of a 100 ms
`dsqlsh -c` (its import and a parser of sixty options built on every start).

dsqlsh adds long options of its own. An abbreviation that exactly one of psql's options starts with keeps
psql's meaning even where a dsqlsh option starts the same way: `--com` is still --command, `--lis` still --list.
"""

from __future__ import annotations

from typing import Any

from dsqlsh.errors import UsageError

__all__ = ["OPTIONS", "Option", "read_options"]


class Option:
    """One option: its letter and long names, where its value goes, and whether psql has it.

    kind: "flag" stores True; "value" stores the argument (the last one wins); "int" the same as a number;
    "const" stores `const` (no argument); "append" adds the argument to a list; "ordered" adds (const, argument)
    to a list shared with other options, in command-line order (-c/-f, printing flags); "ordered-flag" adds
    (const, None) to it; "optional" stores the argument of `--name=ARG`, or `const` when there is none.
    """

    __slots__ = ("short", "names", "dest", "kind", "const", "choices", "psql")

    def __init__(self, short: str | None, names: tuple[str, ...], dest: str, kind: str = "value", const: Any = None,
                 choices: tuple[str, ...] | None = None, psql: bool = True) -> None:
        self.short = short
        self.names = names
        self.dest = dest
        self.kind = kind
        self.const = const
        self.choices = choices
        self.psql = psql

    @property
    def takes_argument(self) -> bool:
        return self.kind in ("value", "int", "append", "ordered")


# psql's options in the order of its long_options table (getopt_long lists an ambiguous abbreviation's
# possibilities in this order). Printing flags are \pset settings applied in order, like psql's option loop.
OPTIONS = (
    Option("a", ("echo-all",), "echo", "const", const="all"),
    Option("A", ("no-align",), "psets", "ordered-flag", const="format=unaligned"),
    Option("c", ("command",), "actions", "ordered", const="command"),
    Option("d", ("dbname",), "dbname"),
    Option("e", ("echo-queries",), "echo", "const", const="queries"),
    Option("b", ("echo-errors",), "echo", "const", const="errors"),
    Option("E", ("echo-hidden",), "echo_hidden", "flag"),
    Option("f", ("file",), "actions", "ordered", const="file"),
    Option("F", ("field-separator",), "psets", "ordered", const="fieldsep"),
    Option("z", ("field-separator-zero",), "psets", "ordered-flag", const="fieldsep_zero"),
    Option("h", ("host",), "host"),
    Option("H", ("html",), "psets", "ordered-flag", const="format=html"),
    Option("l", ("list",), "list", "flag"),
    Option("L", ("log-file",), "log_file"),
    Option("n", ("no-readline",), "no_readline", "flag"),
    Option("1", ("single-transaction",), "single_transaction", "flag"),
    Option("o", ("output",), "output"),
    Option("p", ("port",), "port"),
    Option("P", ("pset",), "psets", "ordered", const=None),
    Option("q", ("quiet",), "quiet", "flag"),
    Option("R", ("record-separator",), "psets", "ordered", const="recordsep"),
    Option("0", ("record-separator-zero",), "psets", "ordered-flag", const="recordsep_zero"),
    Option("s", ("single-step",), "single_step", "flag"),
    Option("S", ("single-line",), "single_line", "flag"),
    Option("t", ("tuples-only",), "psets", "ordered-flag", const="tuples_only=on"),
    Option("T", ("table-attr",), "psets", "ordered", const="tableattr"),
    Option("U", ("username",), "username"),
    Option("v", ("set", "variable"), "variables", "append"),
    Option("V", ("version",), "version", "flag"),
    Option("w", ("no-password",), "no_password", "flag"),
    Option("W", ("password",), "password", "flag"),
    Option("x", ("expanded",), "psets", "ordered-flag", const="expanded=on"),
    Option("X", ("no-psqlrc",), "no_psqlrc", "flag"),
    Option("?", ("help",), "help", "optional", const="options"),
    Option(None, ("csv",), "psets", "ordered-flag", const="format=csv"),
    # dsqlsh's own.
    Option(None, ("profile",), "profile", psql=False),
    Option(None, ("region",), "region", psql=False),
    Option(None, ("token-expires",), "token_expires", "int", psql=False),
    Option(None, ("occ-retry",), "occ_retry", "int", psql=False),
    Option(None, ("dsql-check",), "dsql_check", choices=("warn", "strict", "fix", "off"), psql=False),
    Option(None, ("style",), "style", psql=False),
    Option(None, ("vi",), "vi", "flag", psql=False),
    Option(None, ("check",), "check", "flag", psql=False),
    Option(None, ("fix",), "fix", "flag", psql=False),
    Option(None, ("format",), "format", choices=("text", "json"), psql=False),
    Option(None, ("local",), "local", "flag", psql=False),
    Option(None, ("local-dir",), "local_dir", psql=False),
    Option(None, ("fresh",), "fresh", "flag", psql=False),
    Option(None, ("sample",), "sample", "flag", psql=False),
    # Saved connections (saved_connections.py) and the shipped shell completions.
    Option("D", ("connection",), "connection", psql=False),
    Option(None, ("list-connections",), "list_connections", "flag", psql=False),
    Option(None, ("list-clusters",), "list_clusters", "flag", psql=False),
    Option(None, ("completion",), "completion", choices=("bash", "zsh", "fish"), psql=False),
)

# psql prints its help or version as soon as it reads the option: what follows is not read (nor complained of).
_LAST_READ = ("help", "version")
_DEFAULTS = {"actions": list, "psets": list, "variables": list, "token_expires": 900, "occ_retry": 0,
             "format": "text"}


def read_options(argv: list[str]) -> tuple[dict[str, Any], list[str]]:
    """(each option's dest -> value, the arguments that are not options, in order)."""
    values: dict[str, Any] = {option.dest: False if option.kind == "flag" else None for option in OPTIONS}
    for dest, default in _DEFAULTS.items():
        values[dest] = default() if callable(default) else default
    positional: list[str] = []
    short = {option.short: option for option in OPTIONS if option.short}
    i = 0
    while i < len(argv):
        word = argv[i]
        i += 1
        if word == "--":
            positional.extend(argv[i:])
            break
        if word.startswith("--"):
            name, eq, argument = word[2:].partition("=")
            option = _long_option(name, word)
            if option.takes_argument and not eq:
                if i == len(argv):
                    raise UsageError(f"option '--{option.names[0]}' requires an argument")
                argument = argv[i]
                i += 1
            elif eq and not option.takes_argument and option.kind != "optional":
                raise UsageError(f"option '--{_spelled(option, name)}' doesn't allow an argument")
            _store(values, option, f"--{_spelled(option, name)}", argument if eq or option.takes_argument else None)
            if option.dest in _LAST_READ:
                return values, positional
        elif word.startswith("-") and word != "-":
            j = 1
            while j < len(word):
                letter = word[j]
                j += 1
                found = short.get(letter)
                if found is None:
                    raise UsageError(f"invalid option -- '{letter}'")
                if letter == "?" and word != "-?":
                    raise UsageError("")  # psql takes -? for help only as a word of its own: the hint alone
                argument = None
                if found.takes_argument:
                    if j < len(word):
                        argument, j = word[j:], len(word)
                    elif i < len(argv):
                        argument = argv[i]
                        i += 1
                    else:
                        raise UsageError(f"option requires an argument -- '{letter}'")
                _store(values, found, f"-{letter}", argument)
                if found.dest in _LAST_READ:
                    return values, positional
        else:
            positional.append(word)
    return values, positional


def _long_option(name: str, word: str) -> Option:
    """The option `--name` means: its full name, else the one option it abbreviates (psql's first)."""
    exact = [option for option in OPTIONS if name in option.names]
    if exact:
        return exact[0]
    starting = [option for option in OPTIONS if name and any(n.startswith(name) for n in option.names)]
    psql_ones = [option for option in starting if option.psql]
    if len(psql_ones) == 1:
        return psql_ones[0]
    if len(starting) == 1:
        return starting[0]
    if not starting:
        raise UsageError(f"unrecognized option '{word}'")
    possible = " ".join(f"'--{n}'" for option in starting for n in option.names if n.startswith(name))
    raise UsageError(f"option '--{name}' is ambiguous; possibilities: {possible}")


def _spelled(option: Option, name: str) -> str:
    """The long name the user's abbreviation stands for (--set, not --variable, for --se)."""
    return next((n for n in option.names if n.startswith(name)), option.names[0])


def _store(values: dict[str, Any], option: Option, spelled: str, argument: str | None) -> None:
    if option.choices is not None and argument not in option.choices:
        choose = ", ".join(f"'{c}'" for c in option.choices)
        raise UsageError(f"argument {spelled}: invalid choice: '{argument}' (choose from {choose})")
    kind = option.kind
    if kind == "flag":
        values[option.dest] = True
    elif kind in ("const", "optional"):
        values[option.dest] = option.const if argument is None else argument
    elif kind == "int":
        assert argument is not None
        try:
            values[option.dest] = int(argument)
        except ValueError:
            raise UsageError(f"argument {spelled}: invalid int value: '{argument}'") from None
    elif kind == "append":
        values[option.dest].append(argument)
    elif kind == "ordered":
        values[option.dest].append((option.const, argument))
    elif kind == "ordered-flag":
        values[option.dest].append((option.const, None))
    else:
        values[option.dest] = argument
