"""Gauge targets from the exercise's profile: what "green" means for each exercise."""

from __future__ import annotations

from collections.abc import Iterable

from formcheck.exercises.profile import Profile
from formcheck.exercises.registry import spec_for
from formcheck.exercises.stats import judged_arch_deg
from formcheck.feedback.gauges import Gauge
from formcheck.types import Exercise, FrameAngles, MistakeCode, Side

ARCH_GAUGE_SPAN_DEG = (-10.0, 30.0)
HIP_GAUGE_SPAN_DEG = (-20.0, 40.0)
DEFAULT_ARCH_MAX_DEG = 15.0  # the choreography's back_arch threshold, when no profile is known


def _rules(profile: Profile | None, exercise: Exercise):
    return None if profile is None else profile.rules_for(exercise)


def arch_limit_deg(profile: Profile | None, exercise: Exercise) -> float | None:
    """The profile's back_arch_on_deg for the exercise (the arch the cue turns on at)."""
    return getattr(_rules(profile, exercise), "back_arch_on_deg", None)


def hip_in_target(
    angles: FrameAngles | None, side: Side | None, exercise: Exercise, profile: Profile | None
) -> bool | None:
    """Whether the working hip is where the exercise's range rule wants it (None = cannot tell).

    The rules judge range on the quantity the seed names, not on the hip angle itself (the thigh
    below the couch line, the back knee behind the hip line, ...): the exercise's spec says which,
    with the thresholds of the profile (its defaults when no profile is given).
    """
    if angles is None or side is None or not angles.has_pose:
        return None
    return spec_for(exercise).hip_in_target(angles.leg(side), (profile or Profile()).rules_for(exercise))


def exercise_gauges(
    angles: FrameAngles | None,
    side: Side | None,
    exercise: Exercise,
    profile: Profile | None,
    active_codes: Iterable[str],
) -> tuple[Gauge, Gauge]:
    """Hip extension (green when the exercise's range rule is met) and lumbar arch (green under
    the profile's back_arch threshold); red while the matching mistake is active."""
    active_codes = set(active_codes)
    hip, hip_label, arch = None, "Hip extension", None
    if angles is not None and angles.has_pose:
        # An arch beyond the spine's range is a mask artefact: the analyzers treat it (and the hip
        # extension derived from it) as unmeasurable, and so does the display.
        plausible = (profile or Profile()).general.arch_plausible_max_deg
        arch = judged_arch_deg(angles, plausible)
        if side is not None:
            leg = angles.leg(side)
            # The range rules judge hip extension also where the back is hidden (its arch
            # carried over the gap), so the gauge shows it there too; only an implausible arch
            # makes it an artefact.
            artefact = angles.lumbar.arch_deg is not None and arch is None
            if not artefact and leg.hip_extension_deg is not None:
                hip = leg.hip_extension_deg
            elif leg.trunk_thigh_deg is not None:
                hip, hip_label = leg.trunk_thigh_deg, "Trunk-thigh"
    return (
        Gauge(
            hip_label,
            hip,
            *HIP_GAUGE_SPAN_DEG,
            mistake=MistakeCode.SHALLOW_RANGE.value in active_codes,
            in_target=hip_in_target(angles, side, exercise, profile),
        ),
        Gauge(
            "Lumbar arch",
            arch,
            *ARCH_GAUGE_SPAN_DEG,
            target_max_deg=arch_limit_deg(profile, exercise) or DEFAULT_ARCH_MAX_DEG,
            mistake=MistakeCode.BACK_ARCH.value in active_codes,
        ),
    )
