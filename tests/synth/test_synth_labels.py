"""Clip labels follow from the truth series by the stated rules, and every scenario gets its label."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.synth.clip import EXERCISE_MISTAKES, ClipSpec, build_scenario, frame_times
from formcheck.synth.labels import AmbiguousClip, label_clip, runs
from formcheck.synth.truth import frame_truth
from formcheck.types import Exercise, MistakeCode, Side, ThomasResult

FPS = 10.0


def series(arch, tth=-15.0, phase="relax", **extra) -> list[dict]:
    arch = np.asarray(arch, dtype=float)
    frames = []
    for i, a in enumerate(arch):
        frame = {"t": i / FPS, "phase": phase, "lumbar_arch_deg": float(a), "thigh_to_horizontal_deg": tth}
        frame.update({k: (v[i] if hasattr(v, "__len__") else v) for k, v in extra.items()})
        frames.append(frame)
    return frames


def test_runs_keep_only_stretches_lasting_the_minimum_time():
    t = np.arange(30) / FPS
    mask = np.zeros(30, bool)
    mask[2:8] = True  # 0.6 s
    mask[12:25] = True  # 1.3 s
    assert runs(mask, t, 1.0) == [(pytest.approx(1.2), pytest.approx(2.5))]


def test_an_arch_of_15_deg_held_a_second_is_a_back_arch_with_its_interval():
    arch = np.r_[np.zeros(20), np.full(15, 20.0), np.zeros(20)]
    labels = label_clip(Exercise.COUCH_STRETCH, series(arch))
    assert labels.mistakes == [MistakeCode.BACK_ARCH]
    assert labels.intervals == [{"code": "back_arch", "start_s": 2.0, "end_s": 3.5}]


def test_an_arch_that_stays_at_5_deg_or_less_is_clean():
    assert label_clip(Exercise.COUCH_STRETCH, series(np.linspace(-3, 5, 50))).mistakes == []


def test_a_brief_or_middling_arch_is_ambiguous_and_refused():
    with pytest.raises(AmbiguousClip):
        label_clip(Exercise.COUCH_STRETCH, series(np.r_[np.zeros(20), np.full(5, 20.0), np.zeros(20)]))
    with pytest.raises(AmbiguousClip):
        label_clip(Exercise.COUCH_STRETCH, series(np.full(40, 10.0)))


def test_a_couch_thigh_at_or_above_the_couch_line_throughout_is_shallow_range():
    assert label_clip(Exercise.COUCH_STRETCH, series(np.zeros(30), tth=2.0)).mistakes == [
        MistakeCode.SHALLOW_RANGE
    ]
    with pytest.raises(AmbiguousClip):
        label_clip(Exercise.COUCH_STRETCH, series(np.zeros(30), tth=-5.0))


def thomas(tth: float, hug: float, arch: float = 0.0):
    return label_clip(
        Exercise.THOMAS_TEST, series(np.full(30, arch), tth=tth, phase="hold", other_hip_flexion_deg=hug)
    )


def test_thomas_results_follow_the_test_thigh_and_the_hug():
    assert thomas(-8.0, 120.0).thomas_result is ThomasResult.NEGATIVE
    assert thomas(12.0, 120.0).thomas_result is ThomasResult.POSITIVE
    invalid = thomas(-8.0, 75.0, arch=20.0)
    assert invalid.thomas_result is ThomasResult.INVALID
    assert invalid.mistakes == [MistakeCode.BACK_ARCH, MistakeCode.KNEE_NOT_HUGGED]
    with pytest.raises(AmbiguousClip):
        thomas(4.0, 120.0)


def truth_frames(spec: ClipSpec) -> tuple[list[dict], list[dict]]:
    scenario = build_scenario(spec)
    frames = []
    for t in frame_times(scenario.timeline.duration_s, spec.fps):
        staged = scenario.stage(float(t))
        record = frame_truth(staged.skeleton, scenario.working, staged.pose.lumbar_arch_deg)
        frames.append({"t": float(t), "phase": staged.phase, **record})
    return frames, scenario.holds


CASES = [(e, m) for e, ms in EXERCISE_MISTAKES.items() for m in ms]


@pytest.mark.parametrize(
    ("exercise", "mistake"), CASES, ids=[f"{e.value}-{m.value if m else 'none'}" for e, m in CASES]
)
def test_every_scenario_is_labelled_with_exactly_its_own_mistake(
    exercise: Exercise, mistake: MistakeCode | None
):
    spec = ClipSpec(exercise, mistake, Side.RIGHT, seed=11, fps=4.0, short=True)
    frames, holds = truth_frames(spec)
    labels = label_clip(exercise, frames, holds)
    if exercise is Exercise.THOMAS_TEST:
        expected = {None: ThomasResult.NEGATIVE, MistakeCode.SHALLOW_RANGE: ThomasResult.POSITIVE}
        assert labels.thomas_result is expected.get(mistake, ThomasResult.INVALID)
        wanted = (
            [MistakeCode.BACK_ARCH, MistakeCode.KNEE_NOT_HUGGED]
            if mistake is MistakeCode.KNEE_NOT_HUGGED
            else []
        )
        assert labels.mistakes == wanted
    else:
        assert labels.mistakes == ([mistake] if mistake else [])


def test_every_clip_has_a_neutral_back_moment_for_the_lumbar_reference():
    for exercise, mistake in CASES:
        frames, _ = truth_frames(ClipSpec(exercise, mistake, Side.LEFT, seed=12, fps=2.0, short=True))
        assert min(abs(f["lumbar_arch_deg"]) for f in frames) <= 3.0, (exercise, mistake)


def test_a_bridge_squeeze_under_two_seconds_is_short_one_of_three_is_clean_and_between_is_ambiguous():
    frames = series(np.zeros(60), phase="squeeze", trunk_thigh_deg=1.0)
    short = label_clip(Exercise.GLUTE_BRIDGE, frames, [{"start_s": 1.0, "end_s": 2.5}])
    assert short.mistakes == [MistakeCode.SHORT_SQUEEZE]
    assert label_clip(Exercise.GLUTE_BRIDGE, frames, [{"start_s": 1.0, "end_s": 4.0}]).mistakes == []
    with pytest.raises(AmbiguousClip):
        label_clip(Exercise.GLUTE_BRIDGE, frames, [{"start_s": 1.0, "end_s": 3.5}])


def test_a_bridge_top_short_of_the_shoulder_knee_line_is_shallow_only_at_the_top():
    top = series(np.zeros(30), phase="squeeze", trunk_thigh_deg=-15.0)
    resting = [dict(f, t=f["t"] + 3.0, phase="rest", trunk_thigh_deg=-45.0) for f in top]
    assert label_clip(Exercise.GLUTE_BRIDGE, top + resting).mistakes == [MistakeCode.SHALLOW_RANGE]
    clean_top = [dict(f, trunk_thigh_deg=0.0) for f in top]
    assert label_clip(Exercise.GLUTE_BRIDGE, clean_top + resting).mistakes == []


def test_a_kneeling_hip_not_behind_the_pelvis_in_the_hold_is_shallow_and_one_well_behind_is_clean():
    def frames(hip: float) -> list[dict]:
        return [
            {"t": i / 10, "phase": "hold", "hip_extension_deg": hip, "lumbar_arch_deg": 0.0}
            for i in range(30)
        ]

    assert label_clip(Exercise.KNEELING_STRETCH, frames(-4.0)).mistakes == [MistakeCode.SHALLOW_RANGE]
    assert label_clip(Exercise.KNEELING_STRETCH, frames(12.0)).mistakes == []
    with pytest.raises(AmbiguousClip):
        label_clip(Exercise.KNEELING_STRETCH, frames(2.5))
