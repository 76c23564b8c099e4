"""\\lo_import, \\lo_export, \\lo_unlink (and \\lo_list) as psql 18: the same output, variables, files and errors;
only the large objects' OIDs differ between the two runs (the server hands them out)."""

from __future__ import annotations

import re

import pytest

OID = re.compile(r"\b1\d{4,}\b")


def _script(tmp_path) -> str:
    (tmp_path / "in.txt").write_bytes(b"hello large object\n\x00\xff binary too\n")
    return f"""\\lo_import {tmp_path}/in.txt
\\echo :LASTOID
\\lo_import {tmp_path}/in.txt 'a comment with '' quote'
\\lo_list
\\set o :LASTOID
\\lo_export :o {tmp_path}/out.txt
\\lo_unlink :o
\\lo_unlink :o
\\lo_import {tmp_path}/nonexistent
\\lo_export 999999 {tmp_path}/x
\\lo_export
\\lo_import
\\lo_unlink
\\lo_unlink abc
begin;
\\lo_import {tmp_path}/in.txt
rollback;
\\lo_list
"""


@pytest.mark.parametrize("quiet", [True, False])
def test_large_objects_as_psql(pg, psql, dsqlsh, tmp_path, quiet):
    script = _script(tmp_path)
    outcomes = []
    for program, db in ((psql, "lo_theirs"), (dsqlsh, "lo_mine")):
        with pg.database(db):
            r = program("-X", "-a", *(["-q"] if quiet else []), "-d", db, input=script)
            exported = (tmp_path / "out.txt").read_bytes()
            (tmp_path / "out.txt").unlink()
        outcomes.append((OID.sub("<oid>", r.stdout), OID.sub("<oid>", r.stderr), r.exit_code, exported))
    assert outcomes[1] == outcomes[0]
    assert outcomes[0][3] == (tmp_path / "in.txt").read_bytes()
