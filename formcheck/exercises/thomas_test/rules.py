"""Thomas test: lie back hugging one knee to the chest; does the other thigh float above horizontal?

- Working side: the test leg, i.e. the leg that is NOT hugged (its hip is the least flexed: largest
  trunk-thigh angle). The hugged leg is the other one.
- In position: trunk lying, the hugged hip clearly flexed (a hug is being attempted) and the test
  leg's thigh along the bed.
- Result per test (a stretch of time in position): ``invalid`` when the pelvis is not controlled
  (``knee_not_hugged``: hugged-hip flexion too small; ``back_arch``), else ``positive`` when the
  test thigh is above horizontal by more than a margin, else ``negative``. Both legs tested in one
  clip are compared.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from formcheck.exercises.base import ExerciseAnalyzer, describe_mistakes, mistake_tracker
from formcheck.exercises.profile import Profile
from formcheck.exercises.signals import Change, HysteresisFlag, rounded
from formcheck.exercises.stats import PositionStats
from formcheck.exercises.still_check import StillCheck
from formcheck.exercises.thomas_test import cues
from formcheck.types import Exercise, FrameAngles, LegAngles, Mistake, MistakeCode, Pose, Side, ThomasResult

CLINICAL_CONTEXT = (
    "Modified Thomas test: a test thigh above horizontal (> 0°) indicates short one-joint hip flexors "
    "(iliopsoas); healthy athletes average about −11.9° (Harvey 1998). Knee flexion of the test leg "
    "under about 67° suggests a short rectus femoris. Without pelvic control the test is unreliable, "
    "which is why the hug (hugged hip deeply flexed) and a flat low back are checked."
)


class ThomasPhase(str, Enum):
    SETUP = "setup"  # sitting on the bed, lying back, or otherwise not in the test position
    TEST = "test"  # lying back with one knee hugged


@dataclass(slots=True)
class TestEpisode:
    start_s: float
    end_s: float = 0.0
    samples: list[tuple[float, Side, float | None, float | None, float | None]] = field(default_factory=list)
    result: ThomasResult | None = None
    measures: dict = field(default_factory=dict)


class ThomasTestAnalyzer(ExerciseAnalyzer):
    exercise = Exercise.THOMAS_TEST
    setup_cue = cues.SETUP

    def __init__(self, profile: Profile, side: Side | None, fps: float):
        super().__init__(profile, side, fps)
        rules = self.rules = profile.thomas_test
        gap = profile.general.flag_gap_s
        self.arch = self.back_arch_tracker(rules)
        self.loose_hug = mistake_tracker(
            MistakeCode.KNEE_NOT_HUGGED, cues.KNEE_NOT_HUGGED, on=rules.hug_loose_on_deg,
            off=rules.hug_loose_off_deg, min_s=rules.hug_loose_min_s, gap_s=gap,
        )  # fmt: skip
        self.position = HysteresisFlag(on=1.0, off=1.0, min_duration_s=rules.result_after_s, max_gap_s=gap)
        self.episodes: list[TestEpisode] = []
        self._episode: TestEpisode | None = None
        self.stats = PositionStats(profile.general.arch_plausible_max_deg)

    @staticmethod
    def role_score(leg: LegAngles) -> float | None:
        """The test leg is the least flexed hip (the hugged one is folded onto the chest)."""
        return leg.trunk_thigh_deg

    def in_position(self, angles: FrameAngles, side: Side) -> bool:
        trunk = angles.trunk_inclination_deg
        test, hugged = angles.leg(side), angles.leg(side.other)
        if trunk is None or test.trunk_thigh_deg is None:
            return False
        # The hugged leg is often hidden behind the test leg and the arms: unseen, it cannot veto.
        hug_attempted = (
            hugged.trunk_thigh_deg is None or -hugged.trunk_thigh_deg >= self.rules.hug_attempt_min_deg
        )
        return (
            abs(trunk) >= self.profile.general.lying_trunk_min_deg
            and hug_attempted
            and -test.trunk_thigh_deg <= self.rules.test_leg_max_flexion_deg
        )

    def _step(
        self, angles: FrameAngles, pose: Pose | None, side: Side | None, in_position: bool
    ) -> ThomasPhase:
        t = angles.timestamp_s
        hugged = angles.leg(side.other) if side is not None else LegAngles()
        hug_flexion = -hugged.trunk_thigh_deg if in_position and hugged.trunk_thigh_deg is not None else None
        change = self.position.update(t, 1.0 if in_position else None)
        # Judge the hug and the back once lying back is over, not while the person is still settling.
        since = self.position.open_since_s
        settled = in_position and since is not None and t - since >= self.rules.settle_s
        self.emit_all(
            self.loose_hug.update(t, hug_flexion if settled else None, side.other if side else None)
        )
        self.emit_all(self.arch.update(t, self.arch_to_flag_deg(angles) if settled else None, side))
        if in_position:
            assert side is not None
            self.stats.observe(angles, side)
            self._record(angles, side, hug_flexion)
        self._on_position(t, change)
        return ThomasPhase.TEST if in_position else ThomasPhase.SETUP

    def _record(self, angles: FrameAngles, side: Side, hug_flexion: float | None) -> None:
        t = angles.timestamp_s
        if self._episode is None:
            self._episode = TestEpisode(start_s=t)
        test = angles.leg(side)
        self._episode.samples.append(
            (t, side, test.thigh_to_horizontal_deg, test.knee_flexion_deg, hug_flexion)
        )
        self._episode.end_s = t

    def _on_position(self, t: float, change: Change | None) -> None:
        if change is Change.ON and self._episode is not None:
            self._judge(self._episode, final=False)
            self._emit_result(t, self._episode)
        elif change is Change.OFF and self._episode is not None:
            episode, self._episode = self._episode, None
            before = episode.result
            self._judge(episode, final=True)
            self.episodes.append(episode)
            if episode.result is not before:
                self._emit_result(t, episode)
        elif change is None and not self.position.is_open:
            self._episode = None  # a moment in position too short to be a test

    def _emit_result(self, t: float, episode: TestEpisode) -> None:
        assert episode.result is not None
        invalid_cue = (
            cues.KNEE_NOT_HUGGED
            if MistakeCode.KNEE_NOT_HUGGED.value in episode.measures.get("invalid_because", [])
            else cues.BACK_ARCH
            if MistakeCode.BACK_ARCH.value in episode.measures.get("invalid_because", [])
            else cues.LIE_BACK_HUGGED
        )
        message = {
            ThomasResult.POSITIVE: cues.THOMAS_POSITIVE.live,
            ThomasResult.NEGATIVE: cues.THOMAS_NEGATIVE.live,
            ThomasResult.INVALID: invalid_cue.live,
        }[episode.result]
        self.emit(t, "result", episode.result.value, message, episode.measures.get("thigh_to_horizontal_deg"))

    def booked_sides(self) -> Counter[Side]:
        """Test seconds per leg: each judged test booked to its test leg."""
        booked: Counter[Side] = Counter()
        for episode in self.episodes:
            if episode.measures.get("test_leg"):
                booked[Side(episode.measures["test_leg"])] += max(0.0, episode.end_s - episode.start_s)
        return booked

    def _judge(self, episode: TestEpisode, *, final: bool) -> None:
        """Medians over the settled part of the test, and the verdict they give."""
        settled = [
            s for s in episode.samples if s[0] >= episode.start_s + self.rules.settle_s
        ] or episode.samples
        sides = [s[1] for s in settled]
        test_side = max(set(sides), key=sides.count)
        thigh = _median([s[2] for s in settled])
        knee = _median([s[3] for s in settled])
        hug = _median([s[4] for s in settled])
        result, reasons = self._result(thigh, self._invalid_reasons(episode.start_s, episode.end_s))
        episode.result = result
        episode.measures = {
            "test_leg": test_side.value,
            "result": result.value,
            "start_s": rounded(episode.start_s),
            "end_s": rounded(episode.end_s),
            **self._measures(thigh, knee, hug),
            "invalid_because": reasons,
            "final": final,
        }

    def _result(self, thigh: float | None, reasons: list[str]) -> tuple[ThomasResult, list[str]]:
        """The verdict from the test thigh's angle, unless the pelvis was not controlled."""
        if reasons:
            return ThomasResult.INVALID, reasons
        if thigh is None:
            return ThomasResult.INVALID, ["test thigh not measurable"]
        if thigh > self.rules.positive_margin_deg:
            return ThomasResult.POSITIVE, []
        return ThomasResult.NEGATIVE, []

    def _measures(self, thigh: float | None, knee: float | None, hug: float | None) -> dict:
        return {
            "thigh_to_horizontal_deg": rounded(thigh),
            "knee_flexion_deg": rounded(knee),
            "hugged_hip_flexion_deg": rounded(hug),
            "rectus_femoris_short": None if knee is None else bool(knee < self.rules.short_rectus_knee_deg),
        }

    # --- a photo: how clinicians score the test --------------------------------------------------

    def still_checks(self, angles: FrameAngles, side: Side) -> list[StillCheck]:
        hugged = angles.leg(side.other).trunk_thigh_deg
        hug_flexion = None if hugged is None else -hugged
        return [
            StillCheck(
                MistakeCode.KNEE_NOT_HUGGED,
                hug_flexion,
                self.rules.hug_loose_on_deg,
                False,
                cues.KNEE_NOT_HUGGED,
            )
        ]

    def still_summary(
        self, angles: FrameAngles, side: Side | None, in_position: bool, flagged: set[MistakeCode],
        *, unjudged: list[str],
    ) -> dict:  # fmt: skip
        """The result from the photo: the thigh and knee of the test leg at that moment."""
        summary = {
            "positive_margin_deg": self.rules.positive_margin_deg,
            "clinical_context": CLINICAL_CONTEXT,
        }
        if not in_position or side is None:
            return {**summary, "thomas_result": None, "tests": [], "per_side": {}}
        test, hugged = angles.leg(side), angles.leg(side.other).trunk_thigh_deg
        thigh = test.thigh_to_horizontal_deg
        result, reasons = self._result(thigh, sorted(code.value for code in flagged))
        measures = {
            "test_leg": side.value,
            "result": result.value,
            **self._measures(thigh, test.knee_flexion_deg, None if hugged is None else -hugged),
            "invalid_because": reasons,
            "not_verified": unjudged,
        }
        episode = TestEpisode(angles.timestamp_s, angles.timestamp_s, result=result, measures=measures)
        sentence = _episode_sentence(side.value, episode)
        if unjudged and result is not ThomasResult.INVALID:
            sentence += f" Not verified from one photo: {', '.join(unjudged)}."
        return {
            **summary,
            "thomas_result": result.value,
            "tests": [measures],
            "per_side": {side.value: measures},
            "verdict": f"Thomas test (photo): {sentence}",
        }

    def _invalid_reasons(self, start_s: float, end_s: float) -> list[str]:
        reasons = []
        for tracker in (self.loose_hug, self.arch):
            overlapping = any(m.start_s <= end_s and m.end_s >= start_s for m in tracker.mistakes)
            if overlapping or tracker.flag.is_on:
                reasons.append(tracker.code.value)
        return reasons

    def _close(self) -> dict:
        t = self.last_t
        self.emit_all(self.loose_hug.finish(t))
        self.emit_all(self.arch.finish(t))
        if self._began_with_the_recording():
            self._judge_cut_short(t)
        self._on_position(t, self.position.finish())
        summary = self.stats.overall()
        summary["tests"] = [e.measures for e in self.episodes]
        by_side = _last_per_side(self.episodes)
        summary["per_side"] = {side: e.measures for side, e in by_side.items()}
        summary["thomas_result"] = _overall_result(list(by_side.values()))
        left, right = by_side.get("left"), by_side.get("right")
        if left and right and ThomasResult.INVALID not in (left.result, right.result):
            a, b = left.measures["thigh_to_horizontal_deg"], right.measures["thigh_to_horizontal_deg"]
            summary["side_difference_deg"] = rounded(a - b) if a is not None and b is not None else None
        summary["positive_margin_deg"] = self.rules.positive_margin_deg
        summary["clinical_context"] = CLINICAL_CONTEXT
        summary["verdict"] = self._verdict(by_side)
        return summary

    def _began_with_the_recording(self) -> bool:
        """An unconfirmed test that was already under way on the first frame: ``result_after_s``
        keeps a passing moment in position from being judged, but here the recording began after
        the person had settled, and its end, not the person, cut the test short (a short clip)."""
        episode = self._episode
        return (
            episode is not None
            and not self.position.is_on
            and bool(self.times_s)
            and episode.start_s == self.times_s[0]
        )

    def _judge_cut_short(self, t: float) -> None:
        episode, self._episode = self._episode, None
        assert episode is not None
        self._judge(episode, final=True)
        episode.measures["note"] = (
            f"the clip began in the test position and lasts {episode.end_s - episode.start_s:.1f} s, "
            f"under the {self.rules.result_after_s:g} s a test is otherwise held before it is judged"
        )
        self.episodes.append(episode)
        self._emit_result(t, episode)

    def mistakes(self) -> list[Mistake]:
        return self.loose_hug.mistakes + self.arch.mistakes

    def _verdict(self, by_side: dict[str, TestEpisode]) -> str:
        if not by_side:
            return "Thomas test: the test position was never held — " + self.setup_cue.text.lower() + "."
        parts = [_episode_sentence(side, e) for side, e in sorted(by_side.items())]
        problems = describe_mistakes(self.mistakes())
        tail = f" Fix: {problems}." if problems else ""
        return "Thomas test: " + " ".join(parts) + tail


