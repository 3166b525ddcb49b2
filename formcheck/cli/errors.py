"""Known user errors become one line on stderr and a distinct exit code; bugs keep their traceback.

Interruptions too: Ctrl-C (SIGINT) exits 130 and SIGTERM (``kill``, ``timeout``, a service manager)
143, the shell's 128 + signal number. Commands that can save what they computed so far wrap their
work in :func:`stop_signals`, so that SIGTERM stops them the way Ctrl-C does (a KeyboardInterrupt)
and the exit code still tells the two apart.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from formcheck.errors import FormcheckError

INTERRUPTED_EXIT_CODE = 128 + signal.SIGINT  # 130
TERMINATED_EXIT_CODE = 128 + signal.SIGTERM  # 143

# The signal behind the latest KeyboardInterrupt raised by ``stop_signals`` (SIGINT otherwise).
_last_stop_signal: list[int] = [signal.SIGINT]


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except FormcheckError as error:
        print(f"formcheck: error: {error}", file=sys.stderr)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt as interrupt:
        raise interrupted(str(interrupt) or "interrupted") from None


def interrupted(message: str) -> typer.Exit:
    """Say ``message`` on stderr; the exit (130, or 143 after SIGTERM) for the caller to raise."""
    print(f"formcheck: {message}", file=sys.stderr)
    return typer.Exit(interrupted_exit_code())


def interrupted_exit_code() -> int:
    return TERMINATED_EXIT_CODE if _last_stop_signal[0] == signal.SIGTERM else INTERRUPTED_EXIT_CODE


@contextmanager
def stop_signals() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt like Ctrl-C for the duration, and both are remembered.

    Python raises KeyboardInterrupt in the main thread only, between bytecodes; a C call (the
    model, the decoder) finishes first. Outside the main thread signals cannot be set: no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _last_stop_signal[0] = signal.SIGINT

    def stop(signum: int, frame: object) -> None:
        _last_stop_signal[0] = signum
        raise KeyboardInterrupt

    handlers = {signal.SIGTERM: signal.signal(signal.SIGTERM, stop)}
    # Ctrl-C keeps Python's own behaviour unless the shell ignores it (a background job): then
    # leave it ignored.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        handlers[signal.SIGINT] = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        for signum, previous in handlers.items():
            signal.signal(signum, previous)
