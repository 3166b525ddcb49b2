"""A malformed row (hand-edited, written by another tool) is skipped and counted, never guessed."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest
from typer.testing import CliRunner

from formcheck.cli import history as history_cli
from formcheck.history import read_history, save_records, session_from_dict, session_to_dict

from .history_files import session

LOOSE_SESSIONS_TABLE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, performed_at, saved_at, clip, exercise, side, verdict, duration_s,
    peak_hip_extension_deg, max_lumbar_arch_deg, lowest_thigh_to_horizontal_deg, thomas_angle_deg,
    thomas_result, hold_times_s, mistakes, fingerprint
);
"""
GOOD = {
    "performed_at": "2026-11-01T08:00:00+00:00",
    "saved_at": "2026-11-01T09:00:00+00:00",
    "clip": "good.mp4",
    "exercise": "couch-stretch",
    "side": "left",
    "peak_hip_extension_deg": 12.0,
    "hold_times_s": "[20.0]",
    "mistakes": "[]",
    "fingerprint": "good",
}


def _loose_file(tmp_path, rows: list[dict]):
    """A schema-valid file whose table has no type or NULL constraints, as a hand-made one may."""
    db = tmp_path / "h.sqlite3"
    raw = sqlite3.connect(db)
    raw.executescript(LOOSE_SESSIONS_TABLE)
    for index, row in enumerate([GOOD, *rows]):
        values = {**row, "fingerprint": row.get("fingerprint", f"f{index}")}
        raw.execute(
            f"INSERT INTO sessions ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            tuple(values.values()),
        )
    raw.commit()
    raw.close()
    return db


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            {"performed_at": "yesterday"}, "performed_at is 'yesterday', not a date", id="date-text"
        ),
        pytest.param({"performed_at": None}, "performed_at is None, not a date", id="date-null"),
        pytest.param({"performed_at": 20261101}, "not a date", id="date-number"),
        pytest.param({"saved_at": "x"}, "saved_at is 'x', not a date", id="saved-at"),
        pytest.param({"clip": None}, "clip is None", id="clip-null"),
        pytest.param({"peak_hip_extension_deg": "abc"}, "not a finite number", id="angle-text"),
        pytest.param({"peak_hip_extension_deg": float("inf")}, "not a finite number", id="angle-inf"),
        pytest.param({"duration_s": b"\x00\x01"}, "not a finite number", id="duration-blob"),
        pytest.param({"hold_times_s": "[1, "}, "not a JSON list", id="hold-times-broken-json"),
        pytest.param({"hold_times_s": '["long"]'}, "not a finite number", id="hold-times-text"),
        pytest.param({"mistakes": '{"a": 1}'}, "not a list", id="mistakes-object"),
        pytest.param({"side": 7}, "side is 7, not a text", id="side-number"),
        pytest.param({"fingerprint": None}, "fingerprint is None", id="fingerprint-null"),
    ],
)
def test_a_malformed_row_is_skipped_with_its_reason_and_the_others_are_read(tmp_path, change, reason):
    db = _loose_file(tmp_path, [{**GOOD, "clip": "bad.mp4", **change}])
    read = read_history(db)
    assert [s.clip for s in read.sessions] == ["good.mp4"]
    assert len(read.skipped) == 1
    assert read.skipped[0].startswith("row 2: ") and reason in read.skipped[0]


def test_a_date_without_an_offset_is_read_as_utc_so_it_sorts_with_the_others(tmp_path):
    db = _loose_file(tmp_path, [{**GOOD, "clip": "naive.mp4", "performed_at": "2026-11-03 08:00:00"}])
    read = read_history(db)
    assert read.skipped == ()
    assert read.sessions[-1].performed_at == datetime(2026, 11, 3, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("command", [[], ["trend"]], ids=["history", "history-trend"])
def test_history_commands_show_the_good_rows_and_warn_once_how_many_were_skipped(tmp_path, command):
    db = _loose_file(
        tmp_path,
        [
            {
                **GOOD,
                "clip": "later.mp4",
                "performed_at": "2026-11-08T08:00:00+00:00",
                "peak_hip_extension_deg": 15.0,
            },
            {**GOOD, "clip": "bad1.mp4", "performed_at": "garbage"},
            {**GOOD, "clip": "bad2.mp4", "peak_hip_extension_deg": "n/a"},
        ],
    )
    result = CliRunner().invoke(history_cli.app, [*command, "--db", str(db)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("formcheck: warning:")]
    assert len(warnings) == 1 and "skipped 2 malformed rows" in warnings[0] and str(db) in warnings[0]
    if command:
        assert "+3.0" in result.output  # the trend from 12.0 to 15.0 over the two good rows
    else:
        assert "good.mp4" in result.output and "later.mp4" in result.output and "bad1" not in result.output


def test_a_session_survives_the_trip_through_json_as_the_database_stores_it(tmp_path):
    original = session(4)
    assert session_from_dict(session_to_dict(original)) == original
    save_records([original], tmp_path / "h.sqlite3")
    (read,) = read_history(tmp_path / "h.sqlite3").sessions
    assert session_to_dict(read) == session_to_dict(original)
