"""The history file's schema: its migrations, and the checks that a file really holds it.

A file formcheck did not write (another program's SQLite database, a hand-edited copy, one from a
newer formcheck) is refused as a whole before anything is written to it; see ``inspect.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from formcheck.errors import HistoryUnavailable
from formcheck.history.failures import label as _label

# (version, SQL): append new steps, never edit a released one.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            performed_at TEXT NOT NULL,          -- ISO 8601 UTC: when the exercise was done
            saved_at TEXT NOT NULL,              -- ISO 8601 UTC: when it was saved here
            clip TEXT NOT NULL,
            exercise TEXT,                       -- formcheck.types.Exercise value, NULL = unknown
            side TEXT,                           -- working side: left / right / NULL
            verdict TEXT,
            duration_s REAL,
            peak_hip_extension_deg REAL,
            max_lumbar_arch_deg REAL,
            lowest_thigh_to_horizontal_deg REAL,
            thomas_angle_deg REAL,
            thomas_result TEXT,
            hold_times_s TEXT NOT NULL,          -- JSON list of seconds
            mistakes TEXT NOT NULL,              -- JSON list of mistake codes
            fingerprint TEXT NOT NULL UNIQUE     -- the same analysis saved twice is one session
        );
        CREATE INDEX sessions_by_exercise ON sessions (exercise, side, performed_at);
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

# The columns of ``sessions`` at SCHEMA_VERSION, in insertion order (``id`` is assigned by SQLite).
SESSION_COLUMNS = (
    "performed_at",
    "saved_at",
    "clip",
    "exercise",
    "side",
    "verdict",
    "duration_s",
    "peak_hip_extension_deg",
    "max_lumbar_arch_deg",
    "lowest_thigh_to_horizontal_deg",
    "thomas_angle_deg",
    "thomas_result",
    "hold_times_s",
    "mistakes",
    "fingerprint",
)


def _table_names(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def schema_version(connection: sqlite3.Connection, path: Path | str | None = None) -> int:
    """The file's schema version; 0 for a database with no tables yet (a new file).

    Raises HistoryUnavailable for a database that is not a formcheck history: tables but no
    version (another program's file), or a version that is not a whole number >= 1.
    """
    tables = _table_names(connection)
    if "meta" not in tables:
        if tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise HistoryUnavailable(
                f"{_label(path)} is a SQLite database of something else (tables {shown}, no formcheck "
                "schema version); give another --db"
            )
        return 0
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise HistoryUnavailable(
            f"{_label(path)} has a malformed schema: no schema version in its meta table"
        )
    value = row[0]
    # int, or the text of one: a REAL 1.5 or the word 'one' is a damaged file, not version 1.
    if isinstance(value, int) and not isinstance(value, bool):
        version = value
    elif isinstance(value, str) and value.strip().isdigit():
        version = int(value)
    else:
        raise HistoryUnavailable(
            f"{_label(path)} has a malformed schema: its schema version {value!r} is not a whole number"
        )
    if version < 1:
        raise HistoryUnavailable(f"{_label(path)} has a malformed schema: schema version {version}")
    return version


def check_version_known(version: int, path: Path | str | None, newest: int = SCHEMA_VERSION) -> None:
    if version > newest:
        raise HistoryUnavailable(
            f"{_label(path)} has schema version {version}, newer than this formcheck knows ({newest}): "
            "upgrade formcheck or use another --db"
        )


def check_sessions_table(connection: sqlite3.Connection, path: Path | str | None = None) -> None:
    """The ``sessions`` table exists with every column of the current schema."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(sessions)").fetchall()}
    if not columns:
        raise HistoryUnavailable(f"{_label(path)} has a malformed schema: it has no sessions table")
    missing = [name for name in ("id", *SESSION_COLUMNS) if name not in columns]
    if missing:
        raise HistoryUnavailable(
            f"{_label(path)} has a malformed schema: the sessions table lacks {', '.join(missing)}"
        )


def newest_version(migrations: Sequence[tuple[int, str]]) -> int:
    return migrations[-1][0] if migrations else 0
