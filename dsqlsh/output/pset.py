"""\\pset: change one PrintOptions setting and describe it, with psql's rules and messages."""

from __future__ import annotations

from dsqlsh.output.options import PrintOptions
from dsqlsh.variables import BadVariable, c_atoi, parse_bool

__all__ = ["PsetError", "set_option", "describe", "list_options", "PSQL_FORMATS", "EXTRA_FORMATS"]

PSQL_FORMATS = ("aligned", "asciidoc", "csv", "html", "latex", "latex-longtable", "troff-ms",
                "unaligned", "wrapped")
# Beyond psql, through tabulate.
EXTRA_FORMATS = ("markdown", "github", "rst", "grid", "simple", "pipe", "orgtbl", "jira", "mediawiki")
LINESTYLES = ("ascii", "old-ascii", "unicode")
UNICODE_STYLES = ("single", "double")
# Booleans that psql changes silently when given a value, and describes when toggled.
SILENT_WHEN_SET = ("tuples_only", "footer", "numericlocale")


class PsetError(ValueError):
    """A refused \\pset; the message is psql's, without the "\\pset: " prefix where psql omits it."""


def _match(value: str, choices: tuple[str, ...], what: str) -> str:
    """psql accepts a unique prefix of a choice (exact match wins)."""
    value_l = value.lower()
    if value_l in choices:
        return value_l
    hits = [c for c in choices if c.startswith(value_l)] if value_l else []
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise PsetError(f'\\pset: ambiguous abbreviation "{value}" matches both "{hits[0]}" and "{hits[1]}"')
    raise PsetError(what)


def _format(value: str) -> str:
    """psql's rule: a prefix of one of its formats but latex-longtable (a prefix of two is refused), then of
    latex-longtable (so "l" is latex). Tabulate's formats go by their full names."""
    value_l = value.lower()
    if value_l in PSQL_FORMATS + EXTRA_FORMATS:
        return value_l
    hits = [f for f in PSQL_FORMATS if f != "latex-longtable" and f.startswith(value_l)]
    if len(hits) > 1:
        raise PsetError(f'\\pset: ambiguous abbreviation "{value}" matches both "{hits[0]}" and "{hits[1]}"')
    if hits:
        return hits[0]
    if "latex-longtable".startswith(value_l):
        return "latex-longtable"
    raise PsetError("\\pset: allowed formats are " + ", ".join(PSQL_FORMATS))  # tabulate's by full name only


def _bool(value: str | None, current: bool, name: str) -> bool:
    if value is None:
        return not current
    try:
        return parse_bool(value, name)
    except BadVariable as exc:
        raise PsetError(str(exc)) from None


def set_option(popt: PrintOptions, name: str, value: str | None) -> bool:
    """Apply `\\pset name [value]`. Returns whether psql would describe the result afterwards."""
    if name == "format":
        if value is not None:
            popt.format = _format(value)
    elif name == "border":
        if value is not None:
            popt.border = c_atoi(value)
    elif name == "expanded":
        if value is None:
            popt.expanded = "off" if popt.expanded != "off" else "on"
        elif value.lower() == "auto":
            popt.expanded = "auto"
        else:
            try:
                popt.expanded = "on" if parse_bool(value, "expanded") else "off"
            except BadVariable:
                raise PsetError(f'unrecognized value "{value}" for "expanded"\n'
                                "Available values are: on, off, auto.") from None
    elif name == "xheader_width":
        if value is not None:
            if value.lower() in ("full", "column", "page"):
                popt.xheader_width = value.lower()
            elif c_atoi(value) != 0:  # psql's atoi: any width but 0, negative ones too
                popt.xheader_width = str(c_atoi(value))
            else:
                raise PsetError("\\pset: allowed xheader_width values are \"full\" (default), "
                                "\"column\", \"page\", or a number specifying the exact width")
    elif name == "csv_fieldsep":
        if value is not None:
            if len(value.encode()) != 1:
                raise PsetError("\\pset: csv_fieldsep must be a single one-byte character")
            if value in ('"', "\n", "\r"):
                raise PsetError("\\pset: csv_fieldsep cannot be a double quote, a newline, or a carriage return")
            popt.csv_fieldsep = value
    elif name in ("numericlocale", "tuples_only", "footer"):
        setattr(popt, name, _bool(value, getattr(popt, name), name))
        return value is None
    elif name == "null":
        if value is not None:
            popt.null = value
    elif name == "fieldsep":
        if value is not None:
            popt.fieldsep, popt.fieldsep_zero = value, False
    elif name == "fieldsep_zero":  # psql drops the separator's text: \pset shows it as '' after
        popt.fieldsep, popt.fieldsep_zero = "", True
    elif name == "recordsep":
        if value is not None:
            popt.recordsep, popt.recordsep_zero = value, False
    elif name == "recordsep_zero":
        popt.recordsep, popt.recordsep_zero = "", True
    elif name == "title":
        popt.title = value
    elif name == "tableattr":
        popt.tableattr = value
    elif name == "pager":
        if value is None:
            popt.pager = 0 if popt.pager else 1
        elif value.lower() == "always":
            popt.pager = 2
        else:
            try:
                popt.pager = 1 if parse_bool(value, "pager") else 0
            except BadVariable:
                raise PsetError(f'unrecognized value "{value}" for "pager"\n'
                                "Available values are: on, off, always.") from None
    elif name == "pager_min_lines":
        if value is not None:
            try:  # psql's ParseVariableNum
                popt.pager_min_lines = int(value)
            except ValueError:
                raise PsetError(f'invalid value "{value}" for "pager_min_lines": integer expected') from None
    elif name == "linestyle":
        if value is not None:
            popt.linestyle = _match(value, LINESTYLES, "\\pset: allowed line styles are ascii, old-ascii, unicode")
    elif name in ("unicode_border_linestyle", "unicode_column_linestyle", "unicode_header_linestyle"):
        if value is not None:
            kind = name.split("_")[1]
            setattr(popt, name, _match(value, UNICODE_STYLES,
                                       f"\\pset: allowed Unicode {kind} line styles are single, double"))
    elif name == "columns":
        if value is not None:
            popt.columns = c_atoi(value)
    else:
        raise PsetError(f"\\pset: unknown option: {name}")
    return True


