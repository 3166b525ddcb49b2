"""The headless event stream (one JSON object per line): a reader that goes away costs only it.

``formcheck live --headless ... | head -1`` closes the pipe after one line. The session must not
die of that: the stream stops, the session goes on to the end of its source, and the report and
the recording are written as usual.
"""

from __future__ import annotations

import errno
import sys
from typing import TextIO

from formcheck.closed_pipe import detach_closed_stdout

CLOSED_MESSAGE = "formcheck: event stream closed by its reader; events stopped, the report is still written"


class EventStream:
    """Writes lines to ``out`` until its reader closes it; then says so once on stderr."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.closed_by_reader = False

    def write_line(self, line: str) -> None:
        if self.closed_by_reader:
            return
        try:
            print(line, file=self.out, flush=True)
        except OSError as error:
            if not isinstance(error, BrokenPipeError) and error.errno != errno.EPIPE:
                raise
            self.closed_by_reader = True
            if self.out is sys.stdout:
                detach_closed_stdout()  # or the interpreter's exit flush complains again
            print(CLOSED_MESSAGE, file=sys.stderr, flush=True)
