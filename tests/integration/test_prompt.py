"""\\prompt as psql 18 does it: in a -f script the answer is read from stdin and the text goes to stdout; a
missing name, an extra argument, and the end of input are reported in psql's words."""

from __future__ import annotations

SCRIPT = """\\prompt 'Give: ' answer
\\echo [:answer]
\\prompt x
\\echo [:x]
\\prompt
\\prompt 'a' 'b' c
\\echo [:b]
\\prompt FETCH_COUNT
\\prompt 'none left: ' last
\\echo [:last]
"""
ANSWERS = "typed text\nother text\nline3\nnot a number\n"


def test_prompt_reads_stdin_in_a_file_script_as_psql(psql, dsqlsh, tmp_path):
    (tmp_path / "p.sql").write_text(SCRIPT)
    theirs = psql("-X", "-f", "p.sql", input=ANSWERS)
    mine = dsqlsh("-X", "-f", "p.sql", input=ANSWERS)
    assert theirs.stdout == "Give: [typed text]\n[other text]\na[line3]\nnone left: [:last]\n"
    assert (mine.stdout, mine.stderr.replace("dsqlsh:", "psql:"), mine.exit_code) == \
        (theirs.stdout, theirs.stderr, theirs.exit_code)
