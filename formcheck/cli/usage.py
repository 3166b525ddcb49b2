"""Click's own errors (an unknown option, a missing argument, ``formcheck`` alone) in formcheck's form:
one ``formcheck: error:`` line and a documented exit code, never a usage box or click's exit 2, which
the exit-code table gives to "the video file does not exist".

Ctrl-C outside a command's own handling (while click parses, in a command that keeps nothing) exits
130 with one line, not click's "Aborted!" and exit 1.

A reader that stops reading standard output (``formcheck analyze --help | head -1``, ``formcheck
history | head``) chose to stop, as with any Unix filter: exit 0, not the exit 1 that click and rich
answer a broken pipe with.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

try:  # recent typer carries its own copy of click: its exceptions are the ones raised
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover (a typer on the installed click)
    from click import exceptions as click_errors

from formcheck.cli.errors import INTERRUPTED_EXIT_CODE
from formcheck.cli.terminal_text import make_streams_tolerant
from formcheck.closed_pipe import detach_closed_stdout
from formcheck.errors import InvalidOption

USAGE_EXIT_CODE = InvalidOption.exit_code  # 14: what the user typed is not a valid command line


class OneLineErrorGroup(TyperGroup):
    """The top-level command group: runs click in non-standalone mode and reports its errors itself."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:  # an embedding program wants click's exceptions
            return super().main(*args, standalone_mode=False, **kwargs)
        make_streams_tolerant()  # a non-UTF-8 terminal gets ASCII stand-ins, not a traceback
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click_errors.NoArgsIsHelpError as error:  # `formcheck`, `formcheck bench`: help
            print(error.ctx.get_help() if error.ctx else error.format_message())
            sys.exit(0)
        except click_errors.UsageError as error:
            where = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            where += _dash_file_hint(sys.argv[1:])
            print(f"formcheck: error: {_one_line(error.format_message())}{where}", file=sys.stderr)
            sys.exit(USAGE_EXIT_CODE)
        except click_errors.ClickException as error:
            print(f"formcheck: error: {_one_line(error.format_message())}", file=sys.stderr)
            sys.exit(error.exit_code)
        except typer.Abort:
            print("formcheck: interrupted", file=sys.stderr)
            sys.exit(INTERRUPTED_EXIT_CODE)
        except BrokenPipeError:
            detach_closed_stdout()
            sys.exit(0)
        except SystemExit as error:
            if error.code == 1 and _stdout_reader_left(error.__context__):
                detach_closed_stdout()
                sys.exit(0)
            raise
        sys.exit(code if isinstance(code, int) else 0)


def _stdout_reader_left(cause: BaseException | None) -> bool:
    """Whether an exit 1 is click's or rich's answer to a closed standard output: both catch the
    broken pipe themselves and exit 1 with it as the context. Outputs named on the command line
    report their own broken pipes (formcheck.destinations), so a broken pipe here is stdout's."""
    return isinstance(cause, OSError) and cause.errno == errno.EPIPE


def _dash_file_hint(arguments: list[str]) -> str:
    """A file whose name starts with '-' reads as an option: say how to give it."""
    for argument in arguments:
        if argument.startswith("-") and argument != "-" and os.path.exists(argument):
            return f"; to give the file {argument!r}, write ./{argument}"
    return ""


def _one_line(message: str) -> str:
    return " ".join(message.split())
