"""`formcheck bench real` scoring on fake reports: medians per labelled window, false flags, totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.bench.real import (
    CUT_TOLERANCE_S,
    RealBench,
    failed_clip,
    labelled_cuts,
    majority_near_side,
    run_real,
    score_clip,
    score_cuts,
    totals_of,
)
from formcheck.bench.real_labels import parse_labels
from formcheck.bench.real_table import format_table
from formcheck.errors import NoPersonFound, SourceNotFound
from formcheck.types import (
    Exercise,
    FrameAngles,
    FrameRecord,
    LegAngles,
    LumbarArch,
    Mistake,
    MistakeCode,
    Report,
    ShotReport,
    Side,
    ViewEstimate,
)

FPS = 10.0


def make_label(
    *, side="left", exercise="split-squat", windows=(), file="a.mp4", shots=((0.0, 10.0, "exercise"),)
):
    clip = {
        "file": file,
        "exercise": exercise,
        "view": "side",
        "view_angle_deg": 0,
        "working_side": side,
        "near_side": "left",
        "people_in_view": 1,
        "shot": [{"start_s": a, "end_s": b, "kind": kind} for a, b, kind in shots],
        "lumbar": [{"start_s": a, "end_s": b, "state": state} for a, b, state in windows],
    }
    return parse_labels({"schema": 1, "clip": [clip]})[0]


def make_report(arch_at, *, exercise=Exercise.SPLIT_SQUAT, side=Side.LEFT, back_arch=(), seconds=10.0):
    """A report at 10 fps whose arch at time t is ``arch_at(t)`` (None = not measured)."""
    frames = [FrameRecord(t=round(i / FPS, 3), pose=True) for i in range(int(seconds * FPS))]
    for frame in frames:
        frame.lumbar_arch_deg = arch_at(frame.t)
    mistakes = [Mistake(MistakeCode.BACK_ARCH, a, b, peak, "Ribs down") for a, b, peak in back_arch]
    mistakes.append(Mistake(MistakeCode.SHORT_HOLD, 0.0, 9.0, 2.0, "Hold longer"))  # never counted as an arch
    return Report("a.mp4", exercise, side, FPS, seconds, len(frames), len(frames), frames, mistakes)


def step_arch(t: float) -> float:
    # Neutral 0-4 s reads 2 deg, the arched 6-8 s reads 12 deg, elsewhere 30 deg (must not leak in).
    if t <= 4.0:
        return 2.0
    if 6.0 <= t <= 8.0:
        return 12.0
    return 30.0


def test_medians_come_from_the_frames_inside_each_kind_of_window_only():
    label = make_label(windows=[(0.0, 4.0, "neutral"), (6.0, 8.0, "arched")])
    score = score_clip(label, make_report(step_arch))
    assert score.neutral.frames == 41 and score.neutral.median_deg == 2.0
    assert score.arched.frames == 21 and score.arched.median_deg == 12.0
    assert score.separation_deg == pytest.approx(10.0)
    assert score.meets_separation is True


def test_a_separation_under_five_degrees_misses_the_target():
    label = make_label(windows=[(0.0, 4.0, "neutral"), (6.0, 8.0, "arched")])
    score = score_clip(label, make_report(lambda t: 2.0 if t <= 4.0 else 6.5))
    assert score.separation_deg == pytest.approx(4.5)
    assert score.meets_separation is False


def test_unmeasured_frames_are_counted_but_not_in_the_median():
    label = make_label(windows=[(0.0, 4.0, "neutral"), (6.0, 8.0, "arched")])
    score = score_clip(label, make_report(lambda t: None if t <= 4.0 else 9.0))
    assert score.neutral.frames == 41 and score.neutral.measured == 0 and score.neutral.median_deg is None
    assert score.separation_deg is None and score.meets_separation is None
    assert score.frames_arch_measured == 100 - 41


def test_a_person_found_on_a_title_and_an_arch_where_the_back_is_unmeasurable_are_counted():
    label = make_label(
        shots=[(0.0, 2.0, "title"), (2.0, 8.0, "exercise"), (8.0, 10.0, "blank")],
        windows=[(0.0, 2.0, "unmeasurable"), (3.0, 5.0, "neutral"), (8.0, 10.0, "unmeasurable")],
    )
    report = make_report(lambda t: 5.0 if t < 1.0 else None)  # an arch on the first second of the title
    for frame in report.frames:
        frame.pose = frame.t < 1.5 or 2.0 < frame.t < 8.0  # a "person" on most of the title only
    score = score_clip(label, report)
    # 10 fps over 0-9.9 s: the title holds t = 0.0..2.0 (21 frames), the blank t = 8.0..9.9 (20 frames)
    assert (score.titles.frames, score.titles.with_pose) == (21 + 20, 15)
    assert (score.unmeasurable.frames, score.unmeasurable.measured) == (21 + 20, 10)


def test_back_arch_overlapping_a_neutral_window_is_false_and_one_in_an_arched_window_is_not():
    label = make_label(windows=[(0.0, 4.0, "neutral"), (6.0, 8.0, "arched")])
    report = make_report(step_arch, back_arch=[(3.5, 5.0, 20.0), (6.5, 7.5, 15.0)])
    score = score_clip(label, report)
    assert [(f.start_s, f.end_s) for f in score.back_arch_flags] == [(3.5, 5.0), (6.5, 7.5)]
    assert [(f.start_s, f.end_s, f.peak_deg) for f in score.false_flags] == [(3.5, 5.0, 20.0)]
    assert score.flags_scored


def test_a_flag_between_labelled_windows_is_not_false():
    label = make_label(windows=[(0.0, 4.0, "neutral")])
    score = score_clip(label, make_report(step_arch, back_arch=[(4.5, 5.5, 20.0)]))
    assert score.false_flags == ()


@pytest.mark.parametrize(
    ("labelled", "found", "exercise", "verdict"),
    [
        pytest.param("left", Side.LEFT, Exercise.SPLIT_SQUAT, True, id="right-answer"),
        pytest.param("right", Side.LEFT, Exercise.SPLIT_SQUAT, False, id="wrong-answer"),
        pytest.param("left", Side.LEFT, None, None, id="angles-only-is-the-near-side-not-scored"),
        pytest.param("unknown", Side.LEFT, Exercise.SPLIT_SQUAT, None, id="label-unknown"),
        pytest.param("none", Side.LEFT, Exercise.SPLIT_SQUAT, None, id="label-none"),
    ],
)
def test_the_working_side_is_scored_only_with_an_exercise_and_a_labelled_leg(
    labelled, found, exercise, verdict
):
    score = score_clip(make_label(side=labelled), make_report(step_arch, exercise=exercise, side=found))
    assert score.side_correct is verdict


@pytest.mark.parametrize(
    ("found", "verdict"),
    [
        pytest.param(Side.LEFT, True, id="same"),
        pytest.param(Side.RIGHT, False, id="other"),
        pytest.param(None, False, id="none-found"),
    ],
)
def test_the_near_side_is_scored_on_every_clip_even_angles_only(found, verdict):
    label = make_label(exercise="glute-bridge", side="none")  # labelled near side: left
    score = score_clip(label, make_report(step_arch, exercise=None), near_side=found)
    assert score.near_side_correct is verdict
    assert (totals_of([score]).near_side_correct, totals_of([score]).near_side_scored) == (int(verdict), 1)


def angles_seeing(near_sides, *, has_pose=True):
    return [
        FrameAngles(
            i,
            i / FPS,
            has_pose,
            ViewEstimate(near, 1, 0.9, True),
            0.0,
            LegAngles(),
            LegAngles(),
            LumbarArch(None, 0.0),
        )
        for i, near in enumerate(near_sides)
    ]


def test_the_near_side_found_is_the_majority_of_frames_with_a_person():
    assert majority_near_side(angles_seeing([Side.LEFT, Side.RIGHT, Side.RIGHT, None])) is Side.RIGHT
    assert majority_near_side(angles_seeing([Side.LEFT, Side.RIGHT])) is None  # a tie says nothing
    assert majority_near_side(angles_seeing([Side.LEFT] * 3, has_pose=False)) is None


def test_angles_only_clips_are_not_counted_for_false_flags():
    label = make_label(exercise="glute-bridge", windows=[(0.0, 4.0, "neutral")])
    assert not score_clip(label, make_report(step_arch, exercise=None)).flags_scored


def test_totals_count_each_target_over_the_clips_it_applies_to():
    windows = [(0.0, 4.0, "neutral"), (6.0, 8.0, "arched")]
    good = score_clip(make_label(windows=windows), make_report(step_arch))
    wrong = score_clip(
        make_label(side="right", windows=windows),
        make_report(lambda t: 1.0, back_arch=[(1.0, 2.0, 9.0)]),
    )
    angles_only = score_clip(
        make_label(exercise="glute-bridge", side="none"), make_report(step_arch, exercise=None)
    )
    failed = failed_clip(make_label(), NoPersonFound("nobody"))
    totals = totals_of([good, wrong, angles_only, failed])
    assert (totals.side_correct, totals.side_scored) == (1, 2)
    assert (totals.false_flag_clips, totals.flags_scored) == (1, 2)
    assert (totals.separation_met, totals.separation_scored) == (1, 2)
    assert totals.failed == 1


def test_run_scores_the_clips_present_and_lists_the_missing(tmp_path):
    (tmp_path / "here.mp4").write_bytes(b"x")
    labels = [make_label(file="here.mp4"), make_label(file="gone.mp4")]
    seen = []

    def fake_analyse(path, label, cache_dir):
        seen.append((path.name, cache_dir))
        return score_clip(label, make_report(step_arch))

    bench = run_real(tmp_path, labels, cache_dir=tmp_path / "cache", analyse=fake_analyse)
    assert seen == [("here.mp4", tmp_path / "cache")]
    assert [s.label.file for s in bench.scores] == ["here.mp4"]
    assert bench.missing == ("gone.mp4",)


def test_a_missing_folder_of_clips_is_a_source_not_found_error(tmp_path):
    with pytest.raises(SourceNotFound, match="no folder of real clips"):
        run_real(tmp_path / "nowhere", [make_label()], cache_dir=None)


def test_the_table_shows_each_clip_and_the_totals():
    windows = [(0.0, 4.0, "neutral"), (6.0, 8.0, "arched")]
    score = score_clip(make_label(windows=windows), make_report(step_arch, back_arch=[(3.5, 5.0, 20.0)]))
    failed = failed_clip(make_label(file="b.mp4"), NoPersonFound("b.mp4: no person found"))
    text = format_table(RealBench(Path("clips"), (score, failed), ("gone.mp4",)))
    row = next(line for line in text.splitlines() if line.startswith("a "))
    assert "left / left  ok" in row and "2.0° (41)" in row and "12.0° (21)" in row and "+10.0°" in row
    assert "1: 3.5-5.0 s 20°" in row
    assert "b " in text and "failed: b.mp4: no person found" in text
    assert "working side right on 1 of 1 clips" in text
    assert "in 1 of 1 clips" in text
    assert "labelled but not in the folder: gone.mp4" in text


def test_labelled_cuts_skip_set_up_running_on_into_the_exercise():
    label = make_label(
        shots=[(0.0, 2.0, "title"), (2.0, 4.0, "setup"), (4.0, 8.0, "exercise"), (8.0, 10.0, "close-up")]
    )
    assert labelled_cuts(label) == (2.0, 8.0)


def test_cuts_are_hits_within_the_tolerance_and_the_rest_missed_or_false():
    score = score_cuts([2.0, 8.0], [2.0 + CUT_TOLERANCE_S - 0.01, 5.0])
    assert score.missed == (8.0,) and score.false == (5.0,)


def test_the_cuts_are_scored_from_the_reports_shots():
    label = make_label(shots=[(0.0, 2.0, "title"), (2.0, 10.0, "exercise")])
    report = make_report(lambda t: None)
    report.shots = [
        ShotReport(1, 0.0, 2.1, "title", False, "a still picture"),
        ShotReport(2, 2.1, 10.0, "exercise", True, "starts at a cut"),
    ]
    cuts = score_clip(label, report).cuts
    assert cuts is not None and cuts.detected == (2.1,) and cuts.missed == () and cuts.false == ()
