# fish completion for dsqlsh, the terminal SQL shell for Amazon Aurora DSQL.
#
# Install: dsqlsh --completion fish > ~/.config/fish/completions/dsqlsh.fish

# Profile names from the AWS CLI's files: [profile NAME] and [default] in config, [NAME] in credentials.
function __dsqlsh_aws_profiles
    set -l config ~/.aws/config
    set -q AWS_CONFIG_FILE; and set config $AWS_CONFIG_FILE
    set -l credentials ~/.aws/credentials
    set -q AWS_SHARED_CREDENTIALS_FILE; and set credentials $AWS_SHARED_CREDENTIALS_FILE
    begin
        test -r $config; and string replace -rf '^\s*\[\s*(?:profile\s+)?(.*?)\s*\].*$' '$1' <$config \
            | string match -v -r '^(?:sso-session|services)\s'
        test -r $credentials; and string replace -rf '^\s*\[\s*(.*?)\s*\].*$' '$1' <$credentials
    end | sort -u
end

function __dsqlsh_regions
    printf '%s\n' us-east-1 us-east-2 us-west-1 us-west-2 ca-central-1 ca-west-1 mx-central-1 sa-east-1 \
        eu-west-1 eu-west-2 eu-west-3 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 \
        af-south-1 me-south-1 me-central-1 il-central-1 ap-east-1 ap-east-2 ap-south-1 ap-south-2 \
        ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-southeast-1 ap-southeast-2 ap-southeast-3 \
        ap-southeast-4 ap-southeast-5 ap-southeast-7
end

# Saved connection names (config.toml's [connections.NAME]), as the dsqlsh being completed reads them.
function __dsqlsh_connections
    set -l command (commandline -opc)[1]
    $command --list-connections -A -t 2>/dev/null | string replace -r '\|.*' ''
end

# Arguments are DBNAME and USERNAME, as psql's: no file names, except for FILE... after --check; @NAME is a
# saved connection.
complete -c dsqlsh -f
complete -c dsqlsh -n '__fish_contains_opt check' -F
complete -c dsqlsh -n 'string match -q -- "@*" (commandline -ct)' -a '(__dsqlsh_connections | string replace -r "^" "@")'

# General options
complete -c dsqlsh -s c -l command -x -d 'Run only single command (SQL or internal) and exit'
complete -c dsqlsh -s d -l dbname -x -a postgres -d 'Database name to connect to'
complete -c dsqlsh -s f -l file -r -F -d 'Execute commands from file, then exit'
complete -c dsqlsh -s l -l list -d 'List available databases, then exit'
complete -c dsqlsh -s v -l set -l variable -x -d 'Set dsqlsh variable NAME to VALUE'
complete -c dsqlsh -s V -l version -d 'Output version information, then exit'
complete -c dsqlsh -s X -l no-psqlrc -d 'Do not read startup file (~/.dsqlshrc)'
complete -c dsqlsh -s 1 -l single-transaction -d 'Execute as a single transaction (if non-interactive)'
complete -c dsqlsh -s '?' -d 'Show help, then exit'
complete -c dsqlsh -l help -a 'options commands variables' -d 'Show help, then exit'
complete -c dsqlsh -l completion -x -a 'bash zsh fish' -d 'Print the completion script for a shell, then exit'

# Input and output options
complete -c dsqlsh -s a -l echo-all -d 'Echo all input from script'
complete -c dsqlsh -s b -l echo-errors -d 'Echo failed commands'
complete -c dsqlsh -s e -l echo-queries -d 'Echo commands sent to server'
complete -c dsqlsh -s E -l echo-hidden -d 'Display queries that internal commands generate'
complete -c dsqlsh -s L -l log-file -r -F -d 'Send session log to file'
complete -c dsqlsh -s n -l no-readline -d 'Disable enhanced command line editing'
complete -c dsqlsh -s o -l output -r -F -d 'Send query results to file (or |pipe)'
complete -c dsqlsh -s q -l quiet -d 'Run quietly (no messages, only query output)'
complete -c dsqlsh -s s -l single-step -d 'Single-step mode (confirm each query)'
complete -c dsqlsh -s S -l single-line -d 'Single-line mode (end of line terminates SQL command)'

