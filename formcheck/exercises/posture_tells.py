"""What tells the lying exercises apart over a clip (``--exercise auto``), shared by their specs.

A hip hugged to the chest is folded far (a real hug >= ~110 deg, even a loose one ~70-90 deg); a
foot resting on a couch folds it ~45-70 deg (the couch stretch's resting leg reads 31-72 deg on the
studio's bench set: an arched back tilts the pelvis and lowers it); lying flat or a glute bridge
leaves both legs alike (~9 deg in a real bridge at the top, ~50 deg at rest, both legs together). A hanging knee that presses and pulls (presses
~10 deg, lock-in reps ~30 deg) moves; a held test keeps it still.
"""

from __future__ import annotations

HUGGED_MIN_DEG = 90.0  # other hip folded at least this far: a hug, whatever the knee does
FOLDED_MIN_DEG = 65.0  # other hip folded further than a foot resting on a couch
OTHER_LEG_MIN_DEG = 20.0  # other hip folded less (median): both legs do the same thing
STILL_KNEE_RANGE_DEG = 15.0  # working-knee range (5th-95th percentile) of a still hold
# An exercise claims a clip only when its own set-up check accepts at least this share of the frames
# of its posture: a glute bridge's top can pass for a couch stretch's hanging leg for a moment, and a
# bridge's resting hips are folded like a foot on the couch, but most of its frames fit only the bridge.
OWN_SET_UP_MIN_SHARE = 0.5
