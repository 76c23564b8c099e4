-- about: \! runs a shell command, \cd changes the directory for \!, \i and \o
-- files: sub/out.txt
\! echo hello from the shell
\! echo "quoted   spaces" 'and $HOME stays' | tr a-z A-Z
\set v from_var
\! echo :v
\cd sub
\! cat file.txt
\o out.txt
select 'written after cd' as w;
\o
\cd nosuch_dir
\! exit 3
\echo after failing command
\cd
\! test "$PWD" = "$HOME" && echo now in home
