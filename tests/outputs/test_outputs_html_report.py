"""The HTML report is one self-contained file with the verdict, the curves, key frames and cues."""

from __future__ import annotations

import base64
import dataclasses
import io
import re
from types import SimpleNamespace

import numpy as np
import pytest

from formcheck.outputs.html_report import render_html_report, write_html_report
from formcheck.outputs.video import H264Writer
from formcheck.types import Exercise, FrameRecord, Mistake, MistakeCode, Pose, PoseFrame, Report, Side

FPS = 10.0
FRAME_SIZE = (160, 120)  # w, h
PEAK_POSITION = 12  # hip extension peaks here (t = 1.2 s)
ARCH_POSITION = 5  # lumbar arch peaks here (t = 0.5 s)


def _report(source: str, verdict: str = "The back arched for 1.0 s: keep ribs down.") -> Report:
    frames = [
        FrameRecord(
            t=i / FPS,
            pose=True,
            hip_extension_deg=20.0 - abs(i - PEAK_POSITION),
            lumbar_arch_deg=18.0 - 2 * abs(i - ARCH_POSITION),
            thigh_to_horizontal_deg=-5.0,
        )
        for i in range(20)
    ]
    return Report(
        source=source,
        exercise=Exercise.COUCH_STRETCH,
        side=Side.RIGHT,
        fps=FPS,
        duration_s=2.0,
        frames_total=20,
        frames_with_pose=20,
        frames=frames,
        mistakes=[
            Mistake(MistakeCode.BACK_ARCH, 0.3, 0.7, 18.0, "Keep ribs down; no lumbar arch", Side.RIGHT)
        ],
        summary={"verdict": verdict, "floor_presses": 3},
    )


def _images(page: str) -> list[bytes]:
    return [
        base64.b64decode(data) for data in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    ]


def test_the_page_loads_nothing_from_anywhere_else(tmp_path):
    page = render_html_report(_report(str(tmp_path / "gone.mp4")))
    assert not re.search(r'(src|href)\s*=\s*"(?!data:)', page), "every src/href must be inline data"
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page and "<link" not in page and "@import" not in page


def test_the_page_states_the_verdict_the_cue_with_its_times_and_the_numbers(tmp_path):
    page = render_html_report(_report(str(tmp_path / "gone.mp4")))
    assert "The back arched for 1.0 s: keep ribs down." in page
    assert "Keep ribs down; no lumbar arch" in page
    assert "0:00.3 – 0:00.7" in page  # the mistake's time range
    assert "+20.0° at 1.2 s" in page  # peak hip extension and when
    assert "18.0° at 0.5 s" in page  # worst arch and when


