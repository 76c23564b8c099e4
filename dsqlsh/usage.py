"""dsqlsh --help's text (psql's usage), also printed by \\? options."""

__all__ = ["USAGE"]

USAGE = """\
dsqlsh is the terminal SQL shell for Amazon Aurora DSQL (and PostgreSQL).

Usage:
  dsqlsh [OPTION]... [DBNAME [USERNAME]]
  dsqlsh @NAME [OPTION]... [DBNAME [USERNAME]]    (NAME: a saved connection)

General options:
  -c, --command=COMMAND    run only single command (SQL or internal) and exit
  -d, --dbname=DBNAME      database name to connect to
  -f, --file=FILENAME      execute commands from file, then exit
  -l, --list               list available databases, then exit
  -v, --set=, --variable=NAME=VALUE
                           set dsqlsh variable NAME to VALUE
                           (e.g., -v ON_ERROR_STOP=1)
  -V, --version            output version information, then exit
      --completion=SHELL   print the shell completion script (bash, zsh or fish),
                           then exit
  -X, --no-psqlrc          do not read startup file (~/.dsqlshrc)
  -1 ("one"), --single-transaction
                           execute as a single transaction (if non-interactive)
  -?, --help               show this help, then exit

Input and output options:
  -a, --echo-all           echo all input from script
  -b, --echo-errors        echo failed commands
  -e, --echo-queries       echo commands sent to server
  -E, --echo-hidden        display queries that internal commands generate
  -L, --log-file=FILENAME  send session log to file
  -n, --no-readline        disable enhanced command line editing
      --style=NAME         colour style for the interactive shell (a pygments style)
      --vi                 vi key bindings in the interactive shell
  -o, --output=FILENAME    send query results to file (or |pipe)
  -q, --quiet              run quietly (no messages, only query output)
  -s, --single-step        single-step mode (confirm each query)
  -S, --single-line        single-line mode (end of line terminates SQL command)

Output format options:
  -A, --no-align           unaligned table output mode
      --csv                CSV (Comma-Separated Values) table output mode
  -F, --field-separator=STRING
                           field separator for unaligned output (default: "|")
  -H, --html               HTML table output mode
  -P, --pset=VAR[=ARG]     set printing option VAR to ARG (see \\pset command)
  -R, --record-separator=STRING
                           record separator for unaligned output (default: newline)
  -t, --tuples-only        print rows only
  -T, --table-attr=TEXT    set HTML table tag attributes (e.g., width, border)
  -x, --expanded           turn on expanded table output
  -z, --field-separator-zero
                           set field separator for unaligned output to zero byte
  -0, --record-separator-zero
                           set record separator for unaligned output to zero byte

Connection options:
  -h, --host=HOSTNAME      database server host or socket directory; an Aurora DSQL
                           endpoint, cluster id or cluster ARN connects with IAM auth
  -p, --port=PORT          database server port
  -U, --username=USERNAME  database user name
  -w, --no-password        never prompt for password
  -W, --password           force password prompt (should happen automatically)
  -D, --connection=NAME    connect with saved connection NAME, as @NAME does (from
                           $XDG_CONFIG_HOME/dsqlsh/config.toml; flags win over it)
      --list-connections   list the saved connections, then exit

Aurora DSQL options:
      --profile=NAME       AWS profile for credentials (default: AWS_PROFILE, then default)
      --region=REGION      region for a bare cluster id (default: AWS_REGION, then profile)
      --list-clusters      list the Aurora DSQL clusters in the region (--region, else
                           the profile's), then exit; the printing options apply
      --token-expires=SECONDS
                           lifetime of each IAM token dsqlsh makes (default: 900)
      --occ-retry=N        re-run an auto-commit statement up to N times on an OCC
                           conflict (SQLSTATE 40001)
      --dsql-check=MODE    check statements before sending them: warn (default on
                           DSQL hosts), strict (refuse), fix (rewrite what has a
                           fix, refuse the rest), off (default elsewhere)
      --check [--format=text|json] FILE...
                           check SQL files for what DSQL rejects, offline; exit 1
                           when there is an error
      --check --fix [-o OUT] FILE
                           write FILE rewritten into what DSQL accepts (a pg_dump
                           too) and report each change; exit 0, 3 (meaning
                           changed) or 1 (something could not be fixed)
      --fix -f FILE        fix FILE as above, then run the fixed script

Local playground options:
      --local              start or join a private PostgreSQL that behaves like
                           Aurora DSQL; connect as admin (needs dsqlsh[local])
      --local-dir=DIR      keep the playground in DIR (default:
                           $XDG_DATA_HOME/dsqlsh/playground)
      --fresh              empty the playground first (deletes its data)
      --sample             load the sample schema (owner, pet, orders)

For more information, type "\\?" (for internal commands) from within dsqlsh.
"""
