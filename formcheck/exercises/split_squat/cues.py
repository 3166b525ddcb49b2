"""What the coach says in the split-squat isometric, in the seed's own words (see ``formcheck.exercises.cues``)."""

from __future__ import annotations

from formcheck.exercises.cues import Cue

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

PRESS_BACK_FOOT = Cue(
    text="Press the back foot down and back",
    live="Press the back foot down and back",
    seed="Press your back foot down and back into the couch",
)

# Shown while the person is not (yet) in position.
SETUP = Cue(
    text="Back foot on the couch, front foot forward, then lower slowly",
    live="Back foot on the couch, lower slowly",
    seed="Place the top of your back foot (shoelaces side down) on the couch",
)
