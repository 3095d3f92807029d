"""Ctrl-C and SIGTERM stop the command line from its first moment: the first one raises
KeyboardInterrupt, which the CLI turns into its one line (exit 128 + the signal's number), and
any later one is ignored, so it cannot cut the exit short. Before this was set at the start,
loading the CLI's modules and reading the articles took up to a second in which a Ctrl-C
printed Python's traceback of an import and a SIGTERM ended the process without a word (a new
user's try-out). Also when the shell started the process with SIGINT ignored (a background
job): `kill -INT` must stop it however it was started. No imports beyond `signal`: this runs
before the CLI's modules are loaded."""

from __future__ import annotations

import signal

stopped_by: list[int] = []  # the signals that stopped the command, first first
# Called, in the main thread, when a signal stops the command, before its one line is written:
# what must be undone for that line to arrive (another thread's stderr sent to /dev/null while
# Ray starts, ray_cluster._native_stderr_closed).
before_the_line: list = []


def stop(signum: int, frame: object) -> None:
    stopped_by.append(signum)
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    for undo in list(before_the_line):
        undo()
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)
