"""A history file formcheck cannot use is refused with one line, and left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.cli import history as history_cli
from formcheck.history import check_writable, list_sessions, save_records
from formcheck.history.store import SCHEMA_VERSION, HistoryError, connect

from .history_files import REFUSED_FILES, folder_snapshot, session


@pytest.mark.parametrize(("make", "words"), REFUSED_FILES)
@pytest.mark.parametrize(
    "use",
    [
        pytest.param(lambda db: save_records([session(1)], db), id="save"),
        pytest.param(lambda db: list_sessions(db), id="list"),
        pytest.param(check_writable, id="check-before-analysis"),
        pytest.param(connect, id="connect"),
    ],
)
def test_a_refused_file_gives_one_clear_error_and_is_left_byte_identical(tmp_path, make, words, use):
    db = tmp_path / "h.sqlite3"
    make(db)
    before = folder_snapshot(tmp_path)
    with pytest.raises(HistoryError, match=words) as caught:
        use(db)
    assert str(db) in str(caught.value) and "\n" not in str(caught.value)
    # same bytes, same modification time, and no -wal / -shm / -journal created beside it
    assert folder_snapshot(tmp_path) == before


@pytest.mark.parametrize(("make", "words"), REFUSED_FILES)
@pytest.mark.parametrize("command", [[], ["trend"]], ids=["history", "history-trend"])
def test_history_commands_exit_13_with_one_line_for_a_refused_file(tmp_path, make, words, command):
    db = tmp_path / "h.sqlite3"
    make(db)
    result = CliRunner().invoke(history_cli.app, [*command, "--db", str(db)])
    assert result.exit_code == 13, result.output
    assert result.output.startswith("formcheck: error: history database ")
    assert words in result.output and result.output.count("\n") == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("db", "words"),
    [
        pytest.param(lambda tmp: _folder(tmp), "is a folder", id="a-folder"),
        pytest.param(lambda tmp: Path(os.devnull), "is not a regular file", id="dev-null"),
        pytest.param(lambda tmp: _fifo(tmp), "is not a regular file", id="a-fifo"),
        pytest.param(lambda tmp: _under_a_file(tmp), "cannot create its folder", id="folder-is-a-file"),
        pytest.param(
            lambda tmp: Path("/proc/formcheck-history.sqlite3"),
            "cannot create files in its folder",
            id="proc",
        ),
    ],
)
def test_a_db_path_that_is_not_a_writable_file_is_refused_before_anything_is_written(tmp_path, db, words):
    path = db(tmp_path)
    with pytest.raises(HistoryError, match=words):
        check_writable(path)
    with pytest.raises(HistoryError, match=words if "folder" not in words else "folder|cannot be opened"):
        save_records([session(1)], path)
    assert not (path.is_file() and path.stat().st_size)  # nothing written there
    if path == Path(os.devnull):
        assert path.is_char_device()


def _folder(tmp: Path) -> Path:
    (tmp / "history.sqlite3").mkdir()
    return tmp / "history.sqlite3"


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "pipe.sqlite3")  # opening it would block: it must be refused unopened
    return tmp / "pipe.sqlite3"


def _under_a_file(tmp: Path) -> Path:
    (tmp / "plain").write_text("x")
    return tmp / "plain" / "history.sqlite3"


def test_checking_before_an_analysis_creates_no_file_when_there_is_none_yet(tmp_path):
    db = tmp_path / "new" / "h.sqlite3"
    assert check_writable(db) == db
    assert list(db.parent.iterdir()) == []  # the folder may be made; no database, no probe left
    assert list_sessions(db) == [] and not db.exists()  # reading a missing file creates nothing


def test_an_empty_file_is_taken_as_a_new_history(tmp_path):
    db = tmp_path / "h.sqlite3"
    db.touch()
    save_records([session(1)], db)
    assert [s.clip for s in list_sessions(db)] == ["clip.mp4"]


def test_an_accepted_file_is_switched_to_wal_and_migrated_only_after_it_was_checked(tmp_path):
    db = tmp_path / "h.sqlite3"
    raw = sqlite3.connect(db)  # an empty database in the default rollback-journal mode
    raw.execute("PRAGMA user_version = 0")
    raw.commit()
    raw.close()
    connection = connect(db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
    connection.close()
