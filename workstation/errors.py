"""Errors a librarian can act on.

Messages are English templates marked for Qt's translation tools; the UI and the CLI
translate them (Simplified Chinese by default) and fill in the parameters. Anything that
is not a ``WorkstationError`` is a bug and is reported as one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# lupdate files N_() messages (an alias of QT_TR_NOOP) under the empty context outside classes.
CONTEXT = ""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for extraction by ``pyside6-lupdate`` without importing Qt."""
    return text


def N_(text: str) -> str:
    """Shorthand for messages of the ``WorkstationError`` context (lupdate sees the calls below)."""
    return text


class WorkstationError(Exception):
    """A problem the user can fix: bad input, a refused action, a locked database.

    ``record_after_rollback``, when set, writes what the refusal itself must leave behind
    (a wrong manager password's count and audit entry): ``Database.begin`` runs it in a
    transaction of its own after rolling back the refused action's."""

    record_after_rollback: Callable[[Any], None] | None = None

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.english())

    def english(self) -> str:
        return self.template.format(**self.params) if self.params else self.template

    def translated(self, translate: Any = None) -> str:
        """The message in the user's language; ``translate(context, text)`` is Qt's."""
        text = translate(CONTEXT, self.template) if translate is not None else self.template
        return text.format(**self.params) if self.params else text


class ValidationError(WorkstationError):
    """One field of the input is wrong; ``field`` names it so the UI can focus it."""

    def __init__(self, field: str, template: str, /, **params: Any) -> None:
        self.field = field
        super().__init__(template, **params)


class PermissionDenied(WorkstationError):
    pass


class NotFound(WorkstationError):
    pass


class Conflict(WorkstationError):
    pass


class SchemaTooNew(WorkstationError):
    pass


class DatabaseUnavailable(WorkstationError):
    pass
