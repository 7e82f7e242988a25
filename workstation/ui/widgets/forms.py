"""Small helpers for forms typed at speed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton


def clear_default_buttons(box: QDialogButtonBox) -> None:
    """Let the fields handle Enter themselves (e.g. username → password → log in).

    QDialogButtonBox makes its OK button the default when it is shown, and a default button
    fires on Enter in any field: a second submit of a half-typed form. Call this from the
    dialog's ``showEvent`` (after the box has set its default)."""
    for button in box.buttons():
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