def _episode_sentence(side: str, episode: TestEpisode) -> str:
    m = episode.measures
    angle = m["thigh_to_horizontal_deg"]
    angle_text = "not measurable" if angle is None else f"{angle:+.1f}° from horizontal"
    if episode.result is ThomasResult.INVALID:
        why = ", ".join(m["invalid_because"])
        return f"{side} leg invalid ({why}; thigh {angle_text}) — repeat with the knee hugged tight."
    if episode.result is ThomasResult.POSITIVE:
        text = f"{side} leg positive: the thigh floats {angle_text}, hip flexor tightness."
    else:
        text = f"{side} leg negative: the thigh stays flat ({angle_text})."
    if m["rectus_femoris_short"]:
        text += f" Knee bent only {m['knee_flexion_deg']:.0f}°: the rectus femoris may be short."
    return text


def _median(values: list[float | None]) -> float | None:
    measured = [v for v in values if v is not None]
    return float(statistics.median(measured)) if measured else None


def _last_per_side(episodes: list[TestEpisode]) -> dict[str, TestEpisode]:
    """Per test leg, the last valid test (else the last one)."""
    chosen: dict[str, TestEpisode] = {}
    for episode in episodes:
        side = episode.measures["test_leg"]
        current = chosen.get(side)
        if (
            current is None
            or episode.result is not ThomasResult.INVALID
            or current.result is ThomasResult.INVALID
        ):
            chosen[side] = episode
    return chosen


def _overall_result(episodes: list[TestEpisode]) -> str | None:
    results = {e.result for e in episodes}
    for result in (ThomasResult.POSITIVE, ThomasResult.NEGATIVE, ThomasResult.INVALID):
        if result in results:
            return result.value
    return None
