"""`\\? variables` and `--help=variables`: the variables, display settings and environment variables dsqlsh
treats specially, laid out as psql 18 lays out its list, described in dsqlsh's own words."""

from __future__ import annotations

__all__ = ["variables_help"]

VARIABLES = (
    ("AUTOCOMMIT", "on: each statement outside BEGIN commits by itself; off: the first one opens a transaction"),
    ("BATCH_RESUME_KEY", "set by a \\batch that stopped: the same \\batch goes on from there (dsqlsh)"),
    ("COMP_KEYWORD_CASE", "the case Tab gives SQL key words\n[lower, upper, preserve-lower, preserve-upper]"),
    ("COPY_BATCH_BYTES", "the most bytes a batched \\copy sends in one transaction (dsqlsh)"),
    ("COPY_BATCH_ROWS", "the most rows a batched \\copy sends in one transaction (dsqlsh)"),
    ("COPY_JOBS", "connections a batched \\copy loads on at once; 4 on DSQL, 1 elsewhere (dsqlsh)"),
    ("COPY_START_ROW", "the first data row a \\copy loads, to resume one that stopped (dsqlsh)"),
    ("DBNAME", "the database connected to"),
    ("DSQL_CHECK", "what the DSQL checker does before sending\n[warn, strict, fix, off] (dsqlsh)"),
    ("DSQL_MAX_CONNECTION_AGE", "seconds after which a DSQL connection is replaced with a fresh one before\n"
                                "the next statement (default 3300, ahead of DSQL's 60-minute limit) (dsqlsh)"),
    ("ECHO", "which input lines are written to standard output\n[all, errors, none, queries]"),
    ("ECHO_HIDDEN", "show the queries backslash commands send (noexec: show them, send nothing)\n"
                    "[on, off, noexec]"),
    ("ENCODING", "the client character set"),
    ("ERROR", "true if the last query failed, false if it succeeded"),
    ("FETCH_COUNT", "fetch and print a result this many rows at a time (0: all at once)"),
    ("HIDE_TABLEAM", "leave table access methods out of describe output"),
    ("HIDE_TOAST_COMPRESSION", "leave compression methods out of describe output"),
    ("HISTCONTROL", "which lines the history keeps\n[ignorespace, ignoredups, ignoreboth]"),
    ("HISTFILE", "the file the history is kept in"),
    ("HISTSIZE", "how many commands the history keeps"),
    ("HOST", "the server host connected to"),
    ("IGNOREEOF", "how many Ctrl-D at an empty prompt it takes to leave"),
    ("LASTOID", "the OID of the last large object imported"),
    ("LAST_ERROR_MESSAGE", "the message of the last error"),
    ("LAST_ERROR_SQLSTATE", "the SQLSTATE of the last error (00000 when none)"),
    ("OCC_RETRY", "times a lone auto-commit statement is run again after an OCC conflict (dsqlsh)"),
    ("ON_ERROR_ROLLBACK", "on: an error inside a transaction rolls back that statement only\n"
                          "[on, off, interactive]"),
    ("ON_ERROR_STOP", "stop a script at its first error"),
    ("PIPELINE_COMMAND_COUNT", "queries queued in the pipeline since its last sync or flush request"),
    ("PIPELINE_RESULT_COUNT", "results of the pipeline the server was asked for and not read yet"),
    ("PIPELINE_SYNC_COUNT", "syncs queued in the pipeline whose results are not read yet"),
    ("PORT", "the server port connected to"),
    ("PROMPT1", "the prompt for a new command"),
    ("PROMPT2", "the prompt while a command continues on more lines"),
    ("PROMPT3", "the prompt for COPY FROM STDIN data"),
    ("QUIET", "print fewer messages (as -q)"),
    ("ROW_COUNT", "rows the last query returned or changed (0 after an error)"),
    ("SERVER_VERSION_NAME", "the server's version, as text"),
    ("SERVER_VERSION_NUM", "the server's version, as a number"),
    ("SHELL_ERROR", "true if the last \\! or backtick command failed"),
    ("SHELL_EXIT_CODE", "the exit status of the last \\! or backtick command"),
    ("SHOW_ALL_RESULTS", "show the result of every statement of a multi-statement line (off: the last)"),
    ("SHOW_CONTEXT", "when to print the CONTEXT lines of messages\n[never, errors, always]"),
    ("SINGLELINE", "the end of a line ends the command (as -S)"),
    ("SINGLESTEP", "ask before running each command (as -s)"),
    ("SQLSTATE", "the SQLSTATE of the last query (00000 when it succeeded)"),
    ("USER", "the user (role) connected as"),
    ("VERBOSITY", "how much of an error is printed\n[default, verbose, terse, sqlstate]"),
    ("VERSION", "dsqlsh's version, in words"),
    ("VERSION_NAME", "dsqlsh's version, short"),
    ("VERSION_NUM", "dsqlsh's version, as a number"),
    ("WATCH_INTERVAL", "the seconds \\watch waits between runs when not told"),
)

