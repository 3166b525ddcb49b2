"""The local SQLite history of analysed sessions: schema, migrations, transactional writes.

Every write runs inside one ``BEGIN IMMEDIATE ... COMMIT`` with the file in WAL mode and
``synchronous=FULL``: a process killed mid-write (or a power cut) leaves the previous, complete
state, never a half-written session or a corrupt file. The schema version lives in a ``meta`` table;
opening a file applies the missing migrations, in order, each in its own transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from formcheck.errors import HistoryUnavailable

HISTORY_ENV_VAR = "FORMCHECK_HISTORY"
DB_FILE_NAME = "history.sqlite3"
# Seconds a writer waits for another process's transaction (a parallel batch) before giving up.
BUSY_TIMEOUT_S = 30.0

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


# The history file cannot be used (newer schema, not a database): exit code 13.
HistoryError = HistoryUnavailable


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One saved session: the figures a person follows over weeks."""

    performed_at: datetime
    clip: str
    exercise: str | None
    side: str | None
    verdict: str | None = None
    duration_s: float | None = None
    peak_hip_extension_deg: float | None = None
    max_lumbar_arch_deg: float | None = None
    lowest_thigh_to_horizontal_deg: float | None = None
    thomas_angle_deg: float | None = None
    thomas_result: str | None = None
    hold_times_s: tuple[float, ...] = ()
    mistakes: tuple[str, ...] = ()
    fingerprint: str = ""
    id: int | None = None
    saved_at: datetime | None = None


def default_db_path() -> Path:
    """``$FORMCHECK_HISTORY`` when set, else ``history.sqlite3`` in the user's data folder."""
    override = os.environ.get(HISTORY_ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("formcheck", appauthor=False) / DB_FILE_NAME


def _utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: the block's writes are committed together or rolled back."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def schema_version(connection: sqlite3.Connection) -> int:
    """0 for a new, empty file."""
    has_meta = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return 0
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(connection: sqlite3.Connection, migrations: Sequence[tuple[int, str]] = MIGRATIONS) -> int:
    """Apply the steps newer than the file's version, one transaction each; return the new version."""
    current = schema_version(connection)
    newest = migrations[-1][0] if migrations else 0
    if current > newest:
        raise HistoryError(
            f"history file has schema version {current}, newer than this formcheck knows ({newest}): "
            "upgrade formcheck or use another --db"
        )
    for version, sql in migrations:
        if version <= current:
            continue
        with transaction(connection):
            connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            for statement in sql.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(version),)
            )
        current = version
    return current


def connect(
    db_path: Path | str | None = None, *, migrations: Sequence[tuple[int, str]] = MIGRATIONS
) -> sqlite3.Connection:
    """Open (creating when needed) and migrate the history file."""
    path = Path(db_path) if db_path is not None else default_db_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; every write goes through transaction().
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise HistoryError(f"cannot open the history file {path}: {error}") from None
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        migrate(connection, migrations)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise HistoryError(f"{path} is not a usable formcheck history: {error}") from None
    except BaseException:
        connection.close()
        raise
    return connection


_COLUMNS = (
    "performed_at, saved_at, clip, exercise, side, verdict, duration_s, peak_hip_extension_deg, "
    "max_lumbar_arch_deg, lowest_thigh_to_horizontal_deg, thomas_angle_deg, thomas_result, "
    "hold_times_s, mistakes, fingerprint"
)


def insert_sessions(connection: sqlite3.Connection, records: Sequence[SessionRecord]) -> list[int | None]:
    """Insert in one transaction; a record whose fingerprint is already saved gives None."""
    saved_at = _utc_iso(datetime.now(timezone.utc))
    ids: list[int | None] = []
    with transaction(connection):
        for record in records:
            cursor = connection.execute(
                f"INSERT OR IGNORE INTO sessions ({_COLUMNS}) VALUES ({', '.join('?' * 15)})",
                (
                    _utc_iso(record.performed_at),
                    saved_at,
                    record.clip,
                    record.exercise,
                    record.side,
                    record.verdict,
                    record.duration_s,
                    record.peak_hip_extension_deg,
                    record.max_lumbar_arch_deg,
                    record.lowest_thigh_to_horizontal_deg,
                    record.thomas_angle_deg,
                    record.thomas_result,
                    json.dumps(list(record.hold_times_s)),
                    json.dumps(list(record.mistakes)),
                    record.fingerprint or f"manual:{record.clip}:{_utc_iso(record.performed_at)}",
                ),
            )
            ids.append(cursor.lastrowid if cursor.rowcount == 1 else None)
    return ids


def _record_from_row(row: sqlite3.Row) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        performed_at=datetime.fromisoformat(row["performed_at"]),
        saved_at=datetime.fromisoformat(row["saved_at"]),
        clip=row["clip"],
        exercise=row["exercise"],
        side=row["side"],
        verdict=row["verdict"],
        duration_s=row["duration_s"],
        peak_hip_extension_deg=row["peak_hip_extension_deg"],
        max_lumbar_arch_deg=row["max_lumbar_arch_deg"],
        lowest_thigh_to_horizontal_deg=row["lowest_thigh_to_horizontal_deg"],
        thomas_angle_deg=row["thomas_angle_deg"],
        thomas_result=row["thomas_result"],
        hold_times_s=tuple(json.loads(row["hold_times_s"])),
        mistakes=tuple(json.loads(row["mistakes"])),
        fingerprint=row["fingerprint"],
    )


def read_sessions(
    connection: sqlite3.Connection, *, exercise: str | None = None, limit: int | None = None
) -> list[SessionRecord]:
    """Sessions oldest first (the last ``limit`` when given)."""
    query = "SELECT * FROM sessions"
    params: list[object] = []
    if exercise is not None:
        query += " WHERE exercise = ?"
        params.append(exercise)
    query += " ORDER BY performed_at DESC, id DESC"
    if limit is not None:
        query += " LIMIT ?"
        params.append(int(limit))
    connection.row_factory = sqlite3.Row
    with closing(connection.execute(query, params)) as cursor:
        rows = cursor.fetchall()
    return [_record_from_row(row) for row in reversed(rows)]
