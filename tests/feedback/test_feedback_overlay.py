"""The overlay: drawn on the person, readable at any size, never failing on missing data."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.feedback import style
from formcheck.feedback.gauges import Gauge, GaugeState
from formcheck.feedback.overlay import Counter, HoldTimer, OverlayView, annotate_frame, draw_overlay
from formcheck.landmarks import PoseLandmark as L
from formcheck.types import MistakeCode, Side
from tests.feedback.helpers import frame_angles, standing_pose

SIZES = [(640, 360), (640, 480), (1080, 1920), (1920, 1080), (320, 240)]
SEED_CUES = [
    "Ribs down — tuck your tailbone",
    "Let the thigh settle further behind you",
    "Press the back foot down and back",
    "Step back — hips, knees and ankles must be in frame",
]


def grey(width: int, height: int) -> np.ndarray:
    return np.full((height, width, 3), 100, np.uint8)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_annotate_frame_keeps_the_frame_size_and_leaves_the_input_untouched(width, height):
    image = grey(width, height)
    out = annotate_frame(
        image,
        standing_pose(width, height),
        frame_angles(),
        side=Side.RIGHT,
        active_mistakes=[MistakeCode.BACK_ARCH],
        extra_text=["t 3.0 s"],
        cue=SEED_CUES[0],
    )
    assert out.shape == image.shape and out.dtype == np.uint8
    assert (image == 100).all()
    assert (out != 100).any()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_overlay_without_pose_or_angles_still_draws_panels(width, height):
    out = annotate_frame(grey(width, height), None, None, side=None)
    assert out.shape == (height, width, 3)
    view = OverlayView(setup_messages=("Turn side-on to the camera",), fps=12.0)
    drawn = draw_overlay(grey(width, height), view)
    assert (drawn != 100).any()


def test_the_working_leg_is_drawn_in_the_working_colour_on_the_person():
    width, height = 640, 480
    pose = standing_pose(width, height)
    out = annotate_frame(grey(width, height), pose, None, side=Side.RIGHT)
    # Midway along the right thigh (hip -> knee) the bone is the working-side colour.
    mid = ((pose.point(L.RIGHT_HIP) + pose.point(L.RIGHT_KNEE)) / 2).astype(int)
    patch = out[mid[1] - 2 : mid[1] + 3, mid[0] - 2 : mid[0] + 3].reshape(-1, 3)
    assert any(tuple(p) == style.WORKING_SIDE for p in patch)
    # Far from the person and from the panels (left of the body, mid-height) nothing is drawn.
    assert (out[height // 2, width // 8] == 100).all()


def test_invisible_landmarks_are_not_drawn_as_working_bones():
    width, height = 640, 480
    pose = standing_pose(width, height, visibility=0.1)
    out = annotate_frame(grey(width, height), pose, None, side=Side.RIGHT)
    body = out[int(0.3 * height) : int(0.95 * height), width // 2 - 80 : width // 2 + 80]
    assert not (body == np.array(style.WORKING_SIDE, np.uint8)).all(axis=2).any()


@pytest.mark.parametrize(("width", "height"), SIZES[:4])
@pytest.mark.parametrize("cue", SEED_CUES)
def test_seed_cues_fit_the_frame_in_two_lines_of_readable_text(width, height, cue):
    scale = style.Scale.for_image(grey(width, height))
    max_width = int(0.9 * width) - scale.px(24)
    lines, font_scale = style.fit_lines(cue, scale.font(1.15), scale.thickness(2), max_width, max_lines=2)
    assert 1 <= len(lines) <= 2
    assert all(style.text_size(line, font_scale, scale.thickness(2))[0] <= max_width for line in lines)
    # Cap height of at least 14 px: readable from a couch a few metres away on a laptop screen.
    assert style.text_size("H", font_scale, scale.thickness(2))[1] >= 14
    assert " ".join(lines) == style.to_ascii(cue)


def test_typographic_dashes_become_ascii_for_opencv():
    assert (
        style.to_ascii("Ribs down — tuck your tailbone, 20–30 s") == "Ribs down - tuck your tailbone, 20-30 s"
    )


def test_a_mistake_cue_sits_on_a_red_box_at_the_bottom_centre():
    width, height = 640, 480
    out = draw_overlay(grey(width, height), OverlayView(cue="Ribs down — tuck your tailbone"))
    bottom_band = out[int(0.8 * height) :, width // 2 - 200 : width // 2 + 200].reshape(-1, 3).astype(int)
    reddish = (bottom_band[:, 2] > 120) & (bottom_band[:, 0] < 80) & (bottom_band[:, 1] < 80)
    assert reddish.mean() > 0.3


@pytest.mark.parametrize(
    ("gauge", "state"),
    [
        (Gauge("Lumbar arch", 4.0, -10, 30, target_max_deg=10.0), GaugeState.GOOD),
        (Gauge("Lumbar arch", 12.0, -10, 30, target_max_deg=10.0), GaugeState.OFF_TARGET),
        (Gauge("Lumbar arch", 18.0, -10, 30, target_max_deg=10.0, mistake=True), GaugeState.BAD),
        (Gauge("Lumbar arch", None, -10, 30, target_max_deg=10.0, mistake=True), GaugeState.UNKNOWN),
        (Gauge("Hip extension", 3.0, -20, 40, target_min_deg=10.0, in_target=True), GaugeState.GOOD),
    ],
)
def test_gauge_state_follows_the_target_band_and_the_mistake_flag(gauge, state):
    assert gauge.state is state


def test_gauge_position_is_linear_and_clamped():
    gauge = Gauge("x", 0.0, -10, 30)
    assert gauge.position(-10) == 0.0
    assert gauge.position(10) == pytest.approx(0.5)
    assert gauge.position(100) == 1.0


def test_a_red_gauge_paints_red_pixels_in_the_top_right_panel():
    width, height = 640, 480
    view = OverlayView(gauges=(Gauge("Lumbar arch", 25.0, -10, 30, target_max_deg=10.0, mistake=True),))
    out = draw_overlay(grey(width, height), view)
    panel = out[: height // 4, width // 2 :].reshape(-1, 3)
    assert (panel == np.array(style.BAD, np.uint8)).all(axis=1).sum() > 50


def test_every_ui_element_counts_towards_the_snapshot_score():
    pose = standing_pose(640, 480)
    busy = OverlayView(
        pose=pose,
        cue="x",
        step="Floor press 2/4",
        hold=HoldTimer(3, 5, 8),
        rest_s=1.0,
        counters=(Counter("Presses", 1, 4),),
        gauges=(Gauge("a", 1.0, 0, 2),),
    )
    assert busy.element_count() == 7  # pose, cue, step, hold, rest, one gauge, one counter
    assert OverlayView().element_count() == 0


def test_exercise_gauges_follow_the_profiles_rules():
    from formcheck.exercises.profile import Profile
    from formcheck.feedback.targets import exercise_gauges
    from formcheck.types import Exercise

    profile = Profile()
    angles = frame_angles(hip_ext=12.0, arch=8.0)  # thigh 60 deg below horizontal
    hip, arch = exercise_gauges(angles, Side.RIGHT, Exercise.COUCH_STRETCH, profile, ())
    assert hip.state is GaugeState.GOOD  # thigh below the couch line
    assert arch.target_max_deg == profile.couch_stretch.back_arch_on_deg
    assert arch.state is GaugeState.GOOD  # 8 deg is under the cue's threshold
    above = profile.couch_stretch.back_arch_on_deg + 2.0
    _, arch = exercise_gauges(frame_angles(arch=above), Side.RIGHT, Exercise.COUCH_STRETCH, profile, ())
    assert arch.state is GaugeState.OFF_TARGET
    _, arch = exercise_gauges(
        frame_angles(arch=above), Side.RIGHT, Exercise.COUCH_STRETCH, profile, ["back_arch"]
    )
    assert arch.state is GaugeState.BAD
    # A reading beyond the spine's range is a mask artefact: unknown, as the rules judge it.
    hip, arch = exercise_gauges(frame_angles(arch=55.0), Side.RIGHT, Exercise.COUCH_STRETCH, profile, ())
    assert arch.state is GaugeState.UNKNOWN
    assert hip.label == "Trunk-thigh"


def test_annotate_frame_accepts_the_exercise_and_profile():
    from formcheck.types import Exercise

    out = annotate_frame(
        grey(640, 480),
        standing_pose(640, 480),
        frame_angles(),
        side=Side.RIGHT,
        exercise=Exercise.SPLIT_SQUAT,
    )
    assert out.shape == (480, 640, 3)


def test_labels_of_nearby_joints_do_not_overlap():
    from formcheck.feedback.skeleton import JointLabel, _intersects, layout_joint_labels

    pose = standing_pose(640, 480)
    points = pose.landmarks_px.copy()
    points[int(L.RIGHT_KNEE)] = points[int(L.RIGHT_HIP)] + (8, 4)  # knee almost on the hip
    close = type(pose)(points, pose.visibility, pose.depth_px, pose.image_size)
    labels = (JointLabel(L.RIGHT_HIP, "hip ext -12"), JointLabel(L.RIGHT_KNEE, "knee 4"))
    boxes = [box for _, box in layout_joint_labels(close, labels, style.Scale.for_image(grey(640, 480)))]
    assert len(boxes) == 2
    assert not _intersects(boxes[0], boxes[1])
    assert all(b[0] >= 0 and b[2] <= 640 and b[1] >= 0 and b[3] <= 480 for b in boxes)
