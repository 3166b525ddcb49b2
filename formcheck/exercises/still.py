"""One photo, judged: the exercise's single-moment checks on one frame.

A photo has no time. Nothing is timed or counted (holds, presses, reps, short holds, bouncing),
and the rules that need time to be honest on video (minimum durations, hysteresis, the settling
after lying back) have nothing to wait for: a photo is taken in the position, so each rule reads its
angle once against its ``on`` threshold. The lumbar arch has no neutral moment of this person to
be measured from, so it is judged against the population's neutral range (``ArchRange``): flagged
only when even the most generous body would call it arched, cleared only when no body would.

Each analyzer lists its checks (``still_checks``) and may add its own results
(``still_summary``: the Thomas test's verdict); this module only applies them to the frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.exercises.base import ExerciseAnalyzer, ExerciseResult
from formcheck.exercises.cues import BACK_ARCH
from formcheck.exercises.signals import rounded
from formcheck.exercises.still_check import StillCheck
from formcheck.kinematics.lumbar import ArchRange
from formcheck.types import FrameAngles, Mistake, MistakeCode, Side

IN_POSITION = "in_position"
SETUP = "setup"
NOT_JUDGED = (
    "a photo is one moment: nothing is timed or counted (holds, presses, reps, bouncing, "
    "short holds), and each check reads its angle once, without the minimum durations a clip uses"
)
POPULATION_NEUTRAL = (
    "a photo shows no neutral moment of this person, so the back arch is read against the range "
    "of neutral backs across bodies ({low}–{high}° of arch for this back): it is judged only where "
    "that whole range is on one side of the {on:g}° threshold"
)


@dataclass(frozen=True, slots=True)
class ArchCheck:
    """The back-arch rule over a range of possible arches (see ``ArchRange``)."""

    arch: ArchRange
    on_deg: float

    @property
    def flagged(self) -> bool | None:
        low, high = self.arch.low_deg, self.arch.high_deg
        if low is None or high is None:
            return None
        if low >= self.on_deg:
            return True
        return False if high < self.on_deg else None


def judge_still(analyzer: ExerciseAnalyzer, angles: FrameAngles, arch: ArchRange) -> ExerciseResult:
    """The exercise's verdict on one frame (a photo), in the shape a clip's analysis has."""
    side = analyzer.side or analyzer.working_side(angles)
    in_position = side is not None and analyzer.in_position(angles, side)
    checks = analyzer.still_checks(angles, side) if in_position and side is not None else []
    back = ArchCheck(arch, analyzer.rules.back_arch_on_deg)
    t = angles.timestamp_s
    mistakes = [Mistake(c.code, t, t, rounded(c.value_deg), c.cue.text, side) for c in checks if c.flagged]
    if in_position and back.flagged:
        mistakes.append(Mistake(MistakeCode.BACK_ARCH, t, t, back.arch.low_deg, BACK_ARCH.text, side))
    summary = {
        "still": True,
        "in_position": in_position,
        "side": side.value if side else None,
        "angles": _angles(angles, side),
        "checks": {c.code.value: _check_entry(c) for c in checks},
        "back_arch": _arch_entry(back) if in_position else None,
        "not_judged": NOT_JUDGED,
    }
    if back.arch.low_deg is not None:
        summary["arch_note"] = POPULATION_NEUTRAL.format(
            low=back.arch.low_deg, high=back.arch.high_deg, on=back.on_deg
        )
    elif back.arch.reason:
        summary["arch_note"] = f"back arch not judged ({back.arch.reason})"
    codes = {m.code for m in mistakes}
    summary.update(analyzer.still_summary(angles, side, in_position, codes, unjudged=_unjudged(checks, back)))
    summary.setdefault("verdict", _verdict(analyzer, side, in_position, mistakes, back))
    summary.setdefault("exercise", analyzer.exercise.value)
    return ExerciseResult(side, mistakes, summary, [IN_POSITION if in_position else SETUP], [])


def still_angles_only(angles: FrameAngles, side: Side | None) -> dict:
    """A photo's summary without an exercise: the side's angles at that moment."""
    if side is None or not angles.has_pose:
        verdict = "Photo: no exercise chosen and no side could be measured."
    else:
        verdict = (
            f"Photo: angles measured on the {side.value} side (no exercise chosen); hip extension is "
            "not separated from the back arch without a neutral back, which one photo does not show."
        )
    return {"still": True, "angles": _angles(angles, side), "not_judged": NOT_JUDGED, "verdict": verdict}


def _angles(angles: FrameAngles, side: Side | None) -> dict:
    if side is None:
        return {}
    leg = angles.leg(side)
    return {
        "thigh_to_horizontal_deg": rounded(leg.thigh_to_horizontal_deg),
        "knee_flexion_deg": rounded(leg.knee_flexion_deg),
        "trunk_thigh_deg": rounded(leg.trunk_thigh_deg),
        "thigh_inclination_deg": rounded(leg.thigh_inclination_deg),
        "trunk_inclination_deg": rounded(angles.trunk_inclination_deg),
    }


def _check_entry(check: StillCheck) -> dict:
    return {"value_deg": rounded(check.value_deg), "on_deg": check.on_deg, "flagged": check.flagged}


def _arch_entry(check: ArchCheck) -> dict:
    return {
        "range_deg": [check.arch.low_deg, check.arch.high_deg],
        "on_deg": check.on_deg,
        "flagged": check.flagged,
        "neutral": "population",
    }


def _unjudged(checks: list[StillCheck], back: ArchCheck) -> list[str]:
    """The codes this frame could not decide either way."""
    codes = [c.code.value for c in checks if c.flagged is None]
    return codes + ([MistakeCode.BACK_ARCH.value] if back.flagged is None else [])


def _verdict(
    analyzer: ExerciseAnalyzer,
    side: Side | None,
    in_position: bool,
    mistakes: list[Mistake],
    back: ArchCheck,
) -> str:
    title = analyzer.exercise.value.replace("-", " ").capitalize()
    if not in_position:
        return f"{title} (photo): not in the position — {analyzer.setup_cue.text.lower()}."
    assert side is not None
    problems = "; ".join(f"{m.code.value} ({m.message})" for m in mistakes)
    back_text = {True: "", False: "ribs down", None: "back arch not judged from one photo"}[back.flagged]
    tail = f"fix: {problems}" if problems else f"good form at this moment; {back_text}"
    return f"{title} (photo, {side.value} side): {tail}."
