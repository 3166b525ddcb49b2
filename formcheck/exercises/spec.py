"""What an exercise is, as the rest of formcheck sees it: one ``ExerciseSpec`` per exercise folder.

Live coaching, the gauges, the reports, the history, the batch summary and ``--exercise auto`` read
these fields and never test for a particular exercise, so adding one is a folder with its rules and
its spec plus one line in ``formcheck.exercises.registry``. Everything here is data or a small pure
function over data, so the layers above (``feedback``, ``live``, ``outputs``) can read it without the
exercises package importing any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from formcheck.exercises.cues import Cue
from formcheck.types import Exercise, LegAngles

if TYPE_CHECKING:
    from formcheck.exercises.base import ExerciseAnalyzer, RequiredView


class Posture(str, Enum):
    """The body's position while doing the exercise; ``auto`` groups the exercises by it."""

    LYING = "lying"  # trunk far from vertical (on a couch, bed or floor)
    UPRIGHT = "upright"  # trunk near vertical (standing, kneeling)


@dataclass(frozen=True, slots=True)
class ReferenceLine:
    """A target drawn across a report plot (a threshold the rules use), in degrees."""

    value_deg: float
    label: str
    colour: str = "#2e7d32"


@dataclass(frozen=True, slots=True)
class TimerTarget:
    """A live timer's target: the seed's time range and the word shown beside the seconds."""

    low_s: float
    high_s: float
    label: str = "Hold"


@dataclass(frozen=True, slots=True)
class CountTarget:
    """A live counter: its label, the words its analyzer's count codes contain, its target."""

    label: str
    words: tuple[str, ...]
    target: int


class CoachProgress(Protocol):
    """What the guided sequence reads of the live coach's state (``formcheck.live.coach.CoachState``)."""

    phase: str | None
    result: str | None
    hold_started_s: float | None
    hold_code: str | None

    def count_matching(self, *words: str) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Coaching:
    """Live coaching: overlay title, calibration prompt, the seed's cue per phase, counters, timers
    and the guided-sequence line."""

    title: str  # the overlay's title ("Couch stretch")
    calibration_prompt: str  # shown while the neutral back is calibrated
    guided_step: Callable[[CoachProgress, float], str]  # (state, now_s) -> "Floor press 2/4"
    phase_cues: Mapping[str, str] = field(default_factory=dict)  # analyzer phase -> seed's words
    counters: tuple[CountTarget, ...] = ()
    # A running hold's timer: the first entry whose words occur in the hold's code (() = any hold).
    hold_timers: tuple[tuple[tuple[str, ...], TimerTarget], ...] = ()
    # Without a hold: a timer on the time spent in a phase whose name contains the word.
    phase_timers: tuple[tuple[str, TimerTarget], ...] = ()

    def hold_target(self, hold_code: str | None) -> TimerTarget | None:
        code = hold_code or ""
        return next((t for words, t in self.hold_timers if not words or any(w in code for w in words)), None)

    def phase_target(self, phase: str | None) -> TimerTarget | None:
        if phase is None:
            return None
        return next((t for word, t in self.phase_timers if word in phase), None)


@dataclass(frozen=True, slots=True)
class ClinicalResult:
    """An exercise that is a clinical test: it ends in a result and a measured angle, not a set."""

    label: str  # "Thomas test"
    angle_label: str  # what its angle is ("Thomas test: thigh to horizontal")
    angle_note: str  # how to read the angle's sign, for the trend plot
    angle_keys: tuple[str, ...]  # the summary keys that may hold its angle, first found wins
    result_keys: tuple[str, ...]  # the summary keys of its result (per side first, then clip-wide)
    summary_key: str  # the clip-wide result's key in the summary
    attention_results: frozenset[str]  # results that need the reader's attention ("positive")
    done_right: str  # the report's line when the test was done without a mistake


@dataclass(frozen=True, slots=True)
class Reporting:
    """What the report shows for the exercise."""

    title: str  # the HTML report's heading ("Supine couch stretch")
    thigh_targets: tuple[ReferenceLine, ...] = ()  # drawn on the thigh-to-horizontal plot
    test: ClinicalResult | None = None
    # Whether the back arch is judged: a report with no mistake but the back mostly unseen is then
    # not called good. The Thomas test's hugged back is never measured (the hug is what it checks).
    judges_back: bool = True


@dataclass(frozen=True, slots=True)
class PostureEvidence:
    """What tells apart exercises that share a posture, over the clip's frames that match it."""

    other_hip_flexion_deg: float | None  # median flexion of the non-working hip; None = never measured
    working_knee_range_deg: float | None  # 5th-95th percentile range; None = its movement not seen
    sat_first: bool  # the person sat upright before the first matching frame
    # Per exercise of the posture (CLI name): the share of those frames its own set-up check accepts.
    set_up_shares: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecognitionRule:
    """How ``--exercise auto`` recognises the exercise.

    ``claims`` decides, over a whole clip whose frames match the exercise's posture and set-up,
    whether this exercise (rather than another of the same posture) is what the clip shows. When
    no exercise, or more than one, claims a clip, ``auto`` says it cannot tell; the contract test
    checks that the claims of exercises sharing a posture do not overlap.
    """

    # Default: every clip of the posture (for the only exercise of its posture).
    claims: Callable[[PostureEvidence], bool] = lambda evidence: True
    stance: str = "in position"  # how the reason names its frames ("split stance")


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """Everything formcheck needs to know about one exercise."""

    key: Exercise  # the CLI name is ``key.value``
    analyzer: type[ExerciseAnalyzer]
    posture: Posture
    working_side: str  # how the working side is found, in words
    coaching: Coaching
    reporting: Reporting
    recognition: RecognitionRule
    thresholds: type  # its rules dataclass: the ``[<name>]`` section of a profile
    # Whether the working hip is where the range rule wants it, from the exercise's profile section
    # (None = cannot tell): the gauge's green.
    hip_in_target: Callable[[LegAngles, Any], bool | None]
    cues: tuple[Cue, ...]  # every cue the exercise speaks, each citing its seed sentence
    # True where the working leg is found in each frame by what it does there (the one lifting),
    # not by a label kept over the set: a left/right label swap cannot change which leg the rules
    # judged, so the report's rows show that leg even where the legs' identity is unknown.
    legs_told_by_role: bool = False

    @property
    def name(self) -> str:
        return self.key.value

    @property
    def required_view(self) -> RequiredView:
        return self.analyzer.required_view
