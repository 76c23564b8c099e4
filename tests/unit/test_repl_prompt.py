"""psql's prompt escapes (prompt.c), dsqlsh's defaults and the toolbar, with no terminal and no server."""

import pytest

from dsqlsh.repl.prompt import (
    COPY,
    DSQL_PROMPT,
    PG_PROMPT,
    PSQL_DEFAULT,
    READY,
    PromptInfo,
    default_prompt,
    expand,
    visible_width,
)
from dsqlsh.repl.toolbar import age_text, toolbar_fragments

PG = PromptInfo(connected=True, user="alice", dbname="shop", host="db.example.com", port="5433", pid=4242)
DSQL_HOST = "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"
DSQL_ADMIN = PromptInfo(connected=True, user="admin", dbname="postgres", host=DSQL_HOST, port="5432", dsql=True,
                        cluster_id="abcdefghijklmnopqrstuvwxyz")
DSQL_APP = PromptInfo(connected=True, user="app", dbname="postgres", host=DSQL_ADMIN.host, port="5432", dsql=True,
                      cluster_id="abcdefghijklmnopqrstuvwxyz")


@pytest.mark.parametrize(("template", "expected"), [
    ("%/", "shop"),
    ("%n", "alice"),
    ("%M", "db.example.com"),
    ("%m", "db"),
    ("%>", "5433"),
    ("%p", "4242"),
    ("%#", ">"),
    ("%x", ""),
    ("%%", "%"),
    ("%l", "1"),
    ("%R", "="),
    ("%:who:", "world"),
    ("%:missing:", ""),
    ("%041", "!"),
    ("%[%033[1m%]x", "\001\033[1m\002x"),
    ("%`echo hi; echo there`", "hi"),
    ("%Q", "Q"),  # an unknown escape is the character itself
    ("50%", "50"),  # a lone % at the end vanishes
])
def test_escapes_as_psql(template, expected):
    assert expand(template, PG, READY, variable={"who": "world"}.get) == expected


def test_psql_default_prompt_and_continuation_states():
    assert expand(PSQL_DEFAULT, PG, READY) == "shop=> "
    assert [expand(PSQL_DEFAULT, PG, s) for s in "-'\"$*("] == [
        "shop-> ", "shop'> ", 'shop"> ', "shop$> ", "shop*> ", "shop(> "]
    assert expand("%R>> ", PG, COPY) == ">> "


def test_transaction_marks_and_superuser():
    in_block = PromptInfo(**{**PG.__dict__, "transaction_status": 2, "superuser": True})
    failed = PromptInfo(**{**PG.__dict__, "transaction_status": 3})
    assert expand("%x%#", in_block) == "*#"
    assert expand("%x%#", failed) == "!>"


def test_disconnected_and_skipped_branch_and_singleline():
    assert expand(PSQL_DEFAULT, PromptInfo()) == "!?> "
    assert expand("%R", PromptInfo(**{**PG.__dict__, "active_branch": False})) == "@"
    assert expand("%R", PromptInfo(**{**PG.__dict__, "singleline": True})) == "^"


def test_pipeline_status_as_psql_18_names_it():
    assert expand("%P", PG) == "off"
    assert expand("%P", PromptInfo(**{**PG.__dict__, "pipeline": "abort"})) == "abort"
    assert expand("%P", PromptInfo()) == ""


def test_tilde_when_database_is_the_user(monkeypatch):
    monkeypatch.delenv("PGDATABASE", raising=False)
    assert expand("%~", PromptInfo(connected=True, user="bob", dbname="bob")) == "~"
    assert expand("%~", PG) == "shop"


def test_local_socket_hosts():
    local = PromptInfo(connected=True, user="u", dbname="d", host="/var/run/postgresql")
    assert expand("%M|%m", local) == "[local:/var/run/postgresql]|[local]"


def test_w_is_whitespace_as_wide_as_prompt1():
    first = expand(PG_PROMPT, PG)
    assert expand("%w", PG, "-", prompt1_width=visible_width(first)) == " " * len("alice@shop=> ")


def test_visible_width_skips_invisible_spans_and_escapes():
    assert visible_width("\001\033[1;33m\002db\001\033[0m\002=> ") == 5
    assert visible_width("\033[1mdb\033[0m") == 2
    assert visible_width("表=> ") == 5


def test_dsql_default_shows_cluster_role_and_admin_unmistakably():
    assert default_prompt(DSQL_ADMIN) == DSQL_PROMPT
    assert expand(DSQL_PROMPT, DSQL_ADMIN) == "ADMIN@abcdefgh/postgres=# "
    assert expand(DSQL_PROMPT, DSQL_APP) == "app@abcdefgh/postgres=> "
    assert expand("%n", DSQL_ADMIN) == "admin"  # psql's %n stays the plain session user
    in_txn = PromptInfo(**{**DSQL_APP.__dict__, "transaction_status": 2})
    assert expand(DSQL_PROMPT, in_txn, "-") == "app@abcdefgh/postgres-*> "


def test_postgres_default_shows_the_role():
    assert default_prompt(PG) == PG_PROMPT
    assert expand(PG_PROMPT, PG) == "alice@shop=> "
    assert expand("%N", PromptInfo(connected=True, user="admin", dbname="d")) == "admin"  # only DSQL's admin


def test_toolbar_shows_role_state_check_expanded_and_age():
    text = "".join(t for _, t in toolbar_fragments(DSQL_ADMIN, check="warn", expanded="auto", age=754.0))
    assert text == " role  ADMIN  | idle | check warn | \\x auto | connected 12m "
    fragments = toolbar_fragments(PromptInfo(**{**DSQL_APP.__dict__, "transaction_status": 3}), check="off",
                                  expanded="off", age=None, finding="DSQL: no foreign keys [fk]")
    assert ("class:bottom-toolbar.failed", "transaction failed") in fragments
    assert fragments[:2] == [("class:bottom-toolbar.finding", " DSQL: no foreign keys [fk] "), ("", "\n")]
    assert ("class:bottom-toolbar.admin", " ADMIN ") in toolbar_fragments(DSQL_ADMIN, check="warn", expanded="off",
                                                                          age=None)


def test_age_text():
    assert [age_text(s) for s in (5, 59, 60, 3599, 3600, 3900)] == ["5s", "59s", "1m", "59m", "1h00m", "1h05m"]


def test_check_note_flags_what_dsql_rejects_while_typing():
    from dsqlsh.repl.toolbar import check_note

    assert check_note("create index i on t (a);", "warn").startswith("DSQL-INDEX-ASYNC: ")
    assert check_note("create index async i on t (a);", "warn") is None
    assert check_note("create index i on t (a", "warn") is None  # not parseable yet: no note
    assert check_note("create index i on t (a);", "off") is None
    assert check_note("\\d t", "strict") is None
