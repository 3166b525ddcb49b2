"""A photo judged as one moment: single-moment checks, the Thomas result, the arch against the
population's neutral range (``formcheck.exercises.still``)."""

from __future__ import annotations

import math

import pytest

from formcheck.exercises import create_analyzer
from formcheck.exercises.still import judge_still
from formcheck.kinematics.arch_model import ARCH_MODEL
from formcheck.kinematics.lumbar import ArchRange, population_arch_range
from formcheck.types import BackContour, Exercise, FrameAngles, LumbarArch, MistakeCode, Side, ViewEstimate
from tests.exercises.choreography import flexed_leg, leg, lying_leg, standing_leg

NO_NEUTRAL = LumbarArch(None, 0.9, "no neutral reference yet")  # what a one-frame clip measures
FLAT_BACK = ArchRange(0.0, 5.0)  # clears the 14-deg threshold for any body
ARCHED_BACK = ArchRange(18.0, 45.0)  # above it for any body
UNSURE_BACK = ArchRange(0.0, 25.0)  # neutral for one body, arched for another


def _frame(trunk: float, legs: dict[Side, object], near: Side) -> FrameAngles:
    view = ViewEstimate(near_side=near, facing=1, sagittal_score=0.95, is_sagittal=True)
    return FrameAngles(0, 0.0, True, view, trunk, legs[Side.LEFT], legs[Side.RIGHT], NO_NEUTRAL)


def thomas_photo(test_thigh: float, *, hug: float = 120.0, knee: float = 75.0, trunk: float = -88.0):
    """The right leg tested: lying (trunk horizontal), the left knee hugged ``hug`` deg."""
    test = leg(trunk, -test_thigh - (trunk + 90.0), knee, None)
    return _frame(trunk, {Side.RIGHT: test, Side.LEFT: flexed_leg(trunk, hug, 100.0)}, Side.RIGHT)


def judge(exercise: Exercise, frame: FrameAngles, arch: ArchRange = FLAT_BACK, side: Side | None = None):
    return judge_still(create_analyzer(exercise, side=side), frame, arch)


@pytest.mark.parametrize(
    ("thigh_deg", "expected"),
    [pytest.param(12.0, "positive", id="floating-thigh"), pytest.param(-10.0, "negative", id="flat-thigh")],
)
def test_a_thomas_photo_gives_the_result_from_the_test_thigh(thigh_deg: float, expected: str) -> None:
    result = judge(Exercise.THOMAS_TEST, thomas_photo(thigh_deg, knee=80.0))
    summary = result.summary
    assert summary["still"] is True and summary["thomas_result"] == expected
    test = summary["per_side"]["right"]
    assert test["thigh_to_horizontal_deg"] == pytest.approx(thigh_deg, abs=0.05)
    assert test["knee_flexion_deg"] == pytest.approx(80.0)
    assert test["hugged_hip_flexion_deg"] == pytest.approx(120.0)
    assert "Harvey" in summary["clinical_context"] and result.side is Side.RIGHT
    assert result.mistakes == [] and "photo" in summary["verdict"]


def test_a_loose_hug_in_a_photo_makes_the_test_invalid() -> None:
    result = judge(Exercise.THOMAS_TEST, thomas_photo(12.0, hug=60.0))
    assert result.summary["thomas_result"] == "invalid"
    assert [m.code for m in result.mistakes] == [MistakeCode.KNEE_NOT_HUGGED]
    assert result.summary["per_side"]["right"]["invalid_because"] == ["knee_not_hugged"]


def test_a_back_arched_for_any_body_makes_the_photo_invalid() -> None:
    result = judge(Exercise.THOMAS_TEST, thomas_photo(-10.0), ARCHED_BACK)
    assert result.summary["thomas_result"] == "invalid"
    assert [m.code for m in result.mistakes] == [MistakeCode.BACK_ARCH]


def test_an_arch_the_population_range_cannot_decide_is_not_judged_and_said_so() -> None:
    result = judge(Exercise.THOMAS_TEST, thomas_photo(12.0), UNSURE_BACK)
    summary = result.summary
    assert summary["thomas_result"] == "positive" and result.mistakes == []
    assert summary["back_arch"]["flagged"] is None and summary["back_arch"]["neutral"] == "population"
    assert summary["per_side"]["right"]["not_verified"] == ["back_arch"]
    assert "no neutral moment" in summary["arch_note"] and "back_arch" in summary["verdict"]


def test_a_short_rectus_femoris_shows_in_a_photo() -> None:
    result = judge(Exercise.THOMAS_TEST, thomas_photo(-10.0, knee=55.0))
    assert result.summary["per_side"]["right"]["rectus_femoris_short"] is True
    assert "rectus femoris" in result.summary["verdict"]


