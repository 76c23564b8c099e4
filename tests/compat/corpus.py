"""Read the labelled corpus, corpus.sql (its header explains the format), into Case rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("corpus.sql")
_CASE = re.compile(r"^-- case: (accept|reject|warn)((?: [A-Z0-9-]+)*)\s*$")


@dataclass(frozen=True)
class Case:
    """One labelled case: its SQL, the label, the rule ids expected, and where it starts."""

    label: str
    rules: frozenset[str]
    sql: str
    line: int

    @property
    def name(self) -> str:
        first = next((s for s in self.sql.splitlines() if s and not s.startswith(("--", "/*"))), self.sql)
        return f"L{self.line}-{self.label}-{first[:40]}"


def load(path: Path = CORPUS) -> list[Case]:
    """The cases of a corpus file, in order."""
    cases: list[Case] = []
    current: tuple[str, frozenset[str], int] | None = None
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _CASE.match(line)
        if match:
            if current:
                cases.append(Case(current[0], current[1], "\n".join(body).strip() + "\n", current[2]))
            current = (match.group(1), frozenset(match.group(2).split()), number + 1)
            body = []
        elif current:
            body.append(line)
    if current:
        cases.append(Case(current[0], current[1], "\n".join(body).strip() + "\n", current[2]))
    return cases
