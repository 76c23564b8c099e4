"""psql's input lexer: cut input lines into SQL statements and backslash commands.

A Python rendering of PostgreSQL's src/fe_utils/psqlscan.l (where a statement ends, variable
interpolation), the extent rules of src/bin/psql/psqlscanslash.l (how much of a line a backslash
command owns) and the line joining of MainLoop in src/bin/psql/mainloop.c. It decides exactly what
text psql would send, so ``Statement.text`` is byte-for-byte what ``psql -e`` echoes.

Scanning is per line, as in psql: a token never spans lines, so a ``--`` comment ends at the end
of its line and psql's quote-continuation lookahead (``'a'`` newline ``'b'``) never fires.

A module of its own, apart from statements.py's types and classifier: its patterns cost the re compiler
~12M instructions at import, and ``-c`` sends its text without scanning it (issue 19).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from dsqlsh.statements import (
    FILEPIPE_COMMANDS,
    SENDING_COMMANDS,
    SPACE_CHARS,
    WHOLE_LINE_COMMANDS,
    BufferMark,
    Command,
    Statement,
    quote_ident,
    quote_literal,
)

__all__ = [
    "Scanner",
    "is_complete",
    "is_single_statement",
    "scan",
    "split",
]

Lookup = Callable[[str], "str | None"]


# Lexer states, named as in psqlscan.l.
INITIAL = "INITIAL"
XB = "xb"  # B'...' bit string
XH = "xh"  # X'...' hex string
XQ = "xq"  # '...' standard string
XE = "xe"  # E'...' string with backslash escapes
XUS = "xus"  # U&'...'
XD = "xd"  # "..." identifier
XUI = "xui"  # U&"..."
XC = "xc"  # /* ... */ comment, nested
XDOLQ = "xdolq"  # $tag$ ... $tag$

_PROMPT_CHAR = {XB: "'", XH: "'", XQ: "'", XE: "'", XUS: "'", XD: '"', XUI: '"', XC: "*", XDOLQ: "$"}


def _ascii_except(chars: str, *, negated: bool = False) -> str:
    """A class of the ASCII characters not in chars; negated, the class of chars and every
    non-ASCII character. Either way it lists ASCII only, which keeps it cheap for the re compiler
    (a class holding the range \\x80-\\U0010ffff costs it ~15 ms per pattern)."""
    listed = "".join(re.escape(chr(i)) for i in range(128) if chr(i) not in chars)
    return f"[^{listed}]" if negated else f"[{listed}]"


# psqlscan.l works on bytes: every byte >= 0x80 is an identifier character. In a str that is
# every non-ASCII code point. One class each, not an alternation: the lexer's runs match these
# character by character, and a class is several times faster there.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_ID_START = _ascii_except(_LETTERS, negated=True)
_ID_CONT = _ascii_except(_LETTERS + "0123456789$", negated=True)
_VAR_CHAR = _ascii_except(_LETTERS + "0123456789", negated=True)  # {variable_char}; also {dolq_cont}


_IDENT = re.compile(f"{_ID_START}{_ID_CONT}*")
# {integer} and the PG16+ {integer_junk} ({decinteger}{identifier}) as one token, so the letters
# in 1e5 or 0x1F never count as identifiers for the BEGIN ATOMIC heuristic.
_NUMBER = f"[0-9][0-9_]*(?:{_ID_START}{_ID_CONT}*)?"
_NUMBER_RE = re.compile(_NUMBER)
_OTHER = _ascii_except(_LETTERS + "0123456789'\"$-/\\;:" + SPACE_CHARS) + "+"
_PARAM_TEXT = f"\\$[0-9]+(?:{_ID_START}{_ID_CONT}*)?"  # {param}, {param_junk}
# (parens included in _OTHER: counted per run)
_RUNS = rf"""
    [{SPACE_CHARS}]+
  | {_NUMBER}
  | {_PARAM_TEXT}                 # $1: a digit cannot start a dollar-quote tag ({{dolq_start}})
  | -(?!-)                        # a minus that does not start a -- comment
  | /(?!\*)                       # a slash that does not start a /* comment
  | ::                            # {{typecast}}: never a variable
  | :(?!{_VAR_CHAR}|['"{{])        # a colon that cannot start a variable reference
  | {_OTHER}
"""
# An identifier, unless it is a lone E/B/X/N or U& in front of a quote: those start special
# strings ({xestart}, {xbstart}, ...) and go to Scanner._word.
_WORD = rf"(?![eEbBxXnN]'|[uU]&){_ID_START}{_ID_CONT}*"
# A standard '...' string that ends on this line and holds no parenthesis: it only needs echoing,
# so the fast runs (_run_patterns) take it whole (a string with parens, or unterminated, goes the
# slow way: the parens in a run are counted, and must not be those inside a string). Only where
# plain strings are standard: with standard_conforming_strings off, backslashes escape in them ({xe}).
_STRING = r"'[^'()]*(?:''[^'()]*)*'"
_SPACES = re.compile(f"[{SPACE_CHARS}]+")
_PARENS = re.compile(r"[()]")
_DASH_COMMENT = re.compile(r"--[^\n\r]*")  # {comment}
_LEADING = re.compile(f"(?:[{SPACE_CHARS}]+|--[^\n\r]*)+")  # {whitespace}: spaces and -- comments
_PARAM = re.compile(_PARAM_TEXT)
_DOLQ_DELIM = re.compile(f"\\$(?:{_ID_START}{_VAR_CHAR}*)?\\$")  # {dolqdelim}
_VAR_PLAIN = re.compile(f":({_VAR_CHAR}+)")
_VAR_QUOTED = re.compile(f":(['\"])({_VAR_CHAR}+)\\1")
_VAR_TEST = re.compile(f":\\{{\\?({_VAR_CHAR}+)\\}}")

# Inside quotes: the longest run that does not end the literal.
_IN_XQ = re.compile(r"[^']*(?:''[^']*)*")  # '' is an escaped quote ({xqdouble})
_IN_XB = re.compile(r"[^']*")  # B'' and X'' have no '' rule: '' closes and reopens
_IN_XE = re.compile(r"(?:[^\\']+|\\[\s\S]?|'')*")  # \' is an escape; lone \ at end of buffer
_IN_XD = re.compile(r'[^"]*(?:""[^"]*)*')
_XC_EDGE = re.compile(r"/\*|\*+/")  # {xcstart} or {xcstop}

# Backslash commands (psqlscanslash.l): the name runs to whitespace or a backslash; an argument
# is unquoted text or '...' (with backslash escapes), "...", `...` segments.
_CMD_NAME = re.compile(f"[^{SPACE_CHARS}\\\\]*")
_ARG = re.compile(rf"""(?:[^{SPACE_CHARS}\\'"`]+|'(?:[^'\\]|\\[\s\S]?)*'?|"[^"]*"?|`[^`]*`?)+""")

# First letters of the words CREATE [OR REPLACE] {FUNCTION|PROCEDURE} that psqlscan.l records.
_HEAD_WORDS = frozenset({"create", "function", "procedure", "or", "replace"})


@lru_cache(maxsize=2)
def _run_patterns(standard_strings: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The fast pattern (runs of text that only need echoing and paren counting) and the tracked
    one (a run or one identifier, while the CREATE FUNCTION ... BEGIN heuristic needs each
    identifier). Compiled when first used: each costs the re compiler about a millisecond."""
    runs = f"{_RUNS}|{_STRING}" if standard_strings else _RUNS
    fast = re.compile(rf"(?:{_WORD}|{runs})+", re.VERBOSE)
    tracked = re.compile(rf"(?P<run>(?:{runs})+)|(?P<ident>{_WORD})", re.VERBOSE)
    return fast, tracked


@lru_cache(maxsize=1)
def _statement_line() -> re.Pattern[str]:
    """A line holding one whole statement of plain text and standard strings, then ';' and spaces:
    most lines of a script, which feed() takes in one match when _ends_alone agrees.

    Plain text is every character but ; ' " $ \\ : - / (a run the class takes in one tight loop),
    a '-' or '/' that starts no comment, and '::'. A string must not follow a lone E B X N (E'',
    B'', X'', N'') or '&' (U&''). Both are matched possessively (++), as the scanning loop takes
    them: a line that does not end in ';' fails at once instead of trying every other way to split
    its runs, exponentially many."""
    not_word = _ascii_except(_LETTERS + "0123456789$")
    plain_string = rf"(?<!{not_word}[eEbBxXnN])(?<!^[eEbBxXnN])(?<!&){_STRING}"
    text = rf"""[^;'"$\\:\-/]++ | {plain_string} | -(?!-) | /(?!\*) | ::(?!:)"""
    return re.compile(rf"[{SPACE_CHARS}]*+((?:{text})++;)[{SPACE_CHARS}]*\Z", re.VERBOSE)


@lru_cache(maxsize=1)
def _args_run() -> re.Pattern[str]:
    """A command's arguments up to the backslash or end of line that ends them: spaces and
    arguments (_ARG) in turn. Possessive: nothing follows to backtrack for."""
    return re.compile(rf"(?:[{SPACE_CHARS}]+|{_ARG.pattern})*+")


@lru_cache(maxsize=1)
def _bound_line() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A pipeline's usual line, `SQL \\bind ARGS \\sendpipeline` (issue 19), in a shape whose scanning needs
    nothing but the text: the SQL plain text and $n parameters (no literal, quoted name, comment, variable or ';',
    which is all that could change the lexer's state or end a statement), each argument a plain word or a '...'
    without escapes (ArgReader's one-match arguments, less the ':' of a variable). And the pattern of one
    argument, to take them out of the arguments' text.
    Possessive throughout, as _statement_line: a line of another shape fails at once."""
    space = f"[{SPACE_CHARS}]"
    # Unrolled (plain run, then each special piece followed by its plain run), which spares the matcher a branch
    # per plain run: about a tenth of the match. Never empty: something other than the backslash of \\bind.
    plain_sql = r"""[^;'"$\\:\-/\x00]*+"""
    sql = rf"""(?!\\) {plain_sql} (?: (?: \$[0-9]++ | -(?!-) | /(?!\*) | ::(?!:) ) {plain_sql} )*+"""
    plain, quoted = rf"""[^{SPACE_CHARS}\\'"`:\x00]++""", r"[^'\\\x00]*+"
    # No group inside the repeat: Python 3.11's re raises SystemError for a group under a possessive repeat.
    line = rf"{space}*+({sql})\\bind((?:{space}++(?:{plain}|'{quoted}'))*+){space}*+\\sendpipeline{space}*+\Z"
    return re.compile(line, re.VERBOSE), re.compile(rf"{space}++(?:({plain})|'({quoted})')", re.VERBOSE)


def _ends_alone(text: str) -> bool:
    """Whether the lexer, starting afresh, ends a statement at the ';' closing this run of plain
    text: no CREATE ... BEGIN (the BEGIN ... END heuristic counts a BEGIN only after a first word
    CREATE) and the paren depth back at zero."""
    lowered = text.lower()
    if "create" in lowered and "begin" in lowered:
        return False
    # The depth never goes below zero: a ")" at depth 0 is ignored. str operations answer the usual
    # cases, fewest calls first (findall and a loop over the parens took 0.6 us of the ~2 us a plain
    # INSERT line's scanning took; count, index and find then 0.5 us, this 0.1 us).
    _, paren, after = text.partition("(")
    if not paren:
        return True
    if "(" not in after:  # one "(": back to zero if a ")" follows it (those before it were ignored)
        return ")" in after
    depth = 0
    for c in _PARENS.findall(text):
        if c == "(":
            depth += 1
        elif depth > 0:
            depth -= 1
    return depth == 0


class _Source:
    """One input buffer: the line, or a variable's value pushed for rescanning."""

    __slots__ = ("text", "pos", "varname")

    def __init__(self, text: str, varname: str | None) -> None:
        self.text = text
        self.pos = 0
        self.varname = varname


def _no_variables(name: str) -> str | None:
    return None


class Scanner:
    """psql's lexer and MainLoop line handling: feed lines, get statements and commands."""

    def __init__(
        self,
        lookup: Lookup | None = None,
        *,
        standard_strings: bool = True,
        whole_line_commands: frozenset[str] = WHOLE_LINE_COMMANDS,
        filepipe_commands: frozenset[str] = FILEPIPE_COMMANDS,
    ) -> None:
        self.lookup: Lookup = lookup or _no_variables
        # standard_conforming_strings: off makes plain '...' strings take backslash escapes.
        # psql rereads it for every line, so the engine may change it between lines.
        self.standard_strings = standard_strings
        self.whole_line_commands = whole_line_commands
        self.filepipe_commands = filepipe_commands
        self.warnings: list[str] = []  # psql's lexer warnings, for the engine to print
        self._parts: list[str] = []  # the query buffer, in pieces
        self._stack: list[_Source] = []
        self._lineno = 0
        self._nl_index: int | None = None  # where MainLoop added this line's "\n"
        self._skip_line = False
        self._line_pattern: re.Pattern[str] | None = None  # _statement_line(), kept: an lru_cache call a line
        self._bound_patterns: tuple[re.Pattern[str], re.Pattern[str]] | None = None  # _bound_line(), as well
        self._reset_lexer()

    # -- public API ---------------------------------------------------------------------------

    def feed(self, line: str, lineno: int) -> Iterator[Statement | Command]:
        """Scan one line (no trailing newline); yield statements ended and commands met on it.

        Lazy, as psql: each item is yielded before the rest of the line is scanned, so a
        command run by the caller (\\set, \\r, \\g) affects what follows it on the same line.
        """
        self._lineno = lineno
        if self.ignores(line):
            return
        text = self.take_statement_line(line, lineno)
        if text is not None:
            yield Statement(text, lineno)  # what the loop below would make of the line
            return
        if self._parts:  # MainLoop joins lines with "\n", only after something was collected
            self._parts.append("\n")
            self._nl_index = len(self._parts) - 1
        else:
            self._nl_index = None
        self._stack = [_Source(line, None)]
        self._skip_line = False
        while self._stack:
            item = self._step()
            if item is None:
                continue
            yield item
            if self._skip_line:
                self._stack.clear()

    def take_statement_line(self, line: str, lineno: int) -> str | None:
        """The statement a line holds whole (_statement_line), met with nothing collected: what feed() would
        yield for it, in one call instead of a generator's (issue 19: most lines of a script are these). None for
        any other line, then left to feed()."""
        # The lexer as at the start of a statement, plain strings standard (inline: a call less a line)
        if (self._parts or self._state != INITIAL or self._paren or self._begin or self._ident_count
                or not self.standard_strings):
            return None
        pattern = self._line_pattern
        if pattern is None:
            pattern = self._line_pattern = _statement_line()
        m = pattern.match(line)
        if m is None:
            return None
        text = m.group(1)
        if not _ends_alone(text):
            return None
        self._lineno = lineno
        self._nl_index = None
        return text

    def take_bound_line(self, line: str, lineno: int) -> tuple[str, tuple[str, ...]] | None:
        """A line `SQL \\bind ARGS \\sendpipeline` of the plain shape _bound_line describes, met with nothing
        collected: its SQL as \\sendpipeline takes it from the query buffer (leading spaces dropped) and \\bind's
        arguments as ArgReader reads them, for the caller to run the two commands. The buffer stays empty and the
        lexer is left as \\sendpipeline's take_buffer leaves it. None for any other line, then left to feed()."""
        if self._parts or self._state != INITIAL:
            return None
        patterns = self._bound_patterns
        if patterns is None:
            patterns = self._bound_patterns = _bound_line()
        m = patterns[0].match(line)
        if m is None:
            return None
        self._lineno = lineno
        self._nl_index = None
        if self._paren or self._begin or self._ident_count:  # what the last statement's ';' left: reset as psql does
            self._reset_lexer()
        # Each argument is one of (plain word, '' body): the other group is empty.
        return m.group(1), tuple(map("".join, patterns[1].findall(m.group(2))))

    def ignores(self, line: str) -> bool:
        """MainLoop: an empty line is dropped (not even echoed by -a) unless inside a literal or comment."""
        return not line and self._state == INITIAL

    def skip_rest_of_line(self) -> None:
        """Drop the rest of the current line: psql does this after a failed backslash command."""
        self._skip_line = True

    @property
    def buffer(self) -> str:
        """psql's query_buf: SQL collected and not yet sent (what \\p shows, \\g sends)."""
        return "".join(self._parts)

    def take_buffer(self) -> str:
        """Return and clear the buffer, resetting quote and paren state (psql_scan_reset)."""
        text = "".join(self._parts)
        self._parts = []
        self._nl_index = None
        self._reset_lexer()
        return text

    def finish(self) -> Statement | None:
        """End of input: psql sends an unterminated, non-empty buffer at EOF of a script."""
        text = self.take_buffer()
        if not text.strip():
            return None
        return Statement(text, self._lineno)

    def mark(self) -> BufferMark:
        """Remember the buffer for \\if, to discard what an inactive branch collects."""
        return BufferMark(sum(map(len, self._parts)), self._paren)

    def discard_to(self, mark: BufferMark) -> None:
        """Cut the buffer back to ``mark`` (psql's discard_query_text)."""
        text = self.buffer[: mark.length]
        self._parts = [text] if text else []
        self._nl_index = None
        self._paren = mark.paren_depth

    @property
    def state(self) -> str:
        """psql's %R for PROMPT2: ' " $ * in literals/comments, ( in parens, - continuing, =."""
        if self._state != INITIAL:
            return _PROMPT_CHAR[self._state]
        if self._paren > 0:
            return "("
        return "-" if self._parts else "="

    @property
    def paren_depth(self) -> int:
        return self._paren

    # -- lexer state ---------------------------------------------------------------------------

    def _reset_lexer(self) -> None:
        self._state = INITIAL
        self._xcdepth = 0
        self._dolq = ""
        self._paren = 0
        self._begin = 0
        self._ident_count = 0
        self._idents = ["", "", "", ""]
        self._head = False  # the statement so far is CREATE [OR REPLACE] FUNCTION|PROCEDURE

    @property
    def _tracking(self) -> bool:
        """Whether identifiers must be seen one by one for the BEGIN ... END heuristic: only while
        the statement may still turn out to be CREATE [OR REPLACE] FUNCTION|PROCEDURE (its first
        identifier decides most statements), or is one."""
        if self._ident_count == 0:
            return True
        return self._idents[0] == "c" and (self._ident_count < 4 or self._head)

    def _in_function_head(self) -> bool:
        """psqlscan.l: the statement starts CREATE [OR REPLACE] {FUNCTION|PROCEDURE}."""
        ids = self._idents
        return ids[0] == "c" and (
            ids[1] in ("f", "p") or (ids[1] == "o" and ids[2] == "r" and ids[3] in ("f", "p"))
        )

    def _emit(self, text: str) -> None:
        self._parts.append(text)

    def _step(self) -> Statement | Command | None:
        src = self._stack[-1]
        if src.pos >= len(src.text):
            self._stack.pop()  # end of a variable's value: back to the enclosing buffer
            return None
        if self._state == INITIAL:
            return self._lex_initial(src)
        self._lex_literal(src)
        return None

    # -- inside literals and comments ----------------------------------------------------------

    def _lex_literal(self, src: _Source) -> None:
        text, pos, state = src.text, src.pos, self._state
        if state == XC:
            while True:
                m = _XC_EDGE.search(text, pos)
                if m is None:
                    self._emit(text[pos:])
                    src.pos = len(text)
                    return
                if m.group() == "/*":
                    self._xcdepth += 1
                elif self._xcdepth > 0:
                    self._xcdepth -= 1
                else:
                    self._state = INITIAL
                    self._emit(text[pos : m.end()])
                    src.pos = m.end()
                    return
                self._emit(text[pos : m.end()])
                pos = m.end()
        if state == XDOLQ:
            end = text.find(self._dolq, pos)  # $junk$ never hides a delimiter: find is exact
            stop = len(text) if end < 0 else end + len(self._dolq)
            if end >= 0:
                self._state = INITIAL
        else:
            if state in (XD, XUI):
                inside, close = _IN_XD, '"'
            elif state in (XB, XH):
                inside, close = _IN_XB, "'"
            elif state == XE:
                inside, close = _IN_XE, "'"
            else:
                inside, close = _IN_XQ, "'"
            m = inside.match(text, pos)  # always matches, maybe empty
            stop = m.end() if m else pos
            if stop < len(text) and text[stop] == close:
                stop += 1
                self._state = INITIAL
        self._emit(text[pos:stop])
        src.pos = stop

    # -- INITIAL state -------------------------------------------------------------------------

    def _lex_initial(self, src: _Source) -> Statement | Command | None:
        """Echo SQL until the end of the buffer, a literal, a statement end or a command."""
        text = src.text
        end = len(text)
        pos = src.pos
        fast, tracked = _run_patterns(self.standard_strings)
        while pos < end:
            # The first character rules out a match the patterns cannot make: each call costs ~0.1 us,
            # and a pipeline's line would make several that fail (issue 19).
            c = text[pos]
            if not self._parts and (c in SPACE_CHARS or c == "-"):
                # psqlscan.l {whitespace}: nothing is collected until some non-whitespace data.
                m = _LEADING.match(text, pos)
                if m:
                    pos = m.end()
                    continue
            if c != "\\" and c != ";":  # no run starts with these
                m = (tracked if self._tracking else fast).match(text, pos)
                if m:
                    token = m.group()
                    if m.lastgroup == "ident":
                        self._count_identifier(token)
                    elif "(" in token or ")" in token:
                        self._count_parens(token)
                    self._parts.append(token)
                    pos = m.end()
                    continue
            src.pos = pos
            result = self._token(src)
            if result is not None or src is not self._stack[-1]:
                return result  # an item to hand out, or a variable's value pushed
            if self._state != INITIAL:
                self._lex_literal(src)  # most literals end on the same line: lex them here
                if self._state != INITIAL:
                    return None
            pos = src.pos
        src.pos = pos
        return None

    def _count_parens(self, run: str) -> None:
        """psqlscan.l "(" and ")" for a run of text: the depth never goes below zero."""
        closes = run.count(")")
        if closes <= self._paren:  # cannot hit zero: count in one go
            self._paren += run.count("(") - closes
            return
        depth = self._paren
        for c in _PARENS.findall(run):  # the parens alone: a run is mostly other text
            if c == "(":
                depth += 1
            elif depth > 0:
                depth -= 1
        self._paren = depth

    def _token(self, src: _Source) -> Statement | Command | None:
        """Lex one special token at src.pos (the fast path stopped there)."""
        text, pos = src.text, src.pos
        c = text[pos]
        nxt = text[pos + 1 : pos + 2]
        if c == ";":
            self._emit(";")
            src.pos = pos + 1
            if self._paren == 0 and self._begin == 0:
                self._ident_count = 0
                return self._complete()
            return None
        if c in "()":  # normally counted in runs by _lex_initial
            self._count_parens(c)
        elif c == "-" and nxt == "-":
            m = _DASH_COMMENT.match(text, pos)
            assert m is not None
            self._emit(m.group())  # buffer is non-empty here: comments are kept
            src.pos = m.end()
            return None
        elif c == "/" and nxt == "*":
            self._state, self._xcdepth = XC, 0
            self._emit("/*")
            src.pos = pos + 2
            return None
        elif c == "'":
            self._state = XQ if self.standard_strings else XE
        elif c == '"':
            self._state = XD
        elif c == "$":
            self._dollar(src)
            return None
        elif c == "\\":
            if nxt in (";", ":"):
                # "\\"[;:]: force a ; or : into the buffer without its usual meaning
                self._emit(nxt)
                if nxt == ";":
                    self._ident_count = 0
                src.pos = pos + 2
                return None
            return self._command(src)
        elif c == ":":
            self._variable(src)
            return None
        else:
            self._word(src)
            return None
        self._emit(c)
        src.pos = pos + 1
        return None

    def _word(self, src: _Source) -> None:
        """An identifier, number or string prefix (E'', B'', X'', N'', U&'', U&"")."""
        text, pos = src.text, src.pos
        c = text[pos]
        two = text[pos : pos + 2]
        if two[1:] == "'" and c in "eEbBxX":
            self._state = {"e": XE, "b": XB, "x": XH}[c.lower()]
            self._emit(two)
            src.pos = pos + 2
            return
        if two[1:] == "'" and c in "nN":
            self._emit(c)  # {xnstart}: eat only the N; the quote starts a plain string
            src.pos = pos + 1
            return
        if c in "uU" and two[1:] == "&":
            quote = text[pos + 2 : pos + 3]
            if quote in ("'", '"'):
                self._state = XUS if quote == "'" else XUI
                self._emit(text[pos : pos + 3])
                src.pos = pos + 3
                return
            self._emit(c)  # {xufailed}: a bare U, not counted as an identifier
            src.pos = pos + 1
            return
        is_number = "0" <= c <= "9"
        m = (_NUMBER_RE if is_number else _IDENT).match(text, pos)
        if m is None:  # any other single character ({self}, {operator}, {other})
            self._emit(c)
            src.pos = pos + 1
            return
        word = m.group()
        if not is_number:
            self._count_identifier(word)
        self._emit(word)
        src.pos = m.end()

    def _count_identifier(self, word: str) -> None:
        """psqlscan.l {identifier}: track BEGIN ... END inside CREATE FUNCTION/PROCEDURE."""
        if self._ident_count == 0:
            self._idents = ["", "", "", ""]
        lower = word.lower()
        if lower in _HEAD_WORDS and self._ident_count < 4:
            self._idents[self._ident_count] = lower[0]
        self._ident_count += 1
        self._head = self._in_function_head()
        if self._paren == 0 and self._head:
            if lower == "begin":
                self._begin += 1
            elif lower == "case":
                if self._begin >= 1:  # CASE also ends with END; only matters inside BEGIN
                    self._begin += 1
            elif lower == "end" and self._begin > 0:
                self._begin -= 1

    def _dollar(self, src: _Source) -> None:
        text, pos = src.text, src.pos
        m = _DOLQ_DELIM.match(text, pos)
        if m:
            self._state, self._dolq = XDOLQ, m.group()
            self._emit(m.group())
            src.pos = m.end()
            return
        m = _PARAM.match(text, pos)
        stop = m.end() if m else pos + 1  # $1 is a parameter; {dolqfailed} echoes only the $
        self._emit(text[pos:stop])
        src.pos = stop

    def _variable(self, src: _Source) -> None:
        """:name, :'name', :"name", :{?name} -- psql variable interpolation."""
        text, pos = src.text, src.pos
        m = _VAR_PLAIN.match(text, pos)
        if m:
            name = m.group(1)
            src.pos = m.end()
            value = self.lookup(name)
            if value is None:
                self._emit(m.group())
            elif any(s.varname == name for s in self._stack):
                self.warnings.append(f'skipping recursive expansion of variable "{name}"')
                self._emit(m.group())
            else:
                # The value is pushed as new input and lexed like typed text: a ';' in it
                # ends the statement, a backslash in it starts a command.
                self._stack.append(_Source(value, name))
            return
        m = _VAR_QUOTED.match(text, pos)
        if m:
            src.pos = m.end()
            value = self.lookup(m.group(2))
            if value is None:
                self._emit(m.group())
            else:  # quoted, so never rescanned
                self._emit(quote_literal(value) if m.group(1) == "'" else quote_ident(value))
            return
        m = _VAR_TEST.match(text, pos)
        if m:
            src.pos = m.end()
            self._emit("FALSE" if self.lookup(m.group(1)) is None else "TRUE")
            return
        self._emit(":")
        src.pos = pos + 1

    def _complete(self) -> Statement:
        text = "".join(self._parts)
        self._parts = []
        self._nl_index = None
        return Statement(text, self._lineno)

    # -- backslash commands --------------------------------------------------------------------

    def _command(self, src: _Source) -> Command:
        """psql_scan_slash_command + the option scans + psql_scan_slash_command_end."""
        # MainLoop: a line holding only a backslash command leaves the buffer unchanged, so the
        # "\n" added for this line goes again if nothing was collected after it.
        if self._nl_index is not None and self._nl_index == len(self._parts) - 1:
            self._parts.pop()
        self._nl_index = None
        src.pos += 1
        # The slash lexer reads on past the end of a variable's value into the enclosing
        # buffers, so work on the concatenation of what remains (most often the line's rest alone).
        stack = self._stack
        rest = src.text[src.pos :] if len(stack) == 1 else "".join(s.text[s.pos :] for s in reversed(stack))
        m = _CMD_NAME.match(rest)  # always matches, maybe empty
        name_end = m.end() if m else 0
        name = rest[:name_end]
        args_end = self._args_end(name, rest, name_end)
        args = rest[name_end:args_end].lstrip(SPACE_CHARS)
        if rest.startswith("\\\\", args_end):  # a trailing \\ separator is swallowed
            args_end += 2
        if len(stack) == 1:
            src.pos += args_end  # the line alone, the usual case (_step drops it once read to its end)
        else:
            self._advance(args_end)
        return Command(name, args, self._lineno)

    def _args_end(self, name: str, rest: str, pos: int) -> int:
        """Where psql stops reading the command's arguments."""
        if name in self.whole_line_commands or name.lower() == "copy":
            return len(rest)
        filepipe = name in self.filepipe_commands
        if not filepipe and name not in ("g", "gx"):
            if pos >= len(rest) or rest[pos] == "\\":
                return pos  # no arguments (\\sendpipeline at the end of a line): no match to try
            # No pipe to look for: the loop below comes down to one match.
            m = _args_run().match(rest, pos)
            return m.end() if m else pos
        pipe_allowed = filepipe
        in_g_options = False
        while True:
            m = _SPACES.match(rest, pos)
            if m:
                pos = m.end()
            if pos >= len(rest) or rest[pos] == "\\":
                return pos  # an unquoted backslash ends the arguments
            if pipe_allowed and rest[pos] == "|":
                return len(rest)
            m = _ARG.match(rest, pos)
            assert m is not None
            arg = m.group()
            pos = m.end()
            # \g (opt=val ...) |cmd: the pipe may follow the parenthesized options
            if name in ("g", "gx") and (in_g_options or (pipe_allowed and arg.startswith("("))):
                in_g_options = not arg.endswith(")")
                pipe_allowed = not in_g_options
            else:
                pipe_allowed = False

    def _advance(self, count: int) -> None:
        """Consume ``count`` characters across the buffer stack."""
        while count > 0 and self._stack:
            top = self._stack[-1]
            available = len(top.text) - top.pos
            if count < available:
                top.pos += count
                return
            count -= available
            top.pos = len(top.text)
            self._stack.pop()


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline does not start another line
    return lines


def scan(text: str, lookup: Lookup | None = None) -> list[Statement | Command]:
    """Statements and commands of a whole script, the unterminated tail included."""
    scanner = Scanner(lookup)
    items: list[Statement | Command] = []
    for lineno, line in enumerate(_lines(text), 1):
        items.extend(scanner.feed(line, lineno))
    tail = scanner.finish()
    if tail is not None:
        items.append(tail)
    return items


def split(text: str) -> list[Statement]:
    """The statements psql would send for a script, offline: \\g and kin send, \\r clears."""
    scanner = Scanner()
    statements: list[Statement] = []
    for lineno, line in enumerate(_lines(text), 1):
        for item in scanner.feed(line, lineno):
            if isinstance(item, Statement):
                statements.append(item)
            elif item.name in SENDING_COMMANDS:
                sent = scanner.take_buffer()
                if sent:
                    statements.append(Statement(sent, lineno))
            elif item.name in ("r", "reset"):
                scanner.take_buffer()
    tail = scanner.finish()
    if tail is not None:
        statements.append(tail)
    return statements


def is_complete(text: str) -> bool:
    """Would Enter run this input? True when it leaves nothing pending in the buffer.

    That is: blank input, every statement terminated, or a backslash command with no SQL
    typed after it (psql runs a backslash command as soon as its line is entered).
    """
    if not text.strip():
        return True
    scanner = Scanner()
    after_command: int | None = None
    for lineno, line in enumerate(text.split("\n"), 1):
        for item in scanner.feed(line, lineno):
            if isinstance(item, Command):
                if item.name in SENDING_COMMANDS or item.name in ("r", "reset"):
                    scanner.take_buffer()
                after_command = len(scanner.buffer)
            else:
                after_command = None
    buffered = scanner.buffer
    if not buffered:
        return True
    return after_command is not None and len(buffered) == after_command


def is_single_statement(sql: str) -> bool:
    """Whether a query string holds one statement (retrying a longer one could repeat the others)."""
    return len(split(sql)) <= 1
