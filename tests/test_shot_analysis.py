"""Edited clips end to end: two exercise shots with a title card between them, through the real model."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from formcheck.outputs.json_report import report_to_dict
from formcheck.outputs.video import ffmpeg_exe
from formcheck.pipeline import analyze_video

SHOT_S = 2.0
TITLE_S = 1.0
FPS = 15  # the sample clips' rate


def _title_card(path: Path, size: tuple[int, int]) -> Path:
    card = Image.new("RGB", size, (20, 40, 90))
    draw = ImageDraw.Draw(card)
    font = ImageFont.load_default(size=30)
    for row, line in enumerate(
        ["HIP FLEXOR SERIES", "Part 2: the couch stretch", "consult a professional first"]
    ):
        draw.text((40, 100 + 45 * row), line, fill=(250, 250, 250), font=font)
    card.save(path)
    return path


def _edited_clip(first: Path, second: Path, out: Path) -> Path:
    """first's opening SHOT_S, a TITLE_S title card, second's opening SHOT_S, cut hard, one file."""
    title = _title_card(out.with_suffix(".png"), (640, 360))
    trim = f"trim=0:{SHOT_S},setpts=PTS-STARTPTS,fps={FPS},format=yuv420p,setsar=1"
    graph = (
        f"[0:v]{trim}[a];[1:v]fps={FPS},format=yuv420p,setsar=1[t];[2:v]{trim}[b];"
        "[a][t][b]concat=n=3:v=1:a=0[v]"
    )
    command = [
        ffmpeg_exe(), "-v", "error", "-y", "-i", str(first),
        "-loop", "1", "-framerate", str(FPS), "-t", str(TITLE_S), "-i", str(title),
        "-i", str(second), "-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p",
        str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return out


@pytest.mark.slow
def test_a_title_card_between_two_exercise_shots_is_skipped_and_each_shot_analysed(
    tmp_path: Path, sample_videos_dir: Path
) -> None:
    clip = _edited_clip(
        sample_videos_dir / "couch-stretch_back-arch_right_yaw15.mp4",
        sample_videos_dir / "couch-stretch_correct_left_yaw0.mp4",
        tmp_path / "edited.mp4",
    )
    report = analyze_video(clip, exercise="couch-stretch").report
    shots = report.shots
    assert [s.kind for s in shots] == ["exercise", "title", "exercise"]
    assert [s.analysed for s in shots] == [True, False, True]
    assert shots[1].start_s == pytest.approx(SHOT_S, abs=1.5 / FPS)
    assert shots[2].start_s == pytest.approx(SHOT_S + TITLE_S, abs=1.5 / FPS)
    title = shots[1]
    assert title.mistakes == []
    assert not any(title.start_s <= m.start_s < title.end_s for m in report.mistakes)
    in_title = [f for f in report.frames if title.start_s <= f.t < title.end_s]
    assert in_title and not any(f.pose or f.lumbar_arch_deg is not None for f in in_title)
    data = report_to_dict(report)
    assert [s["kind"] for s in data["shots"]] == ["exercise", "title", "exercise"]
    assert sum(len(s.mistakes) for s in shots) == len(report.mistakes)
