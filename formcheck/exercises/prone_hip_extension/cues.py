"""What the coach says in the prone hip extension, in the seed's own words (see ``formcheck.exercises.cues``)."""

from __future__ import annotations

from formcheck.exercises.cues import Cue

PRONE = "Lightly tuck, lift thigh off mat 1–2 inches without lumbar extension, 8–12 reps"
PILLOW = "Prone Hip Extension (Pillow Under ASIS)"

LIFT = Cue(
    text="Lightly tuck, lift the thigh off the mat 1–2 inches",
    live="Tuck, lift the thigh 1–2 inches",
    seed=PRONE,
)

LIFT_TOO_HIGH = Cue(
    text="Lift the thigh only 1–2 inches, without lumbar extension",
    live="Lower — 1–2 inches is enough",
    seed=PRONE,
)

# Shown while the person is not (yet) in position.
SETUP = Cue(
    text="Lie face down with a pillow under the front of the pelvis, legs long",
    live="Lie face down, pillow under the pelvis",
    seed=PILLOW,
)
