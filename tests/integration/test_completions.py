"""The shell completions (dsqlsh/data/completions, printed by `dsqlsh --completion SHELL`, linked from completions/):
loaded in their real shells, and in step with `dsqlsh --help`.

bash always runs (it must be there); zsh and fish run when installed and are skipped, with the reason,
otherwise. Each shell completes in a temporary HOME whose ~/.aws files hold known profiles, with a config.toml
of saved connections in XDG_CONFIG_HOME, and the dsqlsh under test first on PATH (names come from it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dsqlsh.data.shell_completion import SCRIPTS
from dsqlsh.options import OPTIONS
from dsqlsh.usage import USAGE as HELP

ROOT = Path(__file__).resolve().parents[2]
COMPLETIONS = ROOT / "completions"
BASH = COMPLETIONS / "dsqlsh.bash"
ZSH = COMPLETIONS / "_dsqlsh"
FISH = COMPLETIONS / "dsqlsh.fish"
PACKAGED = ROOT / "dsqlsh" / "data" / "completions"

AWS_CONFIG = """\
[default]
region = us-east-1
[profile dev]
region = eu-west-1
[ profile  team admin ]
region = us-west-2
[sso-session corp]
sso_region = us-east-1
"""
AWS_CREDENTIALS = "[ci]\naws_access_key_id = AKIDEXAMPLE\n[default]\naws_access_key_id = AKIDEXAMPLE\n"
PROFILES = {"ci", "default", "dev", "team admin"}
SAVED = '[connections.prod]\nhost = "h1"\n[connections.prod-eu]\nhost = "h2"\n[connections.staging]\nuser = "u"\n'
NAMES = ["prod", "prod-eu", "staging"]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A HOME with ~/.aws/config and credentials, and a working directory with a file and a directory."""
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "config").write_text(AWS_CONFIG)
    (home / ".aws" / "credentials").write_text(AWS_CREDENTIALS)
    cwd = tmp_path / "cwd"
    (cwd / "migrations").mkdir(parents=True)
    (cwd / "schema.sql").write_text("select 1;\n")
    (tmp_path / "xdg" / "dsqlsh").mkdir(parents=True)
    (tmp_path / "xdg" / "dsqlsh" / "config.toml").write_text(SAVED)
    bin_dir = tmp_path / "bin"  # `dsqlsh` as a user runs it: this checkout's, on PATH
    bin_dir.mkdir()
    (bin_dir / "dsqlsh").write_text(f'#!/bin/sh\nexec {sys.executable} -m dsqlsh "$@"\n')
    (bin_dir / "dsqlsh").chmod(0o755)
    return tmp_path


def _env(workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(workdir / "home"), XDG_CONFIG_HOME=str(workdir / "xdg"),
               PATH=f"{workdir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


# ---- bash: call the completion function as readline would, with COMP_WORDS and COMP_CWORD -----------
def bash_complete(workdir: Path, *words: str, **env: str) -> list[str]:
    script = f'source {BASH}; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _dsqlsh; printf "%s\\n" "${{COMPREPLY[@]}}"'
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash", *words], capture_output=True,
                          text=True, cwd=workdir / "cwd", env=_env(workdir, **env), timeout=30, check=True)
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


def test_bash_is_there():
    assert shutil.which("bash"), "bash is needed: its completion is tested on every run"


def test_bash_completes_options(workdir: Path):
    assert bash_complete(workdir, "dsqlsh", "--pro") == ["--profile"]
    assert bash_complete(workdir, "dsqlsh", "--loc") == ["--local", "--local-dir"]
    assert "-?" in bash_complete(workdir, "dsqlsh", "-")


def test_bash_completes_aws_profiles_from_config_and_credentials(workdir: Path):
    assert set(bash_complete(workdir, "dsqlsh", "--profile", "")) == PROFILES
    assert bash_complete(workdir, "dsqlsh", "--profile", "d") == ["default", "dev"]
    # --profile=NAME: bash splits on '=' (COMP_WORDBREAKS), or leaves it in one word when configured so.
    assert set(bash_complete(workdir, "dsqlsh", "--profile", "=", "")) == PROFILES
    assert bash_complete(workdir, "dsqlsh", "--profile=de") == ["--profile=default", "--profile=dev"]
    other = workdir / "other-config"
    other.write_text("[profile staging]\n")
    profiles = bash_complete(workdir, "dsqlsh", "--profile", "", AWS_CONFIG_FILE=str(other))
    assert set(profiles) == {"ci", "default", "staging"}