# Output format options
complete -c dsqlsh -s A -l no-align -d 'Unaligned table output mode'
complete -c dsqlsh -l csv -d 'CSV (Comma-Separated Values) table output mode'
complete -c dsqlsh -s F -l field-separator -x -d 'Field separator for unaligned output'
complete -c dsqlsh -s H -l html -d 'HTML table output mode'
complete -c dsqlsh -s P -l pset -x -d 'Set printing option VAR to ARG' -a 'border columns csv_fieldsep expanded
fieldsep fieldsep_zero footer format linestyle null numericlocale pager pager_min_lines recordsep recordsep_zero
tableattr title tuples_only unicode_border_linestyle unicode_column_linestyle unicode_header_linestyle xheader_width'
complete -c dsqlsh -s R -l record-separator -x -d 'Record separator for unaligned output'
complete -c dsqlsh -s t -l tuples-only -d 'Print rows only'
complete -c dsqlsh -s T -l table-attr -x -d 'Set HTML table tag attributes'
complete -c dsqlsh -s x -l expanded -d 'Turn on expanded table output'
complete -c dsqlsh -s z -l field-separator-zero -d 'Set field separator for unaligned output to zero byte'
complete -c dsqlsh -s 0 -l record-separator-zero -d 'Set record separator for unaligned output to zero byte'

# Connection options
complete -c dsqlsh -s h -l host -x -a '(__fish_print_hostnames)' -d 'Server host, socket directory, or Aurora DSQL endpoint'
complete -c dsqlsh -s p -l port -x -d 'Database server port'
complete -c dsqlsh -s U -l username -x -a admin -d 'Database user name'
complete -c dsqlsh -s w -l no-password -d 'Never prompt for password'
complete -c dsqlsh -s W -l password -d 'Force password prompt'
complete -c dsqlsh -s D -l connection -x -a '(__dsqlsh_connections)' -d 'Connect with a saved connection (as @NAME)'
complete -c dsqlsh -l list-connections -d 'List the saved connections, then exit'
complete -c dsqlsh -l list-clusters -d 'List the Aurora DSQL clusters in a region, then exit'

# Aurora DSQL options
complete -c dsqlsh -l profile -x -a '(__dsqlsh_aws_profiles)' -d 'AWS profile for credentials'
complete -c dsqlsh -l region -x -a '(__dsqlsh_regions)' -d 'Region for a bare cluster id'
complete -c dsqlsh -l token-expires -x -d 'Lifetime of each IAM token, in seconds'
complete -c dsqlsh -l occ-retry -x -d 'Re-run an auto-commit statement up to N times on an OCC conflict'
complete -c dsqlsh -l style -x -d 'Colour style for the interactive shell (a pygments style)'
complete -c dsqlsh -l vi -d 'vi key bindings in the interactive shell'
complete -c dsqlsh -l dsql-check -x -d 'Check statements before sending them' -a '
warn\t"Print findings, then send"
strict\t"Refuse statements DSQL rejects"
fix\t"Rewrite what has a fix, refuse the rest"
off\t"Do not check"'
complete -c dsqlsh -l check -d 'Check SQL files for what DSQL rejects, offline'
complete -c dsqlsh -l fix -d 'With --check, rewrite FILE into what DSQL accepts; with -f, fix then run it'
complete -c dsqlsh -l format -x -a 'text json' -d 'Output format of --check'

# Local playground options
complete -c dsqlsh -l local -d 'Start or join the local playground (PostgreSQL behaving like DSQL)'
complete -c dsqlsh -l local-dir -x -a '(__fish_complete_directories)' -d 'Keep the playground in DIR'
complete -c dsqlsh -l fresh -d 'Empty the playground first (deletes its data)'
complete -c dsqlsh -l sample -d 'Load the sample schema (owner, pet, orders)'
