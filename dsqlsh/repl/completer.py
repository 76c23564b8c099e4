"""Tab completion: suggest.py says what kind of name fits; this maps each kind to names (one table)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from dsqlsh.repl import suggest as s
from dsqlsh.repl.known_names import KnownNames, KnownNamesLoader
from dsqlsh.statements import quote_ident

__all__ = ["SqlCompleter", "KEYWORDS", "keyword_case", "needs_quotes"]

# Words pygments' PostgreSQL lexer knows, plus DSQL's own (CREATE INDEX ASYNC).
DSQL_WORDS = ("ASYNC",)
# PostgreSQL's reserved keywords (Appendix C): a name spelled like one needs quotes.
RESERVED = frozenset("""ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC BOTH CASE CAST CHECK COLLATE COLUMN
CONSTRAINT CREATE CURRENT_CATALOG CURRENT_DATE CURRENT_ROLE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEFAULT
DEFERRABLE DESC DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN FROM GRANT GROUP HAVING IN INITIALLY INTERSECT
INTO LATERAL LEADING LIMIT LOCALTIME LOCALTIMESTAMP NOT NULL OFFSET ON ONLY OR ORDER PLACING PRIMARY REFERENCES
RETURNING SELECT SESSION_USER SOME SYMMETRIC SYSTEM_USER TABLE THEN TO TRAILING TRUE UNION UNIQUE USER USING
VARIADIC WHEN WHERE WINDOW WITH""".split())
WAIT_FOR_CATALOG = 1.0  # seconds a Tab may wait for a load already under way (never the prompt itself)
_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*")


def _keywords() -> tuple[str, ...]:
    from pygments.lexers import _postgres_builtins as builtins

    words = {w.upper() for w in builtins.KEYWORDS} | {w.upper() for w in builtins.DATATYPES} | set(DSQL_WORDS)
    return tuple(sorted(words))


KEYWORDS = _keywords()


def needs_quotes(name: str) -> bool:
    """Whether name must be written "quoted" (capitals, odd characters, a reserved word)."""
    return not _PLAIN.fullmatch(name) or name.upper() in RESERVED


def keyword_case(word: str, keyword: str, mode: str) -> str:
    """psql's COMP_KEYWORD_CASE: upper, lower, or preserve-* (the typed word's case, else upper/lower)."""
    if mode == "upper":
        return keyword.upper()
    if mode == "lower":
        return keyword.lower()
    letters = [c for c in word if c.isalpha()]
    if letters:
        return keyword.upper() if letters[0].isupper() else keyword.lower()
    return keyword.lower() if mode == "preserve-lower" else keyword.upper()


class SqlCompleter(Completer):
    """Completions from the text before the cursor, the known names, and the session's variables."""

    def __init__(self, loader: KnownNamesLoader, *, variables: Callable[[], Iterable[str]],
                 case_mode: Callable[[], str], meta_commands: Callable[[], Iterable[str]]) -> None:
        self.loader = loader
        self.variables = variables
        self.case_mode = case_mode
        self.meta_commands = meta_commands
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        wanted = s.suggest(document.text_before_cursor, document.text_after_cursor)
        if any(not isinstance(x, (s.Keyword, s.MetaCommand, s.File, s.Variable, s.Word))
               for x in wanted.suggestions) and self.loader.loading:
            self.loader.wait(WAIT_FOR_CATALOG)
        known = self.loader.names
        seen: set[str] = set()
        for suggestion in wanted.suggestions:
            if isinstance(suggestion, s.File):
                yield from self.paths.get_completions(Document(wanted.word), complete_event)
                continue
            for completion in self._complete(suggestion, wanted.word, known):
                if completion.text not in seen:
                    seen.add(completion.text)
                    yield completion

    def _complete(self, suggestion: s.Suggestion, word: str, known: KnownNames) -> Iterator[Completion]:
        if isinstance(suggestion, s.Keyword):
            mode = self.case_mode()
            upper = word.upper()
            for keyword in KEYWORDS:
                if keyword.startswith(upper):
                    yield Completion(keyword_case(word, keyword, mode), -len(word), display_meta="keyword")
            return
        if isinstance(suggestion, s.MetaCommand):
            for name in sorted(set(self.meta_commands())):
                if ("\\" + name).startswith(word):
                    yield Completion("\\" + name, -len(word), display_meta="command")
            return
        if isinstance(suggestion, s.Variable):
            yield from _names(sorted(self.variables()), word, "variable", quote=False)
            return
        if isinstance(suggestion, s.Word):
            yield from _names(suggestion.words, word, "", quote=False)
            return
        names, meta = _known_names_for(suggestion, word, known)
        yield from _names(names, word, meta)


def _known_names_for(suggestion: s.Suggestion, word: str, known: KnownNames) -> tuple[Iterable[str], str]:
    """The names one suggestion stands for, and the label shown beside them."""
    system = word.lower().startswith("pg_")
    if isinstance(suggestion, s.TableName):
        if suggestion.schema is not None:
            return known.relations.get(suggestion.schema, ()), "table"
        return known.visible(known.relations, system=system), "table"
    if isinstance(suggestion, s.Column):
        names: list[str] = []
        for ref in suggestion.tables:
            names.extend(known.columns_of(ref.schema, ref.name))
        return names, "column"
    if isinstance(suggestion, s.Function):
        if suggestion.schema is not None:
            return known.functions.get(suggestion.schema, ()), "function"
        return known.visible(known.functions, system=True), "function"
    if isinstance(suggestion, s.Sequence):
        if suggestion.schema is not None:
            return known.sequences.get(suggestion.schema, ()), "sequence"
        return known.visible(known.sequences, system=system), "sequence"
    if isinstance(suggestion, s.SchemaName):
        return [n for n in known.schemas if system or not n.startswith("pg_")], "schema"
    if isinstance(suggestion, s.Role):
        return [n for n in known.roles if system or not n.startswith("pg_")], "role"
    if isinstance(suggestion, s.Database):
        return known.databases, "database"
    return (), ""


def _names(names: Iterable[str], word: str, meta: str, *, quote: bool = True) -> Iterator[Completion]:
    """Names starting with word (case-insensitive unless word opens a quote), quoted where needed."""
    quoted_prefix = word.startswith('"')
    prefix = word[1:] if quoted_prefix else word.lower()
    for name in names:
        if quoted_prefix:
            if not name.startswith(prefix):
                continue
        elif not name.lower().startswith(prefix):
            continue
        text = quote_ident(name) if quote and (quoted_prefix or needs_quotes(name)) else name
        yield Completion(text, -len(word), display=name, display_meta=meta)