def test_bash_completes_regions_modes_and_formats(workdir: Path):
    assert bash_complete(workdir, "dsqlsh", "--region", "eu-c") == ["eu-central-1", "eu-central-2"]
    assert bash_complete(workdir, "dsqlsh", "--dsql-check", "") == ["warn", "strict", "fix", "off"]
    assert bash_complete(workdir, "dsqlsh", "--dsql-check", "=", "s") == ["strict"]
    assert bash_complete(workdir, "dsqlsh", "--check", "--format", "") == ["text", "json"]
    assert bash_complete(workdir, "dsqlsh", "-P", "tu") == ["tuples_only"]


def test_bash_completes_files_and_directories(workdir: Path):
    for option in ("-f", "--file", "-o", "--output", "-L", "--log-file"):
        assert set(bash_complete(workdir, "dsqlsh", option, "")) == {"migrations", "schema.sql"}, option
    assert bash_complete(workdir, "dsqlsh", "--local-dir", "") == ["migrations"]
    assert set(bash_complete(workdir, "dsqlsh", "--check", "")) == {"migrations", "schema.sql"}
    assert bash_complete(workdir, "dsqlsh", "--check", "s") == ["schema.sql"]
    assert bash_complete(workdir, "dsqlsh", "") == []  # DBNAME USERNAME, as psql: nothing to guess
    assert bash_complete(workdir, "dsqlsh", "-c", "") == []  # free text


def test_bash_completes_saved_connections_and_completion_shells(workdir: Path):
    assert bash_complete(workdir, "dsqlsh", "@") == NAMES  # '@' splits the word (bash's COMP_WORDBREAKS)
    assert bash_complete(workdir, "dsqlsh", "@", "pr") == ["prod", "prod-eu"]
    assert bash_complete(workdir, "dsqlsh", "@st") == ["@staging"]  # '@' not a word break
    assert bash_complete(workdir, "dsqlsh", "-D", "") == NAMES
    assert bash_complete(workdir, "dsqlsh", "--connection=s") == ["--connection=staging"]
    assert bash_complete(workdir, "dsqlsh", "--completion", "") == ["bash", "zsh", "fish"]
    assert bash_complete(workdir, "dsqlsh", "--list-co") == ["--list-connections"]
    assert bash_complete(workdir, "dsqlsh", "@", "", XDG_CONFIG_HOME=str(workdir / "none")) == []


# ---- zsh: a real interactive zsh in a pty, with compadd reporting what it was given ----------------
ZSH_CAPTURE = r"""
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
init=$1; line=$2
zpty -w z "source ${(q)init}"
repeat 20; do zpty -r z out; [[ $out == init-ok* ]] && break; done
zpty -w z "$line"$'\t'
integer marks=0
while zpty -r z out; do
  if [[ $out == *$'\0'* ]]; then (( marks++ )) && break || continue; fi
  [[ $out == CAND:* ]] && print -r -- ${${out#CAND:}%%$'\r'*}
done
zpty -d z
"""

ZSH_INIT = r"""
PROMPT= RPROMPT= PS2=
fpath=({completions} $fpath)
autoload -U compinit && compinit -u -D
bindkey '^I' complete-word
bindkey '^M' undefined
bindkey '^J' undefined
zstyle ':completion:*' insert-tab false
zmodload zsh/zutil
mark() {{ echo -E - $'\0' }}
compprefuncs=( mark )
comppostfuncs=( mark exit )
compadd() {{
  if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  builtin compadd "$@"  # add them too: zsh's fallbacks (other tags, all files) must see they exist
  local -A apre hpre
  zparseopts -E P:=apre p:=hpre
  local h
  for h in $__hits; do echo -E - "CAND:$IPREFIX${{apre[-P]}}${{hpre[-p]}}$h"; done
}}
echo init-ok
"""


