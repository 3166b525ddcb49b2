"""What the coach says in the kneeling hip-flexor stretch, in the seed's own words (see
``formcheck.exercises.cues``). The back-arch cue is the shared one ("Ribs down, tailbone tucked")."""

from __future__ import annotations

from formcheck.exercises.cues import Cue

# The guide's whole verdict on this stretch: done with a huge back arch it is wrong, with ribs down
# and a slight posterior tilt it is fine. Spoken while the stretch is held.
RIBS_DOWN_TILT = Cue(
    text="Keep ribs down + slight posterior tilt",
    live="Ribs down + slight posterior tilt",
    seed="If you keep ribs down + slight posterior tilt, it’s fine",
)

KNEELING_SHALLOW = Cue(
    text="The back knee should be slightly behind your hip line — that’s true hip extension",
    live="Hips forward: knee behind your hip line",
    seed="The back knee should be slightly behind your hip line — that’s true hip extension.",
)

SHORT_HOLD = Cue(
    text="Stay in the stretch for 3–4 cycles of 5–8 sec presses with equal relax time",
    live="Stay for 3–4 press-relax cycles",
    seed="Short 5–8 sec isometric presses with equal relax time, for 3–4 cycles is more effective than a single long hold.",
)

# Shown while the person is not (yet) in position.
SETUP = Cue(
    text="Kneel on the stretched leg, front foot flat in front, chest tall",
    live="Kneel on one knee, front foot forward, chest tall",
    seed="Keep your chest tall, ribs pulled slightly down, and avoid arching your lower back",
)
