"""What the coach says in the glute bridge, in the seed's own words (see ``formcheck.exercises.cues``)."""

from __future__ import annotations

from formcheck.exercises.cues import Cue

BRIDGE_SHALLOW = Cue(
    text="Lift the hips until they line up with the shoulders and knees, holding extension cleanly",
    live="Hips up to the shoulder-knee line",
    seed="Progress to a single-leg bridge holding extension cleanly",
)

SQUEEZE = Cue(
    text="Squeeze at the top 3 sec",
    live="Squeeze at the top — 3 s",
    seed="Heels closer to glutes, ribs down, squeeze at the top 3 sec, 8–12 reps",
)

SHORT_SQUEEZE = Cue(
    text="Hold a 3-sec squeeze at the top of each rep",
    live="Hold the squeeze 3 s",
    seed="Bridge holds (if time): 6–8 reps, 3-sec squeeze at top",
)

HEELS_CLOSER = Cue(
    text="Heels closer to glutes, ribs down",
    live="Heels closer to glutes, ribs down",
    seed="Heels closer to glutes, ribs down, squeeze at the top 3 sec, 8–12 reps",
)

# Shown while the person is not (yet) in position.
SETUP = Cue(
    text="Lie on your back, knees bent, feet flat with the heels closer to the glutes",
    live="Lie back, knees bent, heels close to glutes",
    seed="Heels closer to glutes, ribs down, squeeze at the top 3 sec, 8–12 reps",
)