DISPLAY = (
    ("border", "the border style, a number"),
    ("columns", "the width wrapped output fits (0: the terminal's)"),
    ("csv_fieldsep", "the field separator of csv output (default \",\")"),
    ("expanded (or x)", "one line per column\n[on, off, auto]"),
    ("fieldsep", "the field separator of unaligned output (default \"|\")"),
    ("fieldsep_zero", "a zero byte as the unaligned field separator"),
    ("footer", "print the row count footer"),
    ("format", "the output format\n[aligned, asciidoc, csv, html, latex, latex-longtable, troff-ms, unaligned,\n"
               " wrapped] (and tabulate's markdown, github, rst, grid... by full name)"),
    ("linestyle", "the characters tables are drawn with\n[ascii, old-ascii, unicode]"),
    ("null", "how a NULL is printed"),
    ("numericlocale", "group digits of numbers as the locale does"),
    ("pager", "when to use a pager\n[yes, no, always]"),
    ("recordsep", "the record separator of unaligned output (default a newline)"),
    ("recordsep_zero", "a zero byte as the unaligned record separator"),
    ("tableattr (or T)", "the attributes of HTML's table tag, or the column widths of latex-longtable"),
    ("title", "the title printed above tables"),
    ("tuples_only", "print the rows only, without headers or footers"),
    ("unicode_border_linestyle", "the unicode border lines\n[single, double]"),
    ("unicode_column_linestyle", "the unicode column lines\n[single, double]"),
    ("unicode_header_linestyle", "the unicode header lines\n[single, double]"),
    ("xheader_width", "the width of expanded output's record headers\n"
                      "[full, column, page, or a number of columns]"),
)

ENVIRONMENT = (
    ("AWS_PROFILE, AWS_REGION", "the AWS credentials and region IAM tokens are made with (dsqlsh)"),
    ("COLUMNS", "the screen width wrapped output and \\x auto use"),
    ("DSQLSHRC", "the start-up file read instead of ~/.dsqlshrc (dsqlsh)"),
    ("PGAPPNAME", "the application_name connections report"),
    ("PGDATABASE", "the database to connect to"),
    ("PGHOST", "the server host (or a DSQL endpoint)"),
    ("PGPASSFILE", "the password file"),
    ("PGPASSWORD", "a password (better: the password file; DSQL uses IAM tokens)"),
    ("PGPORT", "the server port"),
    ("PGUSER", "the user (role) to connect as"),
    ("PSQL_EDITOR, EDITOR, VISUAL", "the editor \\e, \\ef and \\ev start"),
    ("PSQL_EDITOR_LINENUMBER_ARG", "how the editor is told the line to start at"),
    ("PSQL_PAGER, PAGER", "the pager (an empty value turns paging off)"),
    ("PSQLRC", "the start-up file read when there is no ~/.dsqlshrc"),
    ("SHELL", "the shell \\! runs"),
    ("TMPDIR", "where temporary files go"),
)


def _section(title: str, usage: tuple[str, str], entries: tuple[tuple[str, str], ...]) -> list[str]:
    lines = [title, "Usage:", f"  {usage[0]}", f"  or {usage[1]}", ""]
    for name, text in entries:
        lines.append(f"  {name}")
        lines.extend(f"    {line}" for line in text.split("\n"))
    return lines + [""]


def variables_help() -> str:
    """The whole text, as `\\? variables` prints it."""
    lines = ["List of specially treated variables", ""]
    lines += _section("dsqlsh variables:", ("dsqlsh --set=NAME=VALUE", "\\set NAME VALUE inside dsqlsh"), VARIABLES)
    lines += _section("Display settings:", ("dsqlsh --pset=NAME[=VALUE]", "\\pset NAME [VALUE] inside dsqlsh"),
                      DISPLAY)
    lines += _section("Environment variables:", ("NAME=VALUE [NAME=VALUE] dsqlsh ...",
                                                 "\\setenv NAME [VALUE] inside dsqlsh"), ENVIRONMENT)
    return "\n".join(lines)