def test_sitting_on_the_bed_in_a_photo_gives_no_result() -> None:
    sitting = thomas_photo(0.0, trunk=-5.0)
    result = judge(Exercise.THOMAS_TEST, sitting)
    assert result.summary["in_position"] is False and result.summary["thomas_result"] is None
    assert result.mistakes == [] and "not in the position" in result.summary["verdict"]
    assert result.phases == ["setup"]


def split_photo(rear_incl: float, front_shin: float) -> FrameAngles:
    """The left leg behind (foot up, knee bent 100), the front knee bent 90 over a shin of ``front_shin``."""
    legs = {
        Side.LEFT: standing_leg(2.0, rear_incl, 100.0, None, 0.0),
        Side.RIGHT: standing_leg(2.0, -40.0, 90.0, front_shin, 0.0),
    }
    return _frame(2.0, legs, Side.LEFT)


@pytest.mark.parametrize(
    ("rear_incl", "front_shin", "codes"),
    [
        pytest.param(15.0, 5.0, set(), id="good"),
        pytest.param(-8.0, 5.0, {MistakeCode.SHALLOW_RANGE}, id="rear-knee-in-front-of-the-hip"),
        pytest.param(15.0, 32.0, {MistakeCode.KNEE_PAST_ANKLE}, id="front-knee-past-the-ankle"),
    ],
)
def test_a_split_squat_photo_reads_where_the_knees_are(rear_incl: float, front_shin: float, codes) -> None:
    result = judge(Exercise.SPLIT_SQUAT, split_photo(rear_incl, front_shin))
    assert result.summary["in_position"] is True and result.side is Side.LEFT
    assert {m.code for m in result.mistakes} == codes
    # a photo times and counts nothing, and says so
    assert "holds" not in result.summary and "counted" in result.summary["not_judged"]


@pytest.mark.parametrize(
    ("thigh_deg", "flagged"),
    [pytest.param(-12.0, False, id="below-the-couch-line"), pytest.param(2.0, True, id="above-it")],
)
def test_a_couch_stretch_photo_reads_the_hanging_thigh(thigh_deg: float, flagged: bool) -> None:
    legs = {
        Side.RIGHT: lying_leg(-88.0, thigh_deg, 85.0, 0.0),
        Side.LEFT: flexed_leg(-88.0, 45.0, 95.0),
    }
    result = judge(Exercise.COUCH_STRETCH, _frame(-88.0, legs, Side.RIGHT))
    assert result.summary["checks"]["shallow_range"]["flagged"] is flagged
    assert (MistakeCode.SHALLOW_RANGE in {m.code for m in result.mistakes}) is flagged
    assert "presses" not in result.summary


@pytest.mark.parametrize("above_neutral_spreads", [0.0, 1.0, 2.0])
def test_a_photos_arch_is_the_population_reading_plus_minus_the_between_body_spread(
    above_neutral_spreads: float,
):
    """arch = gain x (dip - population neutral), +- hypot(gain x spread, gain spread x arch)."""
    neutral = ARCH_MODEL.upright
    dip = neutral.dip + above_neutral_spreads * neutral.spread
    arch = population_arch_range(BackContour(dip, 0.9), 0.0)
    reading = ARCH_MODEL.gain_deg_per_dip * (dip - neutral.dip)
    spread = math.hypot(ARCH_MODEL.gain_deg_per_dip * neutral.spread, ARCH_MODEL.gain_spread * reading)
    assert arch.low_deg == pytest.approx(max(0.0, reading - spread), abs=0.05)
    assert arch.high_deg == pytest.approx(min(reading + spread, 45.0), abs=0.05)
    if above_neutral_spreads == 0.0:
        assert arch.low_deg == 0.0  # a typical neutral back can never be judged arched


@pytest.mark.parametrize(
    "back",
    [
        pytest.param(None, id="no-contour"),
        pytest.param(BackContour(None, 0.0, "arm over the back"), id="covered"),
        pytest.param(BackContour(0.05, 0.1), id="uncertain"),
        pytest.param(BackContour(0.3, 0.9), id="too-hollow"),
    ],
)
def test_a_back_that_cannot_be_read_gives_no_range(back: BackContour | None) -> None:
    arch = population_arch_range(back)
    assert arch.low_deg is None and arch.high_deg is None and arch.reason


def test_a_photo_with_the_other_knee_hugged_is_recognised_as_a_thomas_test() -> None:
    from formcheck.exercises.detect import recognise_exercise

    assert recognise_exercise([thomas_photo(12.0, hug=120.0)]) is Exercise.THOMAS_TEST
    # a loosely hugged knee looks like the couch stretch's resting leg: one photo cannot tell
    assert recognise_exercise([thomas_photo(12.0, hug=75.0)]) is None
