"""What completion offers at the cursor, decided from the text alone (suggest.py), and the name mapping."""

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from dsqlsh.repl.completer import SqlCompleter, keyword_case, needs_quotes
from dsqlsh.repl.known_names import KnownNames, KnownNamesLoader
from dsqlsh.repl.suggest import (
    Column,
    Database,
    File,
    Function,
    Keyword,
    MetaCommand,
    Role,
    SchemaName,
    Sequence,
    TableName,
    TableRef,
    Variable,
    Word,
    changes_schema,
    suggest,
    tables_in,
)

T = TableRef(None, "t")


@pytest.mark.parametrize(("before", "word", "expected"), [
    ("", "", (Keyword(),)),
    ("sel", "sel", (Keyword(),)),
    ("select * from wid", "wid", (TableName(), SchemaName())),
    ("select * from a join b", "b", (TableName(), SchemaName())),
    ("select * from a, ", "", (TableName(), SchemaName())),
    ("insert into ", "", (TableName(), SchemaName())),
    ("update ", "", (TableName(), SchemaName())),
    ("select * from public.wi", "wi", (TableName("public"),)),
    ("select * from t where ", "", (Column((T,)), Function(), Keyword())),
    ("select * from t where a = ", "", (Column((T,)), Function())),
    ("update t set ", "", (Column((T,)),)),
    ("insert into t (", "", (Column((T,)),)),
    ("create index async i on t (", "", (Column((T,)),)),
    ("create index async i on ", "", (TableName(), SchemaName())),
    ("select nextval('or", "or", (Sequence(),)),
    ("select nextval('app.or", "or", (Sequence("app"),)),
    ("select 'free text ", "", ()),
    ("grant select on t to ", "", (Role(),)),
    ("alter role ", "", (Role(),)),
    ("revoke select on t from ", "", (Role(),)),
    ("drop schema ", "", (SchemaName(),)),
    ("drop function ", "", (Function(),)),
    ("drop sequence ", "", (Sequence(),)),
    ("select * from t ", "", (Keyword(),)),
    ("select 1; sel", "sel", (Keyword(),)),
])
def test_sql_contexts(before, word, expected):
    wanted = suggest(before)
    assert (wanted.word, wanted.suggestions) == (word, expected)


def test_columns_come_from_the_tables_after_the_cursor_too():
    wanted = suggest("select ", " from shop.orders o join items i on o.id = i.order_id")
    assert wanted.suggestions[0] == Column((TableRef("shop", "orders", "o"), TableRef(None, "items", "i")))


def test_alias_dot_gives_that_tables_columns():
    wanted = suggest("select o.", " from shop.orders o")
    assert wanted == type(wanted)("", (Column((TableRef("shop", "orders", "o"),)),))


@pytest.mark.parametrize(("before", "word", "expected"), [
    ("\\", "\\", (MetaCommand(),)),
    ("\\d", "\\d", (MetaCommand(),)),
    ("\\dt pub", "pub", (TableName(), SchemaName())),
    ("\\d app.or", "or", (TableName("app"),)),
    ("\\dn ", "", (SchemaName(),)),
    ("\\du ", "", (Role(),)),
    ("\\df ", "", (Function(),)),
    ("\\i fo", "fo", (File(),)),
    ("\\o /tmp/x", "/tmp/x", (File(),)),
    ("\\set ON_", "ON_", (Variable(),)),
    ("\\x ", "", (Word(("on", "off", "auto")),)),
    ("\\c ", "", (Database(),)),
    ("select 1 \\g ou", "ou", (File(),)),
    ("select '\\d", "", ()),  # a backslash inside a literal is not a command
])
def test_backslash_contexts(before, word, expected):
    wanted = suggest(before)
    assert (wanted.word, wanted.suggestions) == (word, expected)


def test_multiline_statement_uses_the_whole_buffer():
    assert suggest("select *\nfrom t\nwhere ").suggestions[0] == Column((T,))


def test_tables_in_handles_keywords_as_names_and_quotes():
    assert tables_in('select * from events e, "Mixed Case" m') == (
        TableRef(None, "events", "e"), TableRef(None, "Mixed Case", "m"))
    assert tables_in("update app.t set x = 1") == (TableRef("app", "t"),)
    assert tables_in("select * from a where x in (select y from b)") == (TableRef(None, "a"), TableRef(None, "b"))


def test_changes_schema():
    assert changes_schema("-- note\ncreate table x (a int);")
    assert changes_schema("select 1; drop table x;")
    assert not changes_schema("select 'create table';")


KNOWN_NAMES = KnownNames.from_rows({
    "search_path": [("pg_catalog",), ("public",)],
    "schemas": [("app",), ("pg_catalog",), ("public",)],
    "relations": [("public", "widgets"), ("public", "Wide Thing"), ("app", "orders"), ("pg_catalog", "pg_class")],
    "columns": [("public", "widgets", "id"), ("public", "widgets", "name"), ("app", "orders", "total")],
    "functions": [("pg_catalog", "now"), ("public", "widen")],
    "sequences": [("public", "widgets_id_seq")],
    "roles": [("admin",), ("app",), ("pg_monitor",)],
})


def _completions(before, after=""):
    loader = KnownNamesLoader()
    loader.names = KNOWN_NAMES
    completer = SqlCompleter(loader, variables=lambda: ["ON_ERROR_STOP", "PROMPT1"],
                             case_mode=lambda: "preserve-upper", meta_commands=lambda: ["d", "dt", "q"])
    document = Document(before + after, len(before))
    return [c.text for c in completer.get_completions(document, CompleteEvent(completion_requested=True))]


def test_completer_maps_suggestions_to_catalog_names():
    assert _completions("select * from wi") == ["widgets", '"Wide Thing"']
    assert _completions("select * from app.") == ["orders"]
    assert _completions("select * from pg_cl") == ["pg_class"]  # system names only when asked for
    assert _completions("select w.", " from widgets w") == ["id", "name"]
    assert _completions("select ", " from app.orders")[:2] == ["total", "now"]
    assert _completions("select nextval('wid") == ["widgets_id_seq"]
    assert _completions("alter role ") == ["admin", "app"]
    assert _completions("\\d") == ["\\d", "\\dt"]
    assert _completions("\\set ON") == ["ON_ERROR_STOP"]


def test_keywords_follow_comp_keyword_case():
    assert "select" in _completions("sel")
    assert "SELECT" in _completions("SEL")
    assert keyword_case("", "select", "preserve-upper") == "SELECT"
    assert keyword_case("Sel", "SELECT", "lower") == "select"
    assert "ASYNC" in _completions("create index asy".upper())


def test_needs_quotes():
    assert not needs_quotes("widgets")
    assert needs_quotes("Widgets") and needs_quotes("two words") and needs_quotes("user")
