"""Keeping the session history up to date with a batch's scored clips (``batch --save``).

The history database is the truth of what was saved, and saving is idempotent: a session carries a
fingerprint and the database keeps one row per fingerprint. So no clip has to remember whether it
was saved. Each scored clip's session rows are stored beside its report (``sessions.json``, written
by the worker before ``record.json``); the parent process, the only writer, saves them as each clip
finishes, and at the start of a run it saves again the rows of every clip already done. A batch
killed during a history write, or one whose database was locked or unusable for a while, is thereby
caught up by the next run, without analysing any clip again and without a duplicate row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from formcheck.batch.records import ClipKey, ClipRecord, ClipStatus, write_json_atomically
from formcheck.errors import FormcheckError, HistoryUnavailable

SESSIONS_JSON = "sessions.json"
SESSIONS_SCHEMA = "formcheck.batch-sessions/1"


def performed_at(key: ClipKey) -> datetime:
    """When the exercise was done: the clip file's modification time, which the clip key fixes, so
    the rows (and their fingerprints) rebuilt on any later run are the same."""
    return datetime.fromtimestamp(key.mtime_ns / 1e9, tz=timezone.utc)


def clip_sessions(report, key: ClipKey) -> tuple:
    """The history rows one scored clip gives (one per measured side)."""
    from formcheck.history import records_from_report

    return tuple(records_from_report(report, performed_at=performed_at(key)))


def write_clip_sessions(sessions: Sequence, folder: Path) -> None:
    from formcheck.history import session_to_dict

    data = {"schema": SESSIONS_SCHEMA, "sessions": [session_to_dict(s) for s in sessions]}
    write_json_atomically(data, folder / SESSIONS_JSON)


def read_clip_sessions(record: ClipRecord, folder: Path) -> list:
    """The rows a finished clip gives: from its ``sessions.json``, or rebuilt from its report JSON
    (a clip scored by a formcheck that did not write one). Raises ValueError when neither is usable."""
    from formcheck.history import MalformedSession, session_from_dict

    try:
        data = json.loads((folder / SESSIONS_JSON).read_text(encoding="utf-8"))
        if data.get("schema") == SESSIONS_SCHEMA:
            return [session_from_dict(item) for item in data["sessions"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, MalformedSession):
        pass
    from formcheck.outputs.json_report import read_report_json

    report_path = folder / record.outputs.get("json", "report.json")
    try:
        return list(clip_sessions(read_report_json(report_path), record.key))
    except (OSError, ValueError, FormcheckError) as error:
        raise ValueError(f"{report_path}: {error}") from None


class BatchHistory:
    """The parent process's writer of a batch's sessions.

    Created before any clip is scored: an unusable or locked database stops the batch at once
    (HistoryUnavailable, exit code 13). A failure later (another process locks the file for longer
    than the wait) does not stop the scoring: saving pauses, one catch-up is tried at the end, and
    :attr:`error` says what is still missing, for the command to report after everything else.
    """

    def __init__(self, db_path: Path | None) -> None:
        from formcheck.history import check_writable

        self.db_path = check_writable(db_path)
        self.error: HistoryUnavailable | None = None
        self.unreadable: list[str] = []  # clips whose rows could not be read back (see read_clip_sessions)
        self.saved = 0  # new rows added by this run

    def _save(self, sessions: Sequence) -> bool:
        from formcheck.history import save_records

        if not sessions:
            return True
        try:
            ids = save_records(list(sessions), self.db_path)
        except HistoryUnavailable as error:
            self.error = error
            return False
        self.saved += sum(1 for row_id in ids if row_id is not None)
        return True

    def save_scored(self, sessions: Sequence) -> None:
        """A clip just scored; after a failure, saving waits for :meth:`catch_up`."""
        if self.error is None:
            self._save(sessions)

    def catch_up(self, records: Sequence[ClipRecord], folder_of) -> None:
        """Save (again: rows already there are kept once) the sessions of every scored clip."""
        sessions = []
        for record in records:
            if record.status is not ClipStatus.OK:
                continue
            try:
                sessions += read_clip_sessions(record, folder_of(record))
            except ValueError as error:
                if (warning := f"{record.key.path}: {error}") not in self.unreadable:
                    self.unreadable.append(warning)
        if self._save(sessions):
            self.error = None

    def finish(self, records: Sequence[ClipRecord], folder_of) -> HistoryUnavailable | None:
        """After the batch: one more try when a save failed; the error that remains, if any."""
        if self.error is not None:
            self.catch_up(records, folder_of)
        if self.error is None:
            return None
        return HistoryUnavailable(
            f"{self.error}; the sessions of some scored clips are not saved yet: run the same batch "
            "command again to add them (finished clips are not analysed again)"
        )
