"""The one error the privacy screen raises: a stable code and a bilingual message."""

from __future__ import annotations

from trousse.engine.metadata.model import LocalizedText


class PrivacyError(Exception):
    """The screen could not run to the end; the gate must stay closed (CLI exit 2).

    ``code`` is stable: "missing-column", "bad-recipe", "bad-option", "too-many-columns",
    "timeout", "out-of-memory", "unreadable".
    """

    def __init__(self, code: str, message: LocalizedText, *, detail: str = "") -> None:
        super().__init__(f"{code}: {message.en}")
        self.code = code
        self.message = message
        self.detail = detail

    def to_dict(self) -> dict[str, object]:
        """Return the error as it appears in a report's ``error`` key."""
        return {"code": self.code, "message": {"en": self.message.en, "fr": self.message.fr},
                "detail": self.detail}
