"""The one writer: every file first, the history last; a failure costs no other output."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

import formcheck.history as history
from formcheck.errors import HistoryUnavailable, OutputUnwritable, OutputWriteFailed
from formcheck.history import list_sessions
from formcheck.outputs.writer import ExtraOutput, OutputRequest, write_outputs
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


# The one failure policy, with fake writers: no model, no clip.


def _fake_writer(log: list[str], kind: str, error: Exception | None = None):
    def write(path: Path) -> None:
        log.append(kind)
        if error is not None:
            raise error
        path.write_text(kind)

    return write


def _extra(log, kind, path, error=None) -> ExtraOutput:
    return ExtraOutput(kind, path, _fake_writer(log, kind, error), f"the {kind}")


def test_a_required_output_that_cannot_be_written_costs_no_other_and_keeps_its_exit_code(tmp_path):
    analysis, _ = _analysis(tmp_path)
    log: list[str] = []
    saved: list[object] = []
    request = OutputRequest(
        json=tmp_path / "r.json",
        extras=(
            _extra(log, "first", tmp_path / "first", OutputUnwritable("--first x: is a folder")),
            _extra(log, "second", tmp_path / "second"),
        ),
        save_session=saved.append,
    )
    with pytest.raises(OutputUnwritable) as caught:
        write_outputs(analysis.report, request)
    assert log == ["first", "second"] and len(saved) == 1  # tried after the failure, then saved
    assert (tmp_path / "r.json").exists() and (tmp_path / "second").exists()
    message = str(caught.value)
    assert message.startswith("--first x: is a folder; written: ")
    assert str(tmp_path / "r.json") in message and str(tmp_path / "second") in message
    assert caught.value.exit_code == 15


def test_an_optional_output_that_fails_is_a_problem_line_and_the_rest_is_written(tmp_path):
    analysis, _ = _analysis(tmp_path)
    log: list[str] = []
    request = OutputRequest(
        csv=tmp_path / "r.csv",
        extras=(_extra(log, "page", tmp_path / "page", ValueError("drawing failed")),),
        optional=frozenset({"page"}),
    )
    written = write_outputs(analysis.report, request)
    assert list(written.paths) == ["csv"]
    assert written.problems == ["the page could not be written: ValueError: drawing failed"]


def test_a_full_disk_is_a_failure_even_for_an_optional_output(tmp_path):
    analysis, _ = _analysis(tmp_path)
    log: list[str] = []
    full = OutputWriteFailed("--page p: no space left on device (nothing written)")
    request = OutputRequest(
        extras=(_extra(log, "page", tmp_path / "page", full), _extra(log, "after", tmp_path / "after")),
        optional=frozenset({"page"}),
    )
    with pytest.raises(OutputWriteFailed, match="no space left.*written: .*after") as caught:
        write_outputs(analysis.report, request)
    assert caught.value.exit_code == 16 and log == ["page", "after"]


def test_a_bug_in_a_required_output_is_not_swallowed(tmp_path):
    analysis, _ = _analysis(tmp_path)
    request = OutputRequest(extras=(_extra([], "x", tmp_path / "x", ZeroDivisionError("bug")),))
    with pytest.raises(ZeroDivisionError):
        write_outputs(analysis.report, request)


def test_a_failing_save_comes_after_every_file_and_an_earlier_file_failure_comes_first(tmp_path):
    analysis, _ = _analysis(tmp_path)
    log: list[str] = []

    def locked(report) -> None:
        log.append("save")
        raise HistoryUnavailable("history.sqlite3: locked by another process")

    request = OutputRequest(
        json=tmp_path / "r.json",
        extras=(_extra(log, "late", tmp_path / "late"),),
        save_session=locked,
        failed_before=(OutputWriteFailed("--record r.mp4: no space left on device"),),
    )
    with pytest.raises(OutputWriteFailed) as caught:
        write_outputs(analysis.report, request)
    assert log == ["late", "save"]
    message = str(caught.value)
    assert message.startswith("--record r.mp4: no space left on device; also: history.sqlite3: locked")
    assert "the session was not saved" in message and str(tmp_path / "late") in message


def test_a_failing_save_alone_raises_the_history_error_naming_the_files(tmp_path):
    analysis, _ = _analysis(tmp_path)

    def locked(report) -> None:
        raise HistoryUnavailable("history.sqlite3: locked by another process")

    with pytest.raises(HistoryUnavailable) as caught:
        write_outputs(analysis.report, OutputRequest(csv=tmp_path / "r.csv", save_session=locked))
    assert caught.value.exit_code == 13
    assert str(caught.value) == (
        f"history.sqlite3: locked by another process; the session was not saved ({tmp_path / 'r.csv'} written)"
    )
    assert (tmp_path / "r.csv").exists()


def test_the_annotated_video_without_the_analysis_is_refused_not_drawn_blind(tmp_path):
    analysis, _ = _analysis(tmp_path)
    with pytest.raises(ValueError, match="needs the analysis"):
        write_outputs(analysis.report, OutputRequest(video=tmp_path / "v.mp4"))
    assert not (tmp_path / "v.mp4").exists()
