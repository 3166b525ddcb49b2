"""The report's per-frame rows leave out the working side's angles where the legs cannot be told apart."""

from __future__ import annotations

from formcheck.kinematics.leg_identity import LOW_IDENTITY_CONFIDENCE
from formcheck.pipeline import frame_records
from formcheck.types import FrameAngles, LegAngles, LumbarArch, Side, ViewEstimate

VIEW = ViewEstimate(near_side=Side.RIGHT, facing=1, sagittal_score=0.9, is_sagittal=True)


def _frame(confidence: float | None) -> FrameAngles:
    return FrameAngles(
        index=0,
        timestamp_s=0.0,
        has_pose=True,
        view=VIEW,
        trunk_inclination_deg=5.0,
        left=LegAngles(hip_extension_deg=-40.0, knee_flexion_deg=90.0),
        right=LegAngles(hip_extension_deg=12.0, knee_flexion_deg=100.0),
        lumbar=LumbarArch(arch_deg=3.0, confidence=0.8),
        leg_identity_confidence=confidence,
    )


def test_a_frame_whose_legs_are_known_reports_the_working_sides_angles_and_the_confidence():
    (record,) = frame_records([_frame(0.95)], Side.RIGHT)
    assert record.hip_extension_deg == 12.0 and record.knee_flexion_deg == 100.0
    assert record.leg_identity_confidence == 0.95


def test_a_frame_whose_legs_cannot_be_told_apart_reports_no_side_angle_but_keeps_the_rest():
    (record,) = frame_records([_frame(LOW_IDENTITY_CONFIDENCE / 2)], Side.RIGHT)
    side_fields = ("hip_extension_deg", "trunk_thigh_deg", "thigh_to_horizontal_deg", "knee_flexion_deg")
    assert all(getattr(record, name) is None for name in side_fields)
    assert record.lumbar_arch_deg == 3.0 and record.sagittal_score == 0.9
    assert record.leg_identity_confidence == LOW_IDENTITY_CONFIDENCE / 2


def test_angles_measured_without_an_identity_check_are_reported_as_they_are():
    (record,) = frame_records([_frame(None)], Side.LEFT)
    assert record.hip_extension_deg == -40.0 and record.leg_identity_confidence is None


def test_an_exercise_that_finds_its_leg_by_role_reports_the_judged_leg_without_an_identity():
    # The prone hip extension judges the leg that lifts; a swapped label cannot change which one.
    low = _frame(LOW_IDENTITY_CONFIDENCE / 2)
    (by_role,) = frame_records([low], Side.RIGHT, None, [Side.RIGHT], legs_told_by_role=True)
    assert by_role.hip_extension_deg is not None
    (not_judged,) = frame_records([low], Side.RIGHT, None, [None], legs_told_by_role=True)
    assert not_judged.hip_extension_deg is None
    (by_label,) = frame_records([low], Side.RIGHT, None, [Side.RIGHT])
    assert by_label.hip_extension_deg is None
