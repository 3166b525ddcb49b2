"""What the coach says in the Thomas test, in the seed's own words (see ``formcheck.exercises.cues``)."""

from __future__ import annotations

from formcheck.exercises.cues import BACK_ARCH as BACK_ARCH  # the rules cite it as this module's
from formcheck.exercises.cues import Cue

KNEE_NOT_HUGGED = Cue(
    text="Hug one knee tight to your chest",
    live="Hug the knee tight to your chest",
    seed="Hug one knee tight to your chest",
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

# Shown while the person is not (yet) in position.
SETUP = LIE_BACK_HUGGED
