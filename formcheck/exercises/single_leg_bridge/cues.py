"""What the coach says in the single-leg bridge, in the seed's own words (see ``formcheck.exercises.cues``)."""

from __future__ import annotations

from formcheck.exercises.cues import Cue

HOLD_CLEANLY = Cue(
    text="Hold extension cleanly on the planted leg",
    live="One leg — hold extension cleanly",
    seed="Progress to a single-leg bridge holding extension cleanly",
)

# Shown while the person is not (yet) in position.
SETUP = Cue(
    text="Lie on your back, one foot planted near the glute, the other leg held out straight",
    live="One foot planted, other leg straight",
    seed="Progress to a single-leg bridge holding extension cleanly",
)
