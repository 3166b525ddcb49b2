"""Rendering whole clips: deterministic seeds, the truth JSON's contract, joints where the pixels are."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from formcheck.synth.clip import TRUTH_SCHEMA, ClipSpec, build_scenario, frame_times, render_clip
from formcheck.synth.sets import SAMPLE_SET, bench_set
from formcheck.synth.truth import BLAZEPOSE_JOINTS
from formcheck.types import Exercise, MistakeCode, Side

TINY = ClipSpec(
    Exercise.THOMAS_TEST, MistakeCode.SHALLOW_RANGE, Side.RIGHT, 15.0, seed=7, fps=1.0, size=(96, 64)
)


def test_the_same_seed_gives_the_same_scenario_and_another_seed_a_different_one():
    a, b = build_scenario(TINY), build_scenario(TINY)
    c = build_scenario(replace(TINY, seed=8))
    assert a.look == b.look
    assert a.timeline.events == b.timeline.events
    ta = a.stage(9.0).skeleton.joints["right_knee"]
    assert np.array_equal(ta, b.stage(9.0).skeleton.joints["right_knee"])
    assert a.look != c.look


def test_a_rendered_clip_is_deterministic_and_its_truth_follows_the_schema(tmp_path):
    first = render_clip(TINY, tmp_path / "a")
    second = render_clip(TINY, tmp_path / "b")
    assert first.video_path.read_bytes() == second.video_path.read_bytes()
    truth = json.loads(first.truth_path.read_text())
    assert truth["schema"] == TRUTH_SCHEMA
    assert truth["exercise"] == "thomas-test" and truth["working_side"] == "right"
    assert truth["thomas_result"] == "positive" and truth["mistakes"] == []
    assert (
        truth["frame_count"]
        == len(truth["frames"])
        == len(frame_times(build_scenario(TINY).timeline.duration_s, 1.0))
    )
    frame = truth["frames"][-1]
    assert frame["phase"] == "hold"
    assert set(frame["joints_px"]) == set(BLAZEPOSE_JOINTS)
    for key in (
        "hip_extension_deg",
        "lumbar_arch_deg",
        "knee_flexion_deg",
        "thigh_to_horizontal_deg",
        "trunk_thigh_deg",
    ):
        assert isinstance(frame[key], float)
    assert [e["name"] for e in truth["events"]] == ["sit", "hug", "lie_back", "hold"]


def test_the_true_joints_land_on_the_figure_in_the_rendered_frame(tmp_path):
    import cv2

    spec = replace(TINY, size=(320, 180), seed=9)
    result = render_clip(spec, tmp_path)
    capture = cv2.VideoCapture(str(result.video_path))
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(image)
    record = result.truth["frames"][len(frames) - 1]
    image = frames[-1].astype(float)
    background = np.median(image.reshape(-1, 3), axis=0)
    # the working (camera-near) knee and hip project onto figure pixels, not onto the room
    for name in ("right_knee", "right_hip"):
        u, v = (int(round(c)) for c in record["joints_px"][name])
        assert np.linalg.norm(image[v, u] - background) > 25.0, name


def test_the_sample_set_covers_every_scenario_of_the_first_exercises_both_sides_and_two_yaws():
    from formcheck.synth.clip import EXERCISE_MISTAKES

    seen = {(s.exercise, s.mistake) for s in SAMPLE_SET}
    # The bridges, the prone hip extension and the kneeling stretch came later: one correct and one
    # back-arch clip of each (the single-leg bridge has none) keep the folder small.
    two_each = (Exercise.GLUTE_BRIDGE, Exercise.PRONE_HIP_EXTENSION, Exercise.KNEELING_STRETCH)
    later = {Exercise.SINGLE_LEG_BRIDGE, *two_each}
    first = {(e, m) for e, ms in EXERCISE_MISTAKES.items() if e not in later for m in ms}
    pairs = {(e, m) for e in two_each for m in (None, MistakeCode.BACK_ARCH)}
    assert seen == first | pairs
    assert {s.side for s in SAMPLE_SET} == {Side.LEFT, Side.RIGHT}
    assert {s.yaw_deg for s in SAMPLE_SET} >= {0.0, 15.0, 30.0}
    assert any(s.view_side not in (None, s.side) for s in SAMPLE_SET)
    assert len({s.name for s in SAMPLE_SET}) == len(SAMPLE_SET)


def test_the_bench_set_crosses_every_scenario_with_three_yaws_and_both_sides():
    specs = bench_set()
    # couch 3, split squat 6, Thomas 3, glute bridge 4, single-leg 2, prone hip extension 3,
    # kneeling stretch 3
    assert len(specs) == 24 * 3 * 2
    assert {abs(s.yaw_deg) for s in specs} == {0.0, 15.0, 30.0}
    assert len({s.name for s in specs}) == len(specs)
    assert len({s.seed for s in specs}) == len(specs)


@pytest.mark.parametrize("side", [Side.LEFT, Side.RIGHT])
def test_the_couch_stretch_working_leg_is_the_one_nearest_the_camera(side: Side):
    from formcheck.synth.clip import _camera

    spec = ClipSpec(Exercise.COUCH_STRETCH, None, side, 0.0, seed=3, fps=1.0, short=True)
    scenario = build_scenario(spec)
    camera, _ = _camera(spec, scenario, frame_times(scenario.timeline.duration_s, 1.0))
    joints = scenario.stage(5.0).skeleton.joints
    depth = camera.to_camera(np.array([joints[f"{side.value}_knee"], joints[f"{side.other.value}_knee"]]))[
        :, 2
    ]
    assert depth[0] < depth[1]


def test_a_set_reports_an_ambiguous_clip_by_name_and_keeps_the_others(tmp_path, monkeypatch):
    from formcheck.synth import sets
    from formcheck.synth.labels import AmbiguousClip

    good, bad = TINY, replace(TINY, seed=99)

    def fake_render(spec, out_dir, video=True):
        if spec.seed == 99:
            raise AmbiguousClip("thomas: test thigh between the thresholds")
        return render_clip(spec, out_dir, video=False)

    monkeypatch.setattr(sets, "render_clip", fake_render)
    outcome = sets.render_set([good, bad], tmp_path, jobs=1)
    assert [r.truth_path.name for r in outcome.rendered] == [f"{good.name}.truth.json"]
    assert outcome.failed == [f"{bad.name}: thomas: test thigh between the thresholds"]
