"""The errors a user can cause, each carrying a message meant to be read by a person."""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error that is the user's to fix: the message says what and how."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(PlannerError):
    """Input that breaks a rule. `field` names the input (for a form), `message` is a sentence."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(PlannerError):
    """An id that names nothing (or nothing any more)."""

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"There is no {kind} with id {ident}; list them to see the ids.")
        self.kind = kind
        self.ident = ident
