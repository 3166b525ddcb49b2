"""Batch mechanics with a stand-in analysis: failures recorded, skip on re-run, --force, restart."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from formcheck.batch import ClipStatus, ScoreOptions, find_clips, run_batch
from formcheck.batch.records import RECORD_FILE

from .fake_analysis import fake_analyze, make_clips

OPTIONS = ScoreOptions(exercise="couch-stretch", html=False)


@pytest.fixture
def clips(tmp_path):
    return make_clips(
        tmp_path / "videos",
        {
            "a_good.mp4": "OK 12.0",
            "b_corrupt.mp4": "CORRUPT",
            "nested/c_good.mov": "OK 18.0",
            "nested/d_empty_room.webm": "NOPERSON",
            "notes.txt": "OK 1.0",
        },
    )


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "analysed.log"
    monkeypatch.setenv("FAKE_ANALYSIS_LOG", str(path))
    return path


def _analysed(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def test_folders_are_searched_recursively_for_video_files_only(clips, tmp_path):
    found = find_clips([tmp_path / "videos"])
    assert [p.name for p in found] == ["a_good.mp4", "b_corrupt.mp4", "c_good.mov", "d_empty_room.webm"]


def test_failing_clips_are_recorded_with_their_reason_and_the_batch_goes_on(clips, tmp_path, log):
    out = tmp_path / "out"
    result = run_batch(
        find_clips([tmp_path / "videos"]), out, options=OPTIONS, progress=False, analyze=fake_analyze
    )
    by_name = {Path(r.key.path).name: r for r in result.records}
    assert [by_name[n].status for n in ("a_good.mp4", "c_good.mov")] == [ClipStatus.OK, ClipStatus.OK]
    assert by_name["b_corrupt.mp4"].status is ClipStatus.FAILED
    assert "not a video file" in by_name["b_corrupt.mp4"].error
    assert by_name["b_corrupt.mp4"].error_type == "SourceUnreadable"
    assert by_name["d_empty_room.webm"].error_type == "NoPersonFound"
    assert by_name["c_good.mov"].peak_hip_extension_deg == pytest.approx(18.0)
    assert by_name["c_good.mov"].max_lumbar_arch_deg == pytest.approx(20.0)
    assert by_name["c_good.mov"].mistakes == ("back_arch",)
    assert len(result.failed) == 2


def test_an_unexpected_error_in_one_clip_is_recorded_as_an_internal_error(tmp_path, log):
    (bug,) = make_clips(tmp_path / "v", {"bug.mp4": "BUG"})
    result = run_batch([bug], tmp_path / "out", options=OPTIONS, progress=False, analyze=fake_analyze)
    assert result.records[0].status is ClipStatus.FAILED
    assert result.records[0].error == "internal error: ZeroDivisionError: division by zero"


def test_summary_csv_and_json_list_every_clip_with_its_figures(clips, tmp_path, log):
    out = tmp_path / "out"
    run_batch(find_clips([tmp_path / "videos"]), out, options=OPTIONS, progress=False, analyze=fake_analyze)
    with open(out / "summary.csv", newline="") as handle:
        rows = {Path(row["clip"]).name: row for row in csv.DictReader(handle)}
    assert set(rows) == {"a_good.mp4", "b_corrupt.mp4", "c_good.mov", "d_empty_room.webm"}
    assert rows["a_good.mp4"]["status"] == "ok"
    assert float(rows["a_good.mp4"]["peak_hip_extension_deg"]) == pytest.approx(12.0)
    assert rows["a_good.mp4"]["exercise"] == "couch-stretch" and rows["a_good.mp4"]["side"] == "left"
    assert float(rows["a_good.mp4"]["seconds_analysed"]) == pytest.approx(2.0)
    assert rows["b_corrupt.mp4"]["status"] == "failed" and "not a video" in rows["b_corrupt.mp4"]["error"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"] == {"clips": 4, "ok": 2, "failed": 2}
    assert (out / rows["a_good.mp4"]["report_json"]).exists()


def test_the_index_links_every_clips_report_and_loads_nothing_from_the_network(clips, tmp_path, log):
    out = tmp_path / "out"
    run_batch(find_clips([tmp_path / "videos"]), out, options=OPTIONS, progress=False, analyze=fake_analyze)
    index = (out / "index.html").read_text()
    for row in csv.DictReader(io.StringIO((out / "summary.csv").read_text())):
        assert Path(row["clip"]).name in index
        if row["report_json"]:
            assert f'href="{row["report_json"]}"' in index
    assert "http://" not in index and "https://" not in index


def test_a_rerun_skips_clips_already_scored_and_force_scores_them_again(clips, tmp_path, log):
    out = tmp_path / "out"
    videos = find_clips([tmp_path / "videos"])
    run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    assert len(_analysed(log)) == 4
    again = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    assert len(_analysed(log)) == 4 and again.skipped == 4 and again.scored == 0
    assert len(again.records) == 4  # the summary still lists everything
    forced = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze, force=True)
    assert len(_analysed(log)) == 8 and forced.scored == 4


def test_a_changed_clip_is_scored_again_on_rerun(clips, tmp_path, log):
    out = tmp_path / "out"
    videos = find_clips([tmp_path / "videos"])
    run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    changed = tmp_path / "videos" / "a_good.mp4"
    changed.write_text("OK 25.0")
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 10**9))
    result = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    assert _analysed(log)[4:] == ["a_good.mp4"]
    good = next(r for r in result.records if r.key.path.endswith("a_good.mp4"))
    assert good.peak_hip_extension_deg == pytest.approx(25.0)


def test_retry_failed_scores_only_the_clips_that_failed(clips, tmp_path, log):
    out = tmp_path / "out"
    videos = find_clips([tmp_path / "videos"])
    run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze, retry_failed=True)
    assert sorted(_analysed(log)[4:]) == ["b_corrupt.mp4", "d_empty_room.webm"]


def test_an_interrupted_batch_keeps_what_was_finished_and_the_rerun_does_only_the_rest(tmp_path, log):
    videos = make_clips(tmp_path / "v", {f"clip{i}.mp4": "OK 10" for i in range(4)})
    calls = []

    def interrupted_on_third(job):
        calls.append(job.clip.name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return fake_analyze(job)

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt, match="2 of 4 clips scored in this run"):
        run_batch(videos, out, options=OPTIONS, progress=False, analyze=interrupted_on_third)
    summary = json.loads((out / "summary.json").read_text())
    assert [Path(c["clip"]).name for c in summary["clips"]] == ["clip0.mp4", "clip1.mp4"]
    result = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    assert result.skipped == 2 and result.scored == 2
    assert _analysed(log)[-2:] == ["clip2.mp4", "clip3.mp4"]


def test_a_batch_killed_half_way_finishes_on_restart_without_redoing_finished_clips(tmp_path, log):
    videos = make_clips(tmp_path / "v", {f"clip{i}.mp4": "SLOW 0.4 10" for i in range(6)})
    out = tmp_path / "out"
    script = textwrap.dedent(
        f"""
        import signal, sys
        # as at a terminal, even when the test runner itself was started in the background
        # (which makes Python ignore SIGINT, a disposition children inherit)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from pathlib import Path
        from formcheck.batch import ScoreOptions, find_clips, run_batch
        from batch.fake_analysis import fake_analyze
        run_batch(find_clips([Path({str(tmp_path / "v")!r})]), Path({str(out)!r}),
                  options=ScoreOptions(exercise="couch-stretch", html=False), progress=False, analyze=fake_analyze)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], env=os.environ.copy())
    deadline = time.monotonic() + 60
    while len(list(out.glob(f"clips/*/{RECORD_FILE}"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished_before = sorted(
        Path(json.loads(p.read_text())["key"]["path"]).name for p in out.glob(f"clips/*/{RECORD_FILE}")
    )
    assert 2 <= len(finished_before) < 6
    analysed_before = len(_analysed(log))

    result = run_batch(videos, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    redone = _analysed(log)[analysed_before:]
    assert not set(redone) & set(finished_before)
    assert sorted(redone + finished_before) == [f"clip{i}.mp4" for i in range(6)]
    assert [r.status for r in result.records] == [ClipStatus.OK] * 6
    assert not list(out.rglob("*.partial"))


def test_each_scored_clip_gets_an_html_report_linked_from_the_index(tmp_path, log):
    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 12"})
    out = tmp_path / "out"
    options = ScoreOptions(exercise="couch-stretch", html=True)
    (record,) = run_batch(videos, out, options=options, progress=False, analyze=fake_analyze).records
    page = out / "clips" / Path(record.key.path).stem  # folder name starts with the clip's stem
    (html_file,) = out.glob("clips/a-*/report.html")
    assert str(html_file.parent).startswith(str(page))
    assert "The back arched: keep ribs down." in html_file.read_text()
    assert f'href="clips/{html_file.parent.name}/report.html"' in (out / "index.html").read_text()


def test_a_failing_html_page_leaves_the_clip_scored_with_a_warning(tmp_path, log, monkeypatch):
    import formcheck.outputs.html_report as html_report

    def broken_writer(*args, **kwargs):
        raise ValueError("drawing failed")

    monkeypatch.setattr(html_report, "write_html_report", broken_writer)
    videos = make_clips(tmp_path / "v", {"a.mp4": "OK 12"})
    options = ScoreOptions(exercise="couch-stretch", html=True)
    (record,) = run_batch(
        videos, tmp_path / "out", options=options, progress=False, analyze=fake_analyze
    ).records
    assert record.status is ClipStatus.OK
    assert "html" not in record.outputs and "json" in record.outputs
    assert "the HTML report could not be written: ValueError: drawing failed" in record.warnings


def test_the_batchs_own_output_folder_and_hidden_folders_are_not_searched(tmp_path):
    make_clips(tmp_path / "v", {"a.mp4": "OK 1", ".cache/b.mp4": "OK 1", "out/clips/c.mp4": "OK 1"})
    found = find_clips([tmp_path / "v"], exclude=tmp_path / "v" / "out")
    assert [p.name for p in found] == ["a.mp4"]


def test_a_missing_path_is_a_user_error_naming_it(tmp_path):
    from formcheck.errors import SourceNotFound

    with pytest.raises(SourceNotFound, match="nowhere"):
        find_clips([tmp_path / "nowhere"])


def test_ctrl_c_stops_a_two_worker_batch_promptly_and_keeps_the_finished_clips(tmp_path, log):
    make_clips(tmp_path / "v", {f"clip{i}.mp4": "SLOW 0.5 10" for i in range(12)})
    out = tmp_path / "out"
    script = textwrap.dedent(
        f"""
        import signal, sys
        # as at a terminal, even when the test runner itself was started in the background
        # (which makes Python ignore SIGINT, a disposition children inherit)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from pathlib import Path
        from formcheck.batch import ScoreOptions, find_clips, run_batch
        from batch.fake_analysis import fake_analyze
        try:
            run_batch(find_clips([Path({str(tmp_path / "v")!r})]), Path({str(out)!r}), workers=2,
                      options=ScoreOptions(exercise="couch-stretch", html=False), progress=False,
                      analyze=fake_analyze)
        except KeyboardInterrupt:
            sys.exit(130)
        """
    )
    # its own process group, as a terminal's Ctrl+C reaches the parent and every worker
    process = subprocess.Popen([sys.executable, "-c", script], env=os.environ.copy(), start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob(f"clips/*/{RECORD_FILE}"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=20) == 130
    summary = json.loads((out / "summary.json").read_text())
    assert 2 <= summary["counts"]["ok"] < 12
    assert _group_gone(process.pid, timeout_s=10), "a worker was left behind"


def _group_gone(group: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    subprocess.run(["ps", "-o", "pid,stat,cmd", "-g", str(group)])
    return False
