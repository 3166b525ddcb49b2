"""What the coach says, in the seed's own words.

Every ``Cue`` keeps the seed sentence it comes from (``seed``, verbatim from
``/work/shared/seeds/000_*.txt``) beside the short text shown in reports (``text``) and the large
live overlay (``live``), so each message can be traced back to the product's rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.types import Exercise, MistakeCode


@dataclass(frozen=True, slots=True)
class Cue:
    text: str  # reports and mistake messages
    live: str  # the big on-screen cue
    seed: str  # the seed sentence it comes from, verbatim


BACK_ARCH = Cue(
    text="Ribs down, tailbone tucked",
    live="Ribs down — tuck your tailbone",
    seed="gently pull ribs down (no back arch)",
)
COUCH_SHALLOW = Cue(
    text="Let the thigh settle further behind you",
    live="Let the thigh settle further behind you",
    seed="Fully relax 5–8 seconds and let the thigh settle further behind you",
)
SPLIT_SHALLOW = Cue(
    text="The back knee should be slightly behind your hip line",
    live="Back knee slightly behind your hip line",
    seed="The back knee should be slightly behind your hip line — that’s true hip extension.",
)
KNEE_PAST_ANKLE = Cue(
    text="Front knee stays roughly over your ankle",
    live="Front knee over your ankle",
    seed="your front knee stays roughly over your ankle",
)
BOUNCING = Cue(
    text="No bouncing or movement — this is a static tension hold",
    live="No bouncing — static tension hold",
    seed="No bouncing or movement — this is a static tension hold",
)
SHORT_HOLD = Cue(
    text="Hold this position for 20–30 seconds",
    live="Hold 20–30 seconds",
    seed="Hold this position for 20–30 seconds",
)
KNEE_NOT_HUGGED = Cue(
    text="Hug one knee tight to your chest",
    live="Hug the knee tight to your chest",
    seed="Hug one knee tight to your chest",
)

# Guidance shown while things go right (not mistakes).
PRESS_BACK_FOOT = Cue(
    text="Press the back foot down and back",
    live="Press the back foot down and back",
    seed="Press your back foot down and back into the couch",
)
EXHALE_RESET = Cue(
    text="Long exhale: soften the groin and keep the tailbone tucked",
    live="Exhale — soften the groin, tailbone tucked",
    seed="On each exhale, soften the groin and keep tailbone tucked.",
)
FLOOR_PRESS = Cue(
    text="Press the foot into the floor at ~30–40% effort for 5–8 seconds",
    live="Press the foot into the floor (30–40%)",
    seed="Press the right foot into the floor at ~30–40% effort for 5–8 seconds",
)
RELAX = Cue(
    text="Fully relax 5–8 seconds and let the thigh settle further behind you",
    live="Relax — let the thigh settle further behind you",
    seed="Fully relax 5–8 seconds and let the thigh settle further behind you",
)
LOCK_IN = Cue(
    text="Squeeze the glute and pull the heel toward the butt for a 2-sec hold, then relax",
    live="Squeeze glute, heel to butt — hold 2 s",
    seed="Gently squeeze right glute and pull heel toward butt (hamstring) for a 2-sec hold, then relax",
)
LIE_BACK_HUGGED = Cue(
    text="Lie back while keeping that knee hugged to your chest",
    live="Lie back, knee hugged to your chest",
    seed="Lie back while keeping that knee hugged to your chest",
)
THOMAS_POSITIVE = Cue(
    text="The thigh floats above horizontal: hip flexor tightness",
    live="Thigh floats above horizontal — tight hip flexor",
    seed="If the thigh doesn’t stay flat on the bed (it floats/hovers above horizontal), you have hip flexor tightness",
)
THOMAS_NEGATIVE = Cue(
    text="The thigh stays flat on the bed: no hip flexor tightness shown",
    live="Thigh stays flat — no tightness shown",
    seed="If the thigh doesn’t stay flat on the bed (it floats/hovers above horizontal), you have hip flexor tightness",
)

SETUP: dict[Exercise, Cue] = {
    Exercise.COUCH_STRETCH: Cue(
        text="Lie on your back near the couch edge, working leg hanging off with the foot lightly on the floor",
        live="Lie back, working leg hanging off the couch edge",
        seed="Lie on your back near the couch edge; right leg hangs off with the foot lightly on the floor",
    ),
    Exercise.SPLIT_SQUAT: Cue(
        text="Back foot on the couch, front foot forward, then lower slowly",
        live="Back foot on the couch, lower slowly",
        seed="Place the top of your back foot (shoelaces side down) on the couch",
    ),
    Exercise.THOMAS_TEST: LIE_BACK_HUGGED,
}

MISTAKE_CUES: dict[tuple[Exercise, MistakeCode], Cue] = {
    (Exercise.COUCH_STRETCH, MistakeCode.BACK_ARCH): BACK_ARCH,
    (Exercise.COUCH_STRETCH, MistakeCode.SHALLOW_RANGE): COUCH_SHALLOW,
    (Exercise.SPLIT_SQUAT, MistakeCode.BACK_ARCH): BACK_ARCH,
    (Exercise.SPLIT_SQUAT, MistakeCode.SHALLOW_RANGE): SPLIT_SHALLOW,
    (Exercise.SPLIT_SQUAT, MistakeCode.KNEE_PAST_ANKLE): KNEE_PAST_ANKLE,
    (Exercise.SPLIT_SQUAT, MistakeCode.BOUNCING): BOUNCING,
    (Exercise.SPLIT_SQUAT, MistakeCode.SHORT_HOLD): SHORT_HOLD,
    (Exercise.THOMAS_TEST, MistakeCode.BACK_ARCH): BACK_ARCH,
    (Exercise.THOMAS_TEST, MistakeCode.KNEE_NOT_HUGGED): KNEE_NOT_HUGGED,
}


def mistake_cue(exercise: Exercise, code: MistakeCode) -> Cue:
    """The cue that fixes ``code`` in ``exercise``."""
    return MISTAKE_CUES[(exercise, code)]


def all_cues() -> list[Cue]:
    """Every cue defined here (for the traceability test)."""
    return [value for value in globals().values() if isinstance(value, Cue)] + list(SETUP.values())