@pytest.fixture
def zsh_complete(workdir: Path):
    if not shutil.which("zsh"):
        pytest.skip("zsh is not installed: its completion file is checked only for flags (test_every_help_flag...)")
    init = workdir / "init.zsh"
    init.write_text(ZSH_INIT.format(completions=COMPLETIONS))
    capture = workdir / "capture.zsh"
    capture.write_text(ZSH_CAPTURE)

    def complete(line: str) -> list[str]:
        done = subprocess.run(["zsh", "-f", str(capture), str(init), line], capture_output=True, text=True,
                              cwd=workdir / "cwd", env=_env(workdir), timeout=60)
        # compadd reports a match as zsh would insert it: quoted (team\\ admin).
        return sorted({c.replace("\\ ", " ") for c in done.stdout.splitlines() if c})

    return complete


def test_zsh_completes_options_profiles_regions_and_files(zsh_complete):
    assert "--profile" in zsh_complete("dsqlsh --pro")
    assert set(zsh_complete("dsqlsh --profile ")) == PROFILES
    assert zsh_complete("dsqlsh --profile=de") == ["--profile=default", "--profile=dev"]
    assert zsh_complete("dsqlsh --region eu-c") == ["eu-central-1", "eu-central-2"]
    assert zsh_complete("dsqlsh --dsql-check ") == ["fix", "off", "strict", "warn"]
    assert "schema.sql" in zsh_complete("dsqlsh -f ")
    assert zsh_complete("dsqlsh --check s") == ["schema.sql"]
    assert zsh_complete("dsqlsh --local-dir ") == ["migrations"]


def test_zsh_completes_saved_connections_and_completion_shells(zsh_complete):
    assert zsh_complete("dsqlsh @pr") == ["@prod", "@prod-eu"]
    assert zsh_complete("dsqlsh -X @") == ["@" + name for name in NAMES]
    assert zsh_complete("dsqlsh -D ") == NAMES
    assert zsh_complete("dsqlsh --connection=st") == ["--connection=staging"]
    assert zsh_complete("dsqlsh --completion ") == ["bash", "fish", "zsh"]


# ---- fish: `complete -C` prints what fish would offer ------------------------------------------------
@pytest.fixture
def fish_complete(workdir: Path):
    if not shutil.which("fish"):
        pytest.skip("fish is not installed: its completion file is checked only for flags (test_every_help_flag...)")

    def complete(line: str) -> list[str]:
        done = subprocess.run(["fish", "--no-config", "-c", f"source {FISH}; complete -C {_fish_quote(line)}"],
                              capture_output=True, text=True, cwd=workdir / "cwd", env=_env(workdir), timeout=60)
        assert done.stderr == ""
        return sorted(line.split("\t")[0] for line in done.stdout.splitlines() if line)

    return complete


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def test_fish_completes_options_profiles_regions_and_files(fish_complete):
    assert fish_complete("dsqlsh --pro") == ["--profile"]
    assert set(fish_complete("dsqlsh --profile ")) == PROFILES
    assert fish_complete("dsqlsh --region eu-c") == ["eu-central-1", "eu-central-2"]
    assert fish_complete("dsqlsh --dsql-check ") == ["fix", "off", "strict", "warn"]
    assert fish_complete("dsqlsh -f ") == ["migrations/", "schema.sql"]
    assert fish_complete("dsqlsh --check s") == ["schema.sql"]
    assert fish_complete("dsqlsh --local-dir ") == ["migrations/"]
    assert fish_complete("dsqlsh ") == []


def test_fish_completes_saved_connections_and_completion_shells(fish_complete):
    assert fish_complete("dsqlsh @pr") == ["@prod", "@prod-eu"]
    assert fish_complete("dsqlsh -X @") == ["@" + name for name in NAMES]
    assert fish_complete("dsqlsh -D ") == NAMES
    assert fish_complete("dsqlsh --connection=st") == ["--connection=staging"]
    assert fish_complete("dsqlsh --completion ") == ["bash", "fish", "zsh"]


