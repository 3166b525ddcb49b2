"""Standard output whose reader has gone (``formcheck ... | head -1``): stop writing to it, quietly."""

from __future__ import annotations

import os
import sys


def detach_closed_stdout() -> None:
    """Point stdout at /dev/null once its reader has closed the pipe.

    Without this the interpreter's last flush of stdout at exit meets the closed pipe again and
    prints "Exception ignored ... BrokenPipeError" on stderr.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file descriptor (a test's capture)
        pass
