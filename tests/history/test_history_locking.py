"""A history file locked by another process: a bounded wait, then one line (exit code 13)."""

from __future__ import annotations

import time

import pytest

from formcheck.history import check_writable, failures, list_sessions, save_records
from formcheck.history.store import HistoryError

from .history_files import locked_by_another_process, session


def test_the_wait_for_a_locked_file_is_a_few_seconds_not_half_a_minute():
    assert 1.0 <= failures.BUSY_TIMEOUT_S <= 10.0


def test_saving_into_a_file_another_process_locks_stops_after_the_wait_with_one_line(
    tmp_path, short_lock_wait
):
    db = tmp_path / "h.sqlite3"
    save_records([session(1)], db)
    with locked_by_another_process(db):
        started = time.monotonic()
        with pytest.raises(HistoryError, match="is locked by another process") as caught:
            save_records([session(2)], db)
        waited = time.monotonic() - started
    assert short_lock_wait <= waited < short_lock_wait + 5.0
    assert str(db) in str(caught.value)
    assert [s.clip for s in list_sessions(db)] == ["clip.mp4"]  # nothing half-saved


def test_the_check_before_an_analysis_refuses_a_locked_file(tmp_path, short_lock_wait):
    db = tmp_path / "h.sqlite3"
    save_records([session(1)], db)
    with locked_by_another_process(db), pytest.raises(HistoryError, match="locked by another process"):
        check_writable(db)
    assert check_writable(db) == db  # free again: accepted


def test_sessions_can_still_be_listed_while_another_process_writes(tmp_path, short_lock_wait):
    db = tmp_path / "h.sqlite3"
    save_records([session(1), session(2, clip="b.mp4")], db)
    with locked_by_another_process(db):  # WAL: readers are not blocked by a writer
        assert [s.clip for s in list_sessions(db)] == ["clip.mp4", "b.mp4"]
