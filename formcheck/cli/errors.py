"""Known user errors become one line on stderr and a distinct exit code; bugs keep their traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from formcheck.errors import FormcheckError

INTERRUPTED_EXIT_CODE = 130


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except FormcheckError as error:
        print(f"formcheck: error: {error}", file=sys.stderr)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        print("formcheck: interrupted", file=sys.stderr)
        raise typer.Exit(INTERRUPTED_EXIT_CODE) from None