def _on_off(flag: bool) -> str:
    return "on" if flag else "off"


def describe(popt: PrintOptions, name: str) -> str:
    """psql's printPsetInfo line for one option."""
    if name == "border":
        return f"Border style is {popt.border}."
    if name == "columns":
        return f"Target width is {popt.columns}." if popt.columns else "Target width is unset."
    if name == "expanded":
        if popt.expanded == "auto":
            return "Expanded display is used automatically."
        return f"Expanded display is {popt.expanded}."
    if name == "xheader_width":
        return f'Expanded header width is "{popt.xheader_width}".'
    if name in ("fieldsep", "fieldsep_zero"):
        return "Field separator is zero byte." if popt.fieldsep_zero else f'Field separator is "{popt.fieldsep}".'
    if name == "footer":
        return f"Default footer is {_on_off(popt.footer)}."
    if name == "format":
        return f"Output format is {popt.format}."
    if name == "linestyle":
        return f"Line style is {popt.linestyle}."
    if name == "null":
        return f'Null display is "{popt.null}".'
    if name == "numericlocale":
        return f"Locale-adjusted numeric output is {_on_off(popt.numericlocale)}."
    if name == "pager":
        return {0: "Pager usage is off.", 1: "Pager is used for long output.", 2: "Pager is always used."}[popt.pager]
    if name == "pager_min_lines":
        unit = "line" if popt.pager_min_lines == 1 else "lines"
        return f"Pager won't be used for less than {popt.pager_min_lines} {unit}."
    if name in ("recordsep", "recordsep_zero"):
        if popt.recordsep_zero:
            return "Record separator is zero byte."
        if popt.recordsep == "\n":
            return "Record separator is <newline>."
        return f'Record separator is "{popt.recordsep}".'
    if name == "tableattr":
        return f'Table attributes are "{popt.tableattr}".' if popt.tableattr else "Table attributes unset."
    if name == "title":
        return f'Title is "{popt.title}".' if popt.title else "Title is unset."
    if name == "tuples_only":
        return f"Tuples only is {_on_off(popt.tuples_only)}."
    if name.startswith("unicode_"):
        kind = name.split("_")[1]
        return f'Unicode {kind} line style is "{getattr(popt, name)}".'
    if name == "csv_fieldsep":
        return f'Field separator for CSV is "{popt.csv_fieldsep}".'
    raise PsetError(f"\\pset: unknown option: {name}")


def _quoted(value: str | None) -> str:
    """psql's pset_quoted_string: single quotes doubled, newline and tab escaped."""
    if value is None:
        return ""
    escaped = value.replace("'", "''").replace("\n", "\\n").replace("\t", "\\t")
    return f"'{escaped}'"


def list_options(popt: PrintOptions) -> str:
    """`\\pset` with no arguments: every option and its value."""
    values = {
        "border": str(popt.border),
        "columns": str(popt.columns),
        "csv_fieldsep": _quoted(popt.csv_fieldsep),
        "expanded": popt.expanded,
        "fieldsep": _quoted(popt.fieldsep),
        "fieldsep_zero": _on_off(popt.fieldsep_zero),
        "footer": _on_off(popt.footer),
        "format": popt.format,
        "linestyle": popt.linestyle,
        "null": _quoted(popt.null),
        "numericlocale": _on_off(popt.numericlocale),
        "pager": str(popt.pager),
        "pager_min_lines": str(popt.pager_min_lines),
        "recordsep": _quoted(popt.recordsep),
        "recordsep_zero": _on_off(popt.recordsep_zero),
        "tableattr": _quoted(popt.tableattr),
        "title": _quoted(popt.title),
        "tuples_only": _on_off(popt.tuples_only),
        "unicode_border_linestyle": popt.unicode_border_linestyle,
        "unicode_column_linestyle": popt.unicode_column_linestyle,
        "unicode_header_linestyle": popt.unicode_header_linestyle,
        "xheader_width": popt.xheader_width,
    }
    return "".join(f"{name:<24} {value}\n" for name, value in values.items())
