# bash completion for dsqlsh, the terminal SQL shell for Amazon Aurora DSQL.
#
# Install (either):
#   dsqlsh --completion bash > ~/.local/share/bash-completion/completions/dsqlsh   # loaded on demand
#   source <(dsqlsh --completion bash)               # in ~/.bashrc
#
# Needs bash 4.1+ and nothing else (bash-completion's helpers are not required).

_dsqlsh_regions="us-east-1 us-east-2 us-west-1 us-west-2 ca-central-1 ca-west-1 mx-central-1 sa-east-1
eu-west-1 eu-west-2 eu-west-3 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2
af-south-1 me-south-1 me-central-1 il-central-1 ap-east-1 ap-east-2 ap-south-1 ap-south-2
ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-southeast-1 ap-southeast-2 ap-southeast-3
ap-southeast-4 ap-southeast-5 ap-southeast-7"

_dsqlsh_psets="border columns csv_fieldsep expanded fieldsep fieldsep_zero footer format linestyle null
numericlocale pager pager_min_lines recordsep recordsep_zero tableattr title tuples_only
unicode_border_linestyle unicode_column_linestyle unicode_header_linestyle xheader_width"

_dsqlsh_options="-c --command -d --dbname -f --file -l --list -v --set --variable -V --version
-X --no-psqlrc -1 --single-transaction --help -a --echo-all -b --echo-errors -e --echo-queries
-E --echo-hidden -L --log-file -n --no-readline -o --output -q --quiet -s --single-step
-S --single-line -A --no-align --csv -F --field-separator -H --html -P --pset -R --record-separator
-t --tuples-only -T --table-attr -x --expanded -z --field-separator-zero -0 --record-separator-zero
-h --host -p --port -U --username -w --no-password -W --password --profile --region --token-expires
--occ-retry --dsql-check --check --fix --format --local --local-dir --fresh --sample --style --vi
-D --connection --list-connections --completion --list-clusters"

# COMPREPLY from compgen, one match a line: no word splitting or globbing of the matches.
_dsqlsh_reply() {
    mapfile -t COMPREPLY < <(compgen "$@")
}

# Profile names from the AWS CLI's files: [profile NAME] and [default] in config, [NAME] in credentials.
_dsqlsh_aws_profiles() {
    local config=${AWS_CONFIG_FILE:-$HOME/.aws/config}
    local credentials=${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}
    {
        [[ -r $config ]] && sed -n \
            -e 's/^[[:space:]]*\[[[:space:]]*profile[[:space:]][[:space:]]*\([^]]*[^][:space:]]\)[[:space:]]*\].*/\1/p' \
            -e 's/^[[:space:]]*\[[[:space:]]*\(default\)[[:space:]]*\].*/\1/p' "$config"
        [[ -r $credentials ]] && sed -n \
            -e 's/^[[:space:]]*\[[[:space:]]*\([^]]*[^][:space:]]\)[[:space:]]*\].*/\1/p' "$credentials"
    } 2>/dev/null | sort -u
}

# Saved connection names (config.toml's [connections.NAME]), one a line, as the dsqlsh being completed reads them.
_dsqlsh_connections() {
    local dsqlsh=${COMP_WORDS[0]/#\~/$HOME}
    "$dsqlsh" --list-connections -A -t 2>/dev/null | cut -d'|' -f1
}

# The values an option takes: words, files, directories, or nothing to offer (free text).
_dsqlsh_values() {
    local option=$1 cur=$2
    case $option in
        -f|--file|-o|--output|-L|--log-file)
            compopt -o filenames 2>/dev/null
            _dsqlsh_reply -f -- "$cur" ;;
        --local-dir)
            compopt -o filenames 2>/dev/null
            _dsqlsh_reply -d -- "$cur" ;;
        --profile)
            local IFS=$'\n'  # profile names may hold spaces: split the list on lines only
            _dsqlsh_reply -W "$(_dsqlsh_aws_profiles)" -- "$cur" ;;
        --region)
            _dsqlsh_reply -W "$_dsqlsh_regions" -- "$cur" ;;
        --dsql-check)
            _dsqlsh_reply -W "warn strict fix off" -- "$cur" ;;
        --format)
            _dsqlsh_reply -W "text json" -- "$cur" ;;
        -P|--pset)
            _dsqlsh_reply -W "$_dsqlsh_psets" -- "$cur" ;;
        -U|--username)
            _dsqlsh_reply -W "admin" -- "$cur" ;;
        -d|--dbname)
            _dsqlsh_reply -W "postgres" -- "$cur" ;;
        -h|--host)
            _dsqlsh_reply -A hostname -- "$cur" ;;
        --help)
            _dsqlsh_reply -W "options commands variables" -- "$cur" ;;
        -D|--connection)
            local IFS=$'\n'
            _dsqlsh_reply -W "$(_dsqlsh_connections)" -- "$cur" ;;
        --completion)
            _dsqlsh_reply -W "bash zsh fish" -- "$cur" ;;
        -c|--command|-p|--port|-v|--set|--variable|-F|--field-separator|-R|--record-separator|-T|--table-attr|--token-expires|--occ-retry)
            COMPREPLY=() ;;
        *)
            return 1 ;;
    esac
    return 0
}

_dsqlsh() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} word
    COMPREPLY=()

    # OPTION=VALUE. With '=' in COMP_WORDBREAKS (bash's default) the line arrives as OPTION, =, VALUE.
    if [[ $cur == = ]]; then
        _dsqlsh_values "$prev" "" && return 0
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        _dsqlsh_values "${COMP_WORDS[COMP_CWORD-2]}" "$cur" && return 0
    elif [[ $cur == --*=* ]]; then
        # '=' is not a word break here: complete the value and keep the option in front of it.
        local option=${cur%%=*}
        if _dsqlsh_values "$option" "${cur#*=}"; then
            COMPREPLY=("${COMPREPLY[@]/#/$option=}")
            return 0
        fi
    fi

    # An option's separate argument: -f FILE, --profile NAME ...
    if _dsqlsh_values "$prev" "$cur"; then
        return 0
    fi

    if [[ $cur == -* ]]; then
        _dsqlsh_reply -W "$_dsqlsh_options" -- "$cur"
        # -? stays out of the word list: compgen would glob it against the current directory.
        [[ -? == "$cur"* ]] && COMPREPLY+=("-?")
        return 0
    fi

    # @NAME, a saved connection. With '@' in COMP_WORDBREAKS (bash's default) the line arrives as @, NAME.
    if [[ $cur == @ || ($prev == @ && $COMP_CWORD -ge 2) ]]; then
        local IFS=$'\n'
        _dsqlsh_reply -W "$(_dsqlsh_connections)" -- "${cur#@}"
        return 0
    elif [[ $cur == @* ]]; then
        local IFS=$'\n'
        _dsqlsh_reply -P @ -W "$(_dsqlsh_connections)" -- "${cur#@}"
        return 0
    fi

    # Arguments: FILE... after --check; otherwise DBNAME and USERNAME, as psql.
    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        if [[ $word == --check ]]; then
            compopt -o filenames 2>/dev/null
            _dsqlsh_reply -f -- "$cur"
            return 0
        fi
    done
    return 0
}

complete -F _dsqlsh dsqlsh
