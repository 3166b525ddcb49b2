"""Which shots are analysed: the whole body must be in frame, seen, and large enough (no model needed)."""

from __future__ import annotations

import dataclasses

import pytest

from formcheck.outputs.json_report import report_from_dict, report_to_dict
from formcheck.outputs.terminal import format_report_summary
from formcheck.shot_analysis import MIN_BODY_EXTENT, judge_shot, whole_body_visible
from formcheck.sources.shots import Shot, ShotKind
from formcheck.types import Mistake, MistakeCode, Report, ShotReport, Side
from tests.kinematics.poses import make_pose

SIZE = (1280, 720)  # (width, height)


def standing(scale: float = 1.0, x0: float = 640.0, y_top: float = 100.0, **overrides) -> dict:
    """A side-on standing body 500 px tall (times ``scale``) from ``y_top`` down."""
    height = 500 * scale
    points = {
        "left_shoulder": (x0, y_top),
        "left_hip": (x0, y_top + 0.5 * height),
        "left_knee": (x0, y_top + 0.75 * height),
        "left_ankle": (x0, y_top + height),
    }
    points.update(overrides)
    return points


def shot(kind: ShotKind = ShotKind.EXERCISE, title_like: bool = False) -> Shot:
    return Shot(0, 10, 0.0, 1.0, kind, "starts at a cut", title_like=title_like)


def test_a_body_fully_in_frame_is_whole() -> None:
    assert whole_body_visible(make_pose(image_size=SIZE, **standing()))


@pytest.mark.parametrize(
    "points, visibility",
    [
        pytest.param(standing(y_top=400), None, id="ankles below the frame"),
        pytest.param(standing(left_shoulder=(640, 2)), None, id="shoulder on the top border"),
        pytest.param(standing(), {"left_knee": 0.2}, id="knee hidden"),
        pytest.param(standing(scale=0.3), None, id="a small photo of a person"),
    ],
)
def test_a_body_cut_off_hidden_or_tiny_is_not_whole(points: dict, visibility: dict | None) -> None:
    assert not whole_body_visible(make_pose(image_size=SIZE, visibility=visibility, **points))


def test_the_size_limit_is_a_share_of_the_shorter_side() -> None:
    just_enough = (MIN_BODY_EXTENT * SIZE[1] + 2) / 500
    assert whole_body_visible(make_pose(image_size=SIZE, **standing(scale=just_enough)))
    assert not whole_body_visible(make_pose(image_size=SIZE, **standing(scale=just_enough - 0.01)))


def test_a_shot_with_a_whole_body_in_most_frames_is_analysed() -> None:
    whole, cut_off = (
        make_pose(image_size=SIZE, **standing()),
        make_pose(image_size=SIZE, **standing(y_top=400)),
    )
    judged = judge_shot(shot(), [whole] * 6 + [cut_off] * 4)
    assert judged.kind is ShotKind.EXERCISE and not judged.skipped


def test_a_shot_showing_part_of_a_body_is_a_close_up() -> None:
    cut_off = make_pose(image_size=SIZE, **standing(y_top=400))
    judged = judge_shot(shot(), [cut_off] * 8 + [None] * 2)
    assert judged.kind is ShotKind.CLOSE_UP and judged.skipped and "out of frame" in judged.reason


def test_a_still_plain_shot_without_a_body_is_a_title_even_if_the_model_finds_a_small_person() -> None:
    photo = make_pose(image_size=SIZE, **standing(scale=0.3))
    assert judge_shot(shot(title_like=True), [photo] * 10).kind is ShotKind.TITLE


def test_a_moving_shot_without_anybody_is_no_body() -> None:
    assert judge_shot(shot(), [None] * 10).kind is ShotKind.NO_BODY


def test_a_blank_shot_stays_blank_whatever_the_model_says() -> None:
    whole = make_pose(image_size=SIZE, **standing())
    assert judge_shot(shot(ShotKind.BLANK), [whole] * 10).kind is ShotKind.BLANK


def _report_with_shots() -> Report:
    arch = Mistake(MistakeCode.BACK_ARCH, 3.2, 4.0, 12.5, "Ribs down.", Side.LEFT)
    return Report(
        source="edited.mp4", exercise=None, side=Side.LEFT, fps=25.0, duration_s=6.0, frames_total=150,
        frames_with_pose=100, mistakes=[arch],
        shots=[
            ShotReport(1, 0.0, 2.0, "title", False, "a still, plain or text-heavy picture"),
            ShotReport(2, 2.0, 6.0, "exercise", True, "starts at a cut", side=Side.LEFT, mistakes=[arch]),
        ],
    )  # fmt: skip


def test_shots_go_into_the_json_report_and_come_back() -> None:
    report = _report_with_shots()
    data = report_to_dict(report)
    assert data["shots"][0] == {
        "number": 1, "start_s": 0.0, "end_s": 2.0, "kind": "title", "analysed": False,
        "reason": "a still, plain or text-heavy picture", "exercise": None, "side": None, "verdict": None,
        "mistakes": [],
    }  # fmt: skip
    assert data["shots"][1]["mistakes"][0]["code"] == "back_arch"
    assert report_from_dict(data).shots == report.shots


def test_the_terminal_prints_one_line_per_shot_only_when_there_are_several() -> None:
    report = _report_with_shots()
    lines = format_report_summary(report).splitlines()
    assert any("title" in line and "skipped" in line for line in lines)
    assert any("exercise" in line and "back_arch" in line for line in lines)
    single = dataclasses.replace(report, shots=report.shots[1:])
    assert "shots (" not in format_report_summary(single)
