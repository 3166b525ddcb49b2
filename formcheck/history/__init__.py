"""A local history of analysed sessions, so progress over weeks is visible.

The seed's programme runs "daily for 2 weeks, then 3–4x/week"; each analysed clip can be saved
(``formcheck analyze ... --save``, ``formcheck batch ... --save``) and followed with
``formcheck history`` and ``formcheck history trend``.

    from formcheck.history import save_report, list_sessions
    save_report(report)                      # into the default file (see default_db_path)
    for session in list_sessions():
        print(session.performed_at, session.exercise, session.peak_hip_extension_deg)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

from formcheck.history.session import MalformedSession, session_from_dict, session_to_dict
from formcheck.history.store import (
    HISTORY_ENV_VAR,
    SCHEMA_VERSION,
    HistoryError,
    SessionRecord,
    SessionsRead,
    check_writable,
    connect,
    default_db_path,
    insert_sessions,
    open_for_reading,
    read_sessions,
    resolve_db_path,
)
from formcheck.outputs.key_metrics import key_metrics, measured_sides
from formcheck.types import Report

__all__ = [
    "HISTORY_ENV_VAR",
    "SCHEMA_VERSION",
    "HistoryError",
    "MalformedSession",
    "SessionRecord",
    "SessionsRead",
    "check_writable",
    "default_db_path",
    "list_sessions",
    "read_history",
    "records_from_report",
    "resolve_db_path",
    "save_records",
    "save_report",
    "session_from_dict",
    "session_to_dict",
]


def _performed_at(report: Report) -> datetime:
    """When the exercise was done: the clip file's modification time, else now."""
    try:
        return datetime.fromtimestamp(Path(report.source).stat().st_mtime, tz=timezone.utc)
    except (OSError, ValueError):
        return datetime.now(timezone.utc)


def _fingerprint(report: Report, record: SessionRecord) -> str:
    identity = {
        "source": report.source,
        "frames_total": report.frames_total,
        "duration_s": round(report.duration_s, 3),
        "exercise": record.exercise,
        "side": record.side,
        "peak": record.peak_hip_extension_deg,
        "arch": record.max_lumbar_arch_deg,
        "thomas": record.thomas_angle_deg,
        "mistakes": [(m.code.value, round(m.start_s, 2), round(m.end_s, 2)) for m in report.mistakes],
        "performed_at": record.performed_at.isoformat(),
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()[:32]


def records_from_report(report: Report, *, performed_at: datetime | None = None) -> list[SessionRecord]:
    """One session row per side the clip measured (a Thomas test of both legs gives two)."""
    when = performed_at or _performed_at(report)
    records = []
    for side in measured_sides(report) or [None]:
        metrics = key_metrics(report, side)
        record = SessionRecord(
            performed_at=when,
            clip=report.source,
            exercise=report.exercise.value if report.exercise else None,
            side=side.value if side else None,
            verdict=metrics.verdict,
            duration_s=report.duration_s,
            peak_hip_extension_deg=metrics.peak_hip_extension_deg,
            max_lumbar_arch_deg=metrics.max_lumbar_arch_deg,
            lowest_thigh_to_horizontal_deg=metrics.lowest_thigh_to_horizontal_deg,
            thomas_angle_deg=metrics.test_angle_deg,
            thomas_result=metrics.test_result,
            hold_times_s=metrics.hold_times_s,
            mistakes=metrics.mistake_codes,
        )
        records.append(dataclasses.replace(record, fingerprint=_fingerprint(report, record)))
    return records


def save_records(records: list[SessionRecord], db_path: Path | str | None = None) -> list[int | None]:
    """Save sessions in one transaction; returns row ids (None = this analysis was already saved).

    Raises HistoryError (exit code 13) when the file cannot be used; nothing is half-saved."""
    path = resolve_db_path(db_path)
    connection = connect(path)
    try:
        return insert_sessions(connection, records, path)
    finally:
        connection.close()


def save_report(
    report: Report, db_path: Path | str | None = None, *, performed_at: datetime | None = None
) -> list[int]:
    """Save one analysed clip (one row per measured side); returns the new row ids (empty when the
    same analysis was already saved)."""
    ids = save_records(records_from_report(report, performed_at=performed_at), db_path)
    return [i for i in ids if i is not None]


def read_history(
    db_path: Path | str | None = None, *, exercise: str | None = None, limit: int | None = None
) -> SessionsRead:
    """Saved sessions, oldest first, with the malformed rows that were skipped (see SessionsRead).

    A file that does not exist yet reads as no sessions and is not created."""
    path = resolve_db_path(db_path)
    connection = open_for_reading(path)
    if connection is None:
        return SessionsRead([])
    try:
        return read_sessions(connection, exercise=exercise, limit=limit, path=path)
    finally:
        connection.close()


def list_sessions(
    db_path: Path | str | None = None, *, exercise: str | None = None, limit: int | None = None
) -> list[SessionRecord]:
    """Saved sessions, oldest first (malformed rows skipped: :func:`read_history` says which)."""
    return read_history(db_path, exercise=exercise, limit=limit).sessions
