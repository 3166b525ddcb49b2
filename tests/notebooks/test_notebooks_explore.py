"""The exploration notebook runs top to bottom on real reports, so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.outputs.json_report import write_report_json
from formcheck.types import Exercise, FrameRecord, Mistake, MistakeCode, Report, Side

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explore_reports.ipynb"


def _execute(reports_dir: Path, monkeypatch) -> str:
    """Run the notebook against ``reports_dir``; returns every text output joined."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("FORMCHECK_NOTEBOOK_REPORTS", str(reports_dir))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
    return "".join(texts)


def _report(source: str, exercise: Exercise, side: Side, summary: dict, mistakes=()) -> Report:
    frames = [
        FrameRecord(t=i / 10, pose=True, hip_extension_deg=float(i % 12), lumbar_arch_deg=float(i % 9))
        for i in range(40)
    ]
    return Report(source, exercise, side, 10.0, 4.0, 40, 40, frames, list(mistakes), summary)


def test_the_notebook_runs_on_reports_of_three_exercises_and_compares_the_sides(tmp_path, monkeypatch):
    arch = Mistake(MistakeCode.BACK_ARCH, 1.0, 2.0, 16.0, "Keep ribs down; no lumbar arch", Side.RIGHT)
    reports = [
        _report("couch_right.mp4", Exercise.COUCH_STRETCH, Side.RIGHT, {"verdict": "couch verdict"}, [arch]),
        _report(
            "thomas_both.mp4",
            Exercise.THOMAS_TEST,
            Side.LEFT,
            {
                "verdict": "thomas verdict",
                "per_side": {
                    "left": {"result": "positive", "thigh_to_horizontal_deg": 9.5},
                    "right": {"result": "negative", "thigh_to_horizontal_deg": -6.0},
                },
            },
        ),
        _report("split_left.mp4", Exercise.SPLIT_SQUAT, Side.LEFT, {"verdict": "split verdict"}),
    ]
    for report in reports:
        write_report_json(report, tmp_path / f"{Path(report.source).stem}.json")
    output = _execute(tmp_path, monkeypatch)
    assert "3 reports" in output
    assert "couch verdict" in output and "thomas verdict" in output
    assert "Keep ribs down; no lumbar arch" in output
    assert "+9.5" in output and "-6.0" in output  # the Thomas angle of each leg, side by side


@pytest.mark.slow
def test_the_notebook_runs_on_reports_of_the_sample_clips(
    tmp_path, monkeypatch, sample_videos_dir, pose_tracks
):
    from formcheck.pipeline import analyze_track

    clips = sorted(sample_videos_dir.glob("*.mp4"), key=lambda p: p.stat().st_size)[:2]
    if not clips:
        pytest.skip("sample_videos/ holds no clips yet")
    for clip in clips:
        analysis = analyze_track(pose_tracks(clip), exercise="auto")
        write_report_json(analysis.report, tmp_path / f"{clip.stem}.json")
    output = _execute(tmp_path, monkeypatch)
    assert f"{len(clips)} reports" in output
    for clip in clips:
        assert clip.stem[:30] in output
