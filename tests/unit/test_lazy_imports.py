"""Heavy imports stay off the paths that do not need them (start-up time is a tracked figure)."""

import subprocess
import sys

HEAVY = ("botocore", "boto3", "prompt_toolkit", "pygments", "pglast", "sqlparse", "tabulate")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_cli_import_loads_nothing_heavy():
    assert not _loaded_after("import dsqlsh.cli") & set(HEAVY)


def test_plain_postgresql_connection_setup_never_loads_botocore():
    loaded = _loaded_after(
        "from dsqlsh.config import Settings\nfrom dsqlsh.session import params_from\n"
        "params_from(Settings(host='127.0.0.1', port='5432', dbname='postgres'))"
    )
    assert "botocore" not in loaded and "boto3" not in loaded


def test_the_line_editor_loads_its_highlighter_after_the_first_prompt():
    loaded = _loaded_after("import dsqlsh.repl.loop")
    assert "prompt_toolkit" in loaded and "pygments" not in loaded
