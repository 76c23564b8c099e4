"""Key bindings: psql's Enter (run a complete statement, else continue), Esc-Enter, paste.

Ctrl-C (clear the buffer), Ctrl-D (leave on an empty line), Ctrl-R (search), Ctrl-Z (suspend)
and Ctrl-X Ctrl-E (edit in $EDITOR) are prompt_toolkit's own, as the loop enables them.
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.filters import completion_is_selected
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

__all__ = ["make_bindings"]


def make_bindings(wants_run: Callable[[str], bool]) -> KeyBindings:
    """wants_run(text) says whether Enter should run the buffer (psql's rules, or a raw line mode)."""
    kb = KeyBindings()

    @kb.add("enter", filter=completion_is_selected)
    def _take_completion(event: KeyPressEvent) -> None:
        """Enter on a highlighted completion keeps it and closes the menu (it does not run)."""
        event.current_buffer.complete_state = None

    @kb.add("enter", filter=~completion_is_selected)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if wants_run(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=False)  # psql does not indent; pasted text keeps its own

    @kb.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        """Esc-Enter: a new line even after a complete statement."""
        event.current_buffer.newline(copy_margin=False)

    @kb.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        """A paste ending in a newline runs at once when complete, as psql reads pasted lines."""
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        buffer = event.current_buffer
        buffer.insert_text(data)
        if data.endswith("\n") and not buffer.document.text_after_cursor.strip():
            text = buffer.text.rstrip("\n")
            if wants_run(text):
                buffer.text = text
                buffer.validate_and_handle()

    return kb