def test_the_curves_are_an_embedded_png(tmp_path):
    page = render_html_report(_report(str(tmp_path / "gone.mp4")))
    (curves,) = _images(page)  # no source video: the curves are the only image
    assert curves[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    width, height = Image.open(io.BytesIO(curves)).size
    assert width >= 800 and height >= 500
    assert "source video is not available" in page


def test_text_from_the_report_is_escaped(tmp_path):
    page = render_html_report(_report(str(tmp_path / "x.mp4"), verdict="<script>alert(1)</script>"))
    assert "<script>" not in page and "&lt;script&gt;" in page


def _video(path, frames: int = 20) -> None:
    with H264Writer(path, FPS, FRAME_SIZE) as writer:
        for _ in range(frames):
            writer.write(np.full((FRAME_SIZE[1], FRAME_SIZE[0], 3), 90, np.uint8))


def _standing_pose() -> Pose:
    landmarks = np.tile([80.0, 60.0], (33, 1))
    for index, point in {
        11: (80, 20),
        12: (80, 20),
        23: (80, 60),
        24: (80, 60),
        25: (80, 85),
        26: (80, 85),
        27: (80, 110),
        28: (80, 110),
    }.items():
        landmarks[index] = point
    return Pose(landmarks, np.ones(33), np.zeros(33), FRAME_SIZE)


def test_key_frames_come_from_the_video_with_the_tracked_skeleton_drawn(tmp_path):
    clip = tmp_path / "clip.mp4"
    _video(clip)
    report = _report(str(clip))
    track = SimpleNamespace(
        size=FRAME_SIZE,
        frames=[PoseFrame(i, i / FPS, FRAME_SIZE, _standing_pose()) for i in range(20)],
    )
    analysis = SimpleNamespace(report=report, track=track, angles=[None] * 20)
    path = write_html_report(report, tmp_path / "out" / "report.html", source_path=clip, analysis=analysis)
    page = path.read_text(encoding="utf-8")
    images = _images(page)
    assert len(images) == 3  # curves + peak extension + worst arch
    assert "Peak hip extension</strong>: hip extension +20° at 1.2 s" in page
    assert "Worst lumbar arch</strong>: lumbar arch 18° at 0.5 s" in page
    from PIL import Image

    key_frame = np.asarray(Image.open(io.BytesIO(images[1])).convert("RGB")).astype(int)
    assert key_frame.shape[:2] == (FRAME_SIZE[1], FRAME_SIZE[0])
    # the skeleton runs down x = 80 from the shoulder (y 20) to the ankle (y 110)
    spine_column = key_frame[80:108, 78:83]  # below the overlay panels
    assert np.abs(spine_column - 90).max() > 60, "no skeleton drawn over the plain grey frame"
    assert not list(tmp_path.rglob("*.partial"))


@pytest.mark.parametrize("exercise", [None, Exercise.THOMAS_TEST])
def test_reports_without_an_exercise_or_for_the_thomas_test_render(tmp_path, exercise):
    report = _report(str(tmp_path / "gone.mp4"))
    report.exercise = exercise
    report.mistakes = []
    report.summary = {"thomas_result": "positive", "thomas_angle_deg": 11.5} if exercise else {}
    page = render_html_report(report)
    if exercise is Exercise.THOMAS_TEST:
        assert "Thomas test" in page and "+11.5°" in page and "positive" in page
    else:
        assert "No exercise was chosen" in page


def test_key_frames_come_from_the_exercise_position_not_the_set_up(tmp_path):
    from formcheck.outputs.key_frames import choose_key_frames

    report = _report(str(tmp_path / "gone.mp4"))
    for frame in report.frames:
        frame.phase = "setup" if frame.t < 0.35 else "press"
    report.frames[0].hip_extension_deg = 40.0  # standing up before lying down: not the exercise
    peak, arch = choose_key_frames(report)
    assert (peak.position, arch.position) == (PEAK_POSITION, ARCH_POSITION)


def test_a_clip_without_mistakes_whose_back_went_unseen_is_not_shown_as_good(tmp_path):
    report = _report(
        str(tmp_path / "gone.mp4"), verdict="good form: still; back arch not judged (arm over the back)"
    )
    report.mistakes.clear()
    seen = dict(report.summary, arch_measured_fraction=0.9)
    unseen = dict(report.summary, arch_measured_fraction=0.1)
    assert 'class="card verdict good"' in render_html_report(dataclasses.replace(report, summary=seen))
    assert 'class="card verdict neutral"' in render_html_report(dataclasses.replace(report, summary=unseen))


def test_the_numbers_say_what_range_was_judged_on_and_show_the_proxy_beside_it(tmp_path):
    from formcheck.exercises.range_reading import LandmarkProxy, RangeReading

    reading = RangeReading(
        LandmarkProxy("thigh_inclination_deg", "the knee against the hip line (+ = behind)", 0.0, False)
    )
    reading.observe(0.0, 6.0, 12.0)
    reading.observe(0.1, None, 12.0)
    report = _report(str(tmp_path / "gone.mp4"))
    report = dataclasses.replace(report, summary={**report.summary, "range": reading.summary()})
    page = render_html_report(report)
    assert "range judged on hip extension 6.0° (measured in 50% of 2 frames)" in page
    assert "not judged on, shown beside it: the knee against the hip line 12.0°" in page


@pytest.mark.parametrize(
    ("exercise", "shown"),
    [(Exercise.COUCH_STRETCH, True), (Exercise.THOMAS_TEST, True), (Exercise.SPLIT_SQUAT, False)],
)
def test_the_thigh_to_horizontal_row_belongs_to_exercises_that_judge_the_thigh_on_it(
    tmp_path, exercise, shown
):
    # The couch stretch's hanging thigh and the Thomas test's floating one are judged against
    # horizontal; a split squat's lowest thigh is only the standing leg, a figure with no meaning.
    report = dataclasses.replace(_report(str(tmp_path / "gone.mp4")), exercise=exercise)
    page = render_html_report(report)
    assert ("Lowest thigh to horizontal" in page) is shown
