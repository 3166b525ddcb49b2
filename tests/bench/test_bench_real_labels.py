"""The real-clip label file: the shipped one loads, and a label that breaks the schema is refused."""

from __future__ import annotations

import copy

import pytest

from formcheck.bench.real_labels import (
    LabelFileError,
    LabelledSide,
    LumbarState,
    ShotKind,
    View,
    load_labels,
    parse_labels,
)
from formcheck.types import Exercise, Side


def make_clip(**overrides) -> dict:
    clip = {
        "file": "a.mp4",
        "exercise": "split-squat",
        "view": "side",
        "view_angle_deg": 0,
        "working_side": "left",
        "near_side": "left",
        "people_in_view": 1,
        "shot": [
            {"start_s": 0.0, "end_s": 2.0, "kind": "title"},
            {"start_s": 2.0, "end_s": 9.0, "kind": "exercise"},
        ],
        "lumbar": [
            {"start_s": 2.5, "end_s": 4.0, "state": "neutral"},
            {"start_s": 5.0, "end_s": 6.0, "state": "arched", "note": "reaching overhead"},
        ],
    }
    clip.update(overrides)
    return clip


def parse_one(**overrides):
    return parse_labels({"schema": 1, "clip": [make_clip(**overrides)]})[0]


def test_the_shipped_label_file_loads_with_a_label_per_clip_name():
    labels = load_labels()
    assert len(labels) >= 20
    assert len({label.file for label in labels}) == len(labels)
    for label in labels:
        assert label.shots, f"{label.file} has no shot"


def test_a_valid_clip_becomes_typed_dataclasses():
    label = parse_one()
    assert label.view is View.SIDE
    assert label.working_side is LabelledSide.LEFT
    assert label.working_side.side is Side.LEFT
    assert label.formcheck_exercise is Exercise.SPLIT_SQUAT
    assert [s.kind for s in label.shots] == [ShotKind.TITLE, ShotKind.EXERCISE]
    assert [w.state for w in label.windows(LumbarState.ARCHED)] == [LumbarState.ARCHED]
    assert label.lumbar[1].note == "reaching overhead"


@pytest.mark.parametrize(
    ("exercise", "runs_as"),
    [
        pytest.param("couch-stretch", Exercise.COUCH_STRETCH, id="formcheck-exercise"),
        pytest.param("glute-bridge", Exercise.GLUTE_BRIDGE, id="formcheck-exercise-added-later"),
        pytest.param("single-leg-bridge", Exercise.SINGLE_LEG_BRIDGE, id="its-progression"),
        pytest.param("prone-hip-extension", Exercise.PRONE_HIP_EXTENSION, id="prone-hip-extension"),
        pytest.param("kneeling-stretch", Exercise.KNEELING_STRETCH, id="kneeling-stretch"),
        pytest.param("other:hip thrust", None, id="other"),
    ],
)
def test_only_formcheck_exercises_are_analysed_with_rules(exercise, runs_as):
    assert parse_one(exercise=exercise).formcheck_exercise is runs_as


def test_an_unknown_near_side_is_no_side():
    assert parse_one(near_side="unknown").near_side is None
    assert parse_one(near_side="right").near_side is Side.RIGHT


@pytest.mark.parametrize("side", ["none", "unknown"])
def test_none_and_unknown_sides_have_no_anatomical_side(side):
    assert parse_one(working_side=side).working_side.side is None


def test_windows_may_touch_at_a_cut():
    label = parse_one(
        lumbar=[
            {"start_s": 0.0, "end_s": 2.0, "state": "unmeasurable"},
            {"start_s": 2.0, "end_s": 3.0, "state": "neutral"},
        ]
    )
    assert len(label.lumbar) == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"exercise": "squat"}, "exercise 'squat'", id="unknown-exercise"),
        pytest.param({"exercise": "other:  "}, "exercise", id="empty-other"),
        pytest.param({"view": "top"}, "view 'top'", id="unknown-view"),
        pytest.param({"view_angle_deg": 40}, "side view", id="side-view-far-off-side-on"),
        pytest.param({"view": "oblique", "view_angle_deg": 120}, "0..90", id="angle-out-of-range"),
        pytest.param({"working_side": "both"}, "working_side", id="unknown-side"),
        pytest.param({"near_side": "none"}, "near_side 'none'", id="near-side-none"),
        pytest.param({"people_in_view": 0}, "people_in_view", id="nobody"),
        pytest.param({"people_in_view": 1.5}, "people_in_view", id="half-a-person"),
        pytest.param({"colour": "red"}, "unknown field colour", id="unknown-field"),
        pytest.param(
            {"lumbar": [{"start_s": 3.0, "end_s": 2.0, "state": "neutral"}]}, "start_s < end_s", id="reversed"
        ),
        pytest.param(
            {"lumbar": [{"start_s": -1.0, "end_s": 2.0, "state": "neutral"}]}, "0 <= start_s", id="negative"
        ),
        pytest.param(
            {"lumbar": [{"start_s": 0.0, "end_s": 2.0, "state": "bent"}]}, "state 'bent'", id="unknown-state"
        ),
        pytest.param(
            {"lumbar": [{"start_s": 0.0, "end_s": "2", "state": "neutral"}]},
            "end_s must be a number",
            id="text-time",
        ),
        pytest.param({"lumbar": [{"start_s": 0.0, "end_s": 2.0}]}, "missing state", id="no-state"),
        pytest.param(
            {
                "lumbar": [
                    {"start_s": 0.0, "end_s": 3.0, "state": "neutral"},
                    {"start_s": 2.0, "end_s": 4.0, "state": "arched"},
                ]
            },
            "overlap",
            id="overlapping-windows",
        ),
        pytest.param(
            {"shot": [{"start_s": 0.0, "end_s": 2.0, "kind": "advert"}]},
            "kind 'advert'",
            id="unknown-shot-kind",
        ),
        pytest.param({"shot": {"start_s": 0.0}}, "array of tables", id="shot-not-a-list"),
    ],
)
def test_a_label_breaking_the_schema_is_refused_naming_clip_and_field(overrides, message):
    with pytest.raises(LabelFileError, match="a.mp4") as caught:
        parse_one(**overrides)
    assert message in str(caught.value)


def test_a_clip_missing_a_required_field_is_refused():
    clip = make_clip()
    del clip["view"]
    with pytest.raises(LabelFileError, match="missing view"):
        parse_labels({"schema": 1, "clip": [clip]})


def test_a_clip_without_a_file_name_is_refused_by_its_position():
    with pytest.raises(LabelFileError, match="clip #1: file must be a non-empty string"):
        parse_one(file=" ")


def test_a_clip_labelled_twice_is_refused():
    clip = make_clip()
    with pytest.raises(LabelFileError, match="labelled twice: a.mp4"):
        parse_labels({"schema": 1, "clip": [clip, copy.deepcopy(clip)]})


def test_another_schema_version_is_refused():
    with pytest.raises(LabelFileError, match="schema 2"):
        parse_labels({"schema": 2, "clip": [make_clip()]})


def test_a_file_that_is_not_toml_is_refused_naming_it(tmp_path):
    path = tmp_path / "labels.toml"
    path.write_text("schema = = 1\n")
    with pytest.raises(LabelFileError, match="labels.toml"):
        load_labels(path)
