"""Errors a user can act on. The CLI turns each into one line and an exit code."""

from __future__ import annotations


class UebersetzerError(Exception):
    """A problem with the user's input, files or setup; never a bug in uebersetzer."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{place}: {self.message}"


class UsageError(UebersetzerError):
    """Bad arguments: a missing path, an unknown language code, a bad option."""

    exit_code = 2


class ArticleError(UebersetzerError):
    """One article cannot be processed; the batch goes on with the others."""


class EngineError(UebersetzerError):
    """A translation engine is missing or cannot be used for a language pair."""


def bug_behind(error: BaseException) -> BaseException | None:
    """The bug an error was raised from, if any: the first exception of its causes that is not an
    UebersetzerError (a format's parse raising KeyError, said as its article's ArticleError so
    that the other articles go on); --debug shows its traceback."""
    cause = error.__cause__
    while cause is not None and isinstance(cause, UebersetzerError):
        cause = cause.__cause__
    return cause


class Interrupted(UebersetzerError):
    """Ctrl-C (or SIGTERM): the run stopped early, keeping what it had finished."""

    exit_code = 130
