"""Looking at a history file before using it, without changing one byte of it.

A file formcheck refuses (a folder, a device, not SQLite, another program's database, a newer or
malformed schema) must stay exactly as it was: no switch to WAL, no ``-wal``/``-shm`` files beside
it, no new modification time. So it is first read through a read-only connection, and only a file
accepted here is opened for writing (see ``store.connect``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from formcheck.errors import HistoryUnavailable
from formcheck.history import failures
from formcheck.history.failures import label, sqlite_errors
from formcheck.history.schema import (
    MIGRATIONS,
    check_sessions_table,
    check_version_known,
    newest_version,
    schema_version,
)

SQLITE_HEADER = b"SQLite format 3\x00"


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, and creates no file beside ``path``.

    A read-only connection to a WAL-mode file still creates ``-wal`` and ``-shm`` files (and leaves
    them). When no ``-wal`` or ``-journal`` exists, no one is writing the file, so it is opened as
    immutable, which creates nothing; when one exists, a writer may be active, and the plain
    read-only mode reads its committed changes through the files that are already there.
    """
    in_use = _sibling(path, "-wal").exists() or _sibling(path, "-journal").exists()
    uri = path.resolve().as_uri() + ("?mode=ro" if in_use else "?mode=ro&immutable=1")
    return sqlite3.connect(uri, uri=True, timeout=failures.BUSY_TIMEOUT_S, isolation_level=None)


def _check_plain_file(path: Path) -> int | None:
    """The file's size; None when it does not exist. Refuses folders, devices and pipes unopened."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise HistoryUnavailable(f"{label(path)} cannot be used: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise HistoryUnavailable(f"{label(path)} is a folder; give a file name for --db")
    if not stat.S_ISREG(info.st_mode):
        raise HistoryUnavailable(
            f"{label(path)} is not a regular file (a device, a pipe or a socket); give a file name for --db"
        )
    return info.st_size


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise HistoryUnavailable(f"{label(path)} cannot be read: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        raise HistoryUnavailable(f"{label(path)} is not a SQLite database; give another --db")


def inspect_history(path: Path, migrations: Sequence[tuple[int, str]] = MIGRATIONS) -> int | None:
    """The schema version of the history file at ``path``: None when there is no file yet, 0 for an
    empty database. Raises HistoryUnavailable, having changed nothing, for a file formcheck must
    not use."""
    size = _check_plain_file(path)
    if size is None:
        return None
    if size == 0:  # SQLite treats an empty file as an empty database
        return 0
    _check_header(path)
    newest = newest_version(migrations)
    with sqlite_errors(path), closing(open_read_only(path)) as connection:
        version = schema_version(connection, path)
        check_version_known(version, path, newest)
        if version == newest and migrations is MIGRATIONS:
            check_sessions_table(connection, path)
    return version


def make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HistoryUnavailable(
            f"{label(path)}: cannot create its folder {path.parent} ({error.strerror or error})"
        ) from None


def check_folder_writable(path: Path) -> None:
    """The file's folder exists (or can be made) and takes new files (the database, SQLite's -wal
    and -shm). Tried with a real file: permission bits say nothing for root or on /proc."""
    make_folder(path)
    try:
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
    except OSError as error:
        raise HistoryUnavailable(
            f"{label(path)}: cannot create files in its folder {path.parent} ({error.strerror or error})"
        ) from None
    os.close(handle)
    os.unlink(probe)
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise HistoryUnavailable(f"{label(path)} is read-only")
