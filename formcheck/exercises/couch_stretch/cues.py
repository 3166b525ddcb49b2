"""What the coach says in the couch stretch, in the seed's own words (see ``formcheck.exercises.cues``)."""

from __future__ import annotations

from formcheck.exercises.cues import Cue

COUCH_SHALLOW = Cue(
    text="Let the thigh settle further behind you",
    live="Let the thigh settle further behind you",
    seed="Fully relax 5–8 seconds and let the thigh settle further behind you",
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

# Shown while the person is not (yet) in position.
SETUP = Cue(
    text="Lie on your back near the couch edge, working leg hanging off with the foot lightly on the floor",
    live="Lie back, working leg hanging off the couch edge",
    seed="Lie on your back near the couch edge; right leg hangs off with the foot lightly on the floor",
)