# ---- consistency: every flag of --help in every file, and no flag that --help lacks -----------------
HELP_LONG = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", HELP))
HELP_SHORT = set(re.findall(r"^\s+-([^-\s]),?\s", HELP, re.M)) | {"1"}  # -1 ("one"), --single-transaction


def _long_in(path: Path) -> set[str]:
    text = path.read_text()
    if path == FISH:
        return {"--" + name for name in re.findall(r" -l ([a-z][a-z0-9-]*)", _fish_completes(text))}
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))


def _fish_completes(text: str) -> str:
    """The `complete` lines of the fish file (its functions use -l for local variables)."""
    return "\n".join(line for line in text.splitlines() if line.startswith("complete "))


def _short_in(path: Path) -> set[str]:
    text = path.read_text()
    if path == FISH:
        return set(re.findall(r" -s '?([^\s'])'?", _fish_completes(text)))
    if path == ZSH:
        return set(re.findall(r"[{(' ,)]-\\?([A-Za-z0-9?])(?=[+,}' \[])", text))
    return set(re.findall(r"(?<![\w-])-([A-Za-z0-9?])(?![\w-])", text))


def test_help_lists_every_flag_the_parser_takes():
    assert {f"--{name}" for option in OPTIONS for name in option.names} == HELP_LONG
    assert {option.short for option in OPTIONS if option.short} == HELP_SHORT


@pytest.mark.parametrize("path", [BASH, ZSH, FISH], ids=lambda p: p.name)
def test_every_help_flag_is_in_each_completion_file(path: Path):
    assert HELP_LONG - _long_in(path) == set(), "flags in dsqlsh --help that the completion lacks"
    assert HELP_SHORT - _short_in(path) == set(), "short flags in dsqlsh --help that the completion lacks"
    assert _long_in(path) - HELP_LONG == set(), "flags in the completion that dsqlsh --help does not have"


# ---- dsqlsh --completion SHELL: the packaged scripts, byte for byte; completions/ links to them -------------
def _dsqlsh(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "dsqlsh", *args], capture_output=True, timeout=60, cwd=ROOT)


def test_completion_choices_are_the_shipped_scripts():
    (option,) = [o for o in OPTIONS if "completion" in o.names]
    assert list(option.choices or ()) == list(SCRIPTS) == ["bash", "zsh", "fish"]
    assert {path.name for path in PACKAGED.iterdir()} == set(SCRIPTS.values())


@pytest.mark.parametrize("shell", list(SCRIPTS))
def test_completion_prints_the_packaged_script(shell: str):
    done = _dsqlsh("--completion", shell)
    assert (done.stdout, done.stderr, done.returncode) == ((PACKAGED / SCRIPTS[shell]).read_bytes(), b"", 0)
    link = COMPLETIONS / SCRIPTS[shell]
    assert link.is_symlink() and os.readlink(link) == f"../dsqlsh/data/completions/{SCRIPTS[shell]}"


def test_completion_bash_is_a_working_script(workdir: Path):
    script = _dsqlsh("--completion", "bash").stdout.decode()
    checked = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, timeout=30)
    assert (checked.stderr, checked.returncode) == ("", 0)
    used = ('source <(dsqlsh --completion bash); COMP_WORDS=(dsqlsh --pro); COMP_CWORD=1; _dsqlsh; '
            'printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", used], capture_output=True, text=True,
                          env=_env(workdir), timeout=60)
    assert (done.stdout, done.stderr) == ("--profile\n", "")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_zsh_and_fish_parse(shell: str):
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    done = subprocess.run([shell, "-n"], input=_dsqlsh("--completion", shell).stdout.decode(), capture_output=True,
                          text=True, timeout=30)
    assert (done.stderr, done.returncode) == ("", 0)


def test_completion_for_an_unknown_shell_is_a_usage_error():
    done = _dsqlsh("--completion", "ksh")
    assert (done.stdout, done.returncode) == (b"", 1)
    first, hint = done.stderr.decode().splitlines()
    assert first.startswith("dsqlsh: argument --completion: invalid choice: 'ksh'")
    assert hint == 'dsqlsh: hint: Try "dsqlsh --help" for more information.'
