-- about: unknown backslash command under ON_ERROR_STOP stops the script with exit 3
-- args: -X -v ON_ERROR_STOP=1 -f {script}
\echo before
\foo
\echo after
