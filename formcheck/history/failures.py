"""Every way a history file can fail, as one line a person can act on (exit code 13).

SQLite reports problems as exceptions with a numeric result code; the code, not the wording of the
message, says which one it was (locked, read-only, not a database, damaged, disk full).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from formcheck.errors import HistoryUnavailable

# Seconds to wait for another process's write (a parallel batch saves in milliseconds) before the
# file counts as locked: long enough for any normal write, short enough that a stuck process holding
# the lock costs a few seconds, not the run.
BUSY_TIMEOUT_S = 5.0

# SQLite primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def label(path: Path | str | None) -> str:
    return f"history database {path}" if path is not None else "history database"


def describe(error: sqlite3.Error, path: Path | str | None) -> HistoryUnavailable:
    """The one-line error for a failed SQLite call on the history file."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    name = label(path)
    if code in (_BUSY, _LOCKED):
        text = (
            f"{name} is locked by another process (waited {BUSY_TIMEOUT_S:g} s); "
            "try again when it has finished"
        )
    elif code == _READONLY:
        text = f"{name} is read-only (the file or its folder cannot be written)"
    elif code == _CANTOPEN:
        text = f"{name} cannot be opened (is its folder writable?)"
    elif code == _NOTADB:
        text = f"{name} is not a SQLite database; give another --db"
    elif code == _CORRUPT:
        text = f"{name} is damaged ({error}); give another --db or restore a copy"
    elif code == _FULL:
        text = f"{name} could not be written: the disk is full"
    elif code == _IOERR:
        text = f"{name} could not be read or written: I/O error ({error})"
    else:
        text = f"{name} is not a usable formcheck history: {error}"
    return HistoryUnavailable(text)


@contextmanager
def sqlite_errors(path: Path | str | None) -> Iterator[None]:
    """Turn any SQLite error inside the block into HistoryUnavailable with one clear line."""
    try:
        yield
    except sqlite3.Error as error:
        raise describe(error, path) from None
