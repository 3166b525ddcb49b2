"""Material slots of the figure; props and background use indices from ``PROP_BASE`` upwards."""

SKIN, HAIR, SHIRT, PANTS, SHOES, EYE_WHITE, PUPIL, LIPS = range(8)
PROP_BASE = 8
