"""Standard output whose reader has gone (``formcheck ... | head -1``): stop writing to it, quietly."""

from __future__ import annotations

import os
import sys
from typing import IO


def detach_closed_stdout(stream: IO | None = None) -> None:
    """Point stdout (or ``stream``) at /dev/null once its reader has closed the pipe.

    Without this the interpreter's last flush of stdout at exit meets the closed pipe again and
    prints "Exception ignored ... BrokenPipeError" on stderr.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a file descriptor (a test's capture)
        pass
