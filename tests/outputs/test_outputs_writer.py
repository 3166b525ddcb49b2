"""The one writer: every file first, the history last; a failure costs no other output."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

import formcheck.history as history
from formcheck.errors import HistoryUnavailable
from formcheck.history import list_sessions
from formcheck.outputs.writer import OutputRequest, write_outputs
from tests.batch.fake_analysis import fake_analyze


def _analysis(tmp_path: Path):
    clip = tmp_path / "clip.mp4"
    clip.write_text("OK 12.0")
    return fake_analyze(type("Job", (), {"clip": clip})()), clip


def _paths(tmp_path: Path) -> dict[str, Path]:
    return {name: tmp_path / f"out.{name}" for name in ("json", "csv", "html")}


def test_the_session_is_saved_after_every_file_is_written(tmp_path):
    analysis, clip = _analysis(tmp_path)
    paths = _paths(tmp_path)
    seen_at_save: list[bool] = []

    def save_report(report):
        seen_at_save.extend(path.exists() for path in paths.values())
        return [1]

    written = write_outputs(
        analysis.report,
        OutputRequest(**paths, source_path=clip, save_session=save_report),
        analysis=analysis,
    )
    assert list(written.paths.values()) == [paths["json"], paths["csv"], paths["html"]]
    assert seen_at_save == [True, True, True]


def test_a_history_that_fails_after_the_analysis_keeps_every_file_and_names_them(tmp_path):
    analysis, clip = _analysis(tmp_path)
    paths = _paths(tmp_path)
    db = tmp_path / "history.sqlite3"
    db.write_bytes(b"garbage, not a database" * 50)  # became unusable after the check, say
    with pytest.raises(HistoryUnavailable, match="the session was not saved") as caught:
        write_outputs(
            analysis.report,
            OutputRequest(**paths, source_path=clip, save_session=partial(history.save_report, db_path=db)),
            analysis=analysis,
        )
    assert all(path.stat().st_size > 0 for path in paths.values())
    assert all(str(path) in str(caught.value) for path in paths.values())
    assert "\n" not in str(caught.value)


def test_saving_the_same_analysis_twice_keeps_one_session(tmp_path):
    analysis, clip = _analysis(tmp_path)
    db = tmp_path / "history.sqlite3"
    for _ in range(2):
        write_outputs(analysis.report, OutputRequest(save_session=partial(history.save_report, db_path=db)))
    assert len(list_sessions(db)) == 1


def test_an_output_that_fails_costs_no_other_and_its_error_comes_last(tmp_path, monkeypatch):
    import formcheck.outputs.json_report as json_report
    from formcheck.errors import OutputWriteFailed

    analysis, clip = _analysis(tmp_path)
    paths = _paths(tmp_path)

    def full_disk(report, path):
        raise OutputWriteFailed(f"--json {path}: no space left on device (nothing written)")

    monkeypatch.setattr(json_report, "write_report_json", full_disk)
    saved: list[object] = []
    with pytest.raises(OutputWriteFailed) as caught:
        write_outputs(
            analysis.report,
            OutputRequest(**paths, source_path=clip, save_session=saved.append),
            analysis=analysis,
        )
    assert not paths["json"].exists()
    assert paths["csv"].exists() and paths["html"].exists()
    assert len(saved) == 1  # the session is saved: the analysis itself was complete
    message = str(caught.value)
    assert message.startswith(f"--json {paths['json']}: no space left")
    assert str(paths["csv"]) in message and str(paths["html"]) in message
    assert "\n" not in message
