"""`python -m uebersetzer`, and the `uebersetzer` command's entry point (pyproject's scripts)."""

import sys

from uebersetzer import interrupts


def main() -> None:
    """The command line, stoppable in one line from its first moment (see interrupts)."""
    interrupts.stop_on_signals()
    try:
        from uebersetzer.cli import main as command_line
    except KeyboardInterrupt:
        code = 128 + interrupts.stopped_by[0]
        print("uebersetzer: interrupted", file=sys.stderr)  # the CLI's own line, which is not loaded yet
        if "--json" in sys.argv[1:]:
            print(f'{{"status": "interrupted", "error": "interrupted", "code": {code}}}')
        sys.exit(code)
    command_line()


if __name__ == "__main__":
    main()
