"""Split an edited clip into shots from its frames' signatures: cuts, fades, dissolves, blank frames.

Pure numpy on ``FrameSignature`` lists, so it is tested on synthetic signatures. Three kinds of
shot change are found:

- a hard cut (also a zoom jump): one step between neighbouring frames far above the steps around it;
- a fade through black (or white): frames of one flat colour, with the ramp into and out of them,
  become a ``blank`` shot;
- a dissolve: over a few frames each frame is a blend of the frames either side of it (a person
  walking or a camera pan changes the picture as much, but is not a blend).

Whether a shot shows a whole body needs the pose model; ``formcheck.shot_analysis`` decides that
and may turn an ``exercise`` shot into ``close-up``, ``title`` or ``no-body``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np

from formcheck.sources.shot_signature import FrameSignature, signature_distance

# A step counts as a cut when it is at least this large (0..1) ...
CUT_MIN_STEP = 0.18
# ... and this many times the median step within BASELINE_WINDOW_S either side.
CUT_STEP_RATIO = 5.0
BASELINE_WINDOW_S = 1.5
# The median step of a window is never taken below this (a perfectly still title would make any
# noise look like a cut otherwise).
BASELINE_FLOOR = 0.003
# A frame of one flat colour (black, white, a plain slide without text) spreads its grey levels
# less than this.
BLANK_LUMA_SPREAD = 0.03
# ... and has next to no edges (a line of small text spreads the grey levels little, but has edges).
BLANK_MAX_EDGE_SHARE = 0.005
# A step is part of a transition (a fade's ramp, a dissolve) while it is this many times the baseline.
TRANSITION_STEP_RATIO = 3.0
TRANSITION_MIN_STEP = 0.012
# Dissolves: the frames DISSOLVE_HALF_S before and after a frame must differ this much in layout
# (mean grey difference of the thumbnails) ...
DISSOLVE_MIN_LAYOUT_CHANGE = 0.06
# ... and the frame must be their average to within this share of that difference.
DISSOLVE_MAX_BLEND_RESIDUAL = 0.2
DISSOLVE_HALF_S = 0.2
# A non-blank piece shorter than this between two changes is part of the transition, not a shot.
MIN_SHOT_S = 0.3
# A title card is still (its median step stays below this) and plain or text-heavy.
TITLE_MAX_MEDIAN_STEP = 0.006
TITLE_MIN_FLAT_SHARE = 0.6
TITLE_MIN_EDGE_SHARE = 0.2


class ShotKind(str, Enum):
    EXERCISE = "exercise"  # footage to analyse
    TITLE = "title"  # a still slide: text, a logo
    BLANK = "blank"  # black, white or one flat colour, with the fade into and out of it
    CLOSE_UP = "close-up"  # a person, but not the whole body
    NO_BODY = "no-body"  # no person the rules could use


@dataclass(frozen=True, slots=True)
class Shot:
    """A continuous stretch of footage: frames ``start_frame`` up to (not including) ``end_frame``.

    Frame numbers are positions in the analysed frame list (with ``--max-fps`` not the source's own
    frame indices); ``start_s``/``end_s`` are source times, ``end_s`` the time the next shot starts
    (or the last frame's time plus one frame).
    """

    start_frame: int
    end_frame: int
    start_s: float
    end_s: float
    kind: ShotKind
    reason: str  # how the shot was found or why it is not analysed, in words
    title_like: bool = False  # still, and plain or text-heavy: a title card unless a body is seen

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame

    @property
    def skipped(self) -> bool:
        return self.kind is not ShotKind.EXERCISE


def segment_shots(signatures: Sequence[FrameSignature], times_s: Sequence[float]) -> list[Shot]:
    """The shots of a clip, in order, covering every frame exactly once."""
    count = len(signatures)
    if count != len(times_s):
        raise ValueError(f"{count} signatures but {len(times_s)} times")
    if count == 0:
        return []
    times = np.asarray(times_s, dtype=float)
    frame_s = float(np.median(np.diff(times))) if count > 1 else 1 / 30
    steps = np.array(
        [0.0] + [signature_distance(a, b) for a, b in zip(signatures, signatures[1:], strict=False)]
    )
    baseline = _local_baseline(steps, max(1, round(BASELINE_WINDOW_S / frame_s)))
    in_transition = steps >= np.maximum(TRANSITION_MIN_STEP, TRANSITION_STEP_RATIO * baseline)
    blank = np.array(
        [s.luma_spread < BLANK_LUMA_SPREAD and s.edge_share < BLANK_MAX_EDGE_SHARE for s in signatures]
    )

    starts: dict[int, str] = {}  # frame position -> why a shot starts there
    fades = _blank_runs(blank, in_transition)
    for start, end in fades:
        starts[start] = "starts at a fade" if end - start > 1 else "starts at a cut"
        if end < count:
            starts[end] = "starts after a fade"
    dissolves = _dissolves(signatures, in_transition, fades, max(1, round(DISSOLVE_HALF_S / frame_s)))
    for start, _ in dissolves:
        if not any(abs(start - s) <= 2 for s in starts):
            starts[start] = "starts at a dissolve"
    for i in np.flatnonzero((steps >= CUT_MIN_STEP) & (steps >= CUT_STEP_RATIO * baseline)):
        # A fade's ramp or a dissolve changes fast at times, but it is one change, not several cuts.
        if not any(start < i < end for start, end in [*fades, *dissolves]):
            starts.setdefault(int(i), "starts at a cut")
    starts.pop(0, None)
    fading = np.zeros(count, dtype=bool)  # a flat-colour frame or the ramp into or out of one
    for start, end in fades:
        fading[start:end] = True
    bounds = [0, *sorted(starts), count]
    pieces = [
        (a, b, "the clip's first shot" if a == 0 else starts[a])
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]
    pieces = _merge_short_pieces(pieces, fading, times, frame_s)
    return [_make_shot(a, b, why, signatures, steps, fading, times, frame_s) for a, b, why in pieces]


def _local_baseline(steps: np.ndarray, half_window: int) -> np.ndarray:
    padded = np.pad(steps, half_window, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_window + 1)
    return np.maximum(BASELINE_FLOOR, np.median(windows, axis=1))


def _blank_runs(blank: np.ndarray, in_transition: np.ndarray) -> list[tuple[int, int]]:
    """Runs of flat-colour frames, widened over the fade's ramp on either side."""
    runs = []
    i = 0
    while i < len(blank):
        if not blank[i]:
            i += 1
            continue
        end = i
        while end < len(blank) and blank[end]:
            end += 1
        start = i
        # Frame k's step is the change from k-1 to k: a ramp into the run ends at its first frame.
        while start > 0 and in_transition[start] and not blank[start - 1]:
            start -= 1
        after = end
        while after < len(blank) and in_transition[after] and not blank[after]:
            after += 1
        runs.append((start, after))
        i = end
    return runs


def _dissolves(
    signatures: Sequence[FrameSignature],
    in_transition: np.ndarray,
    fades: Sequence[tuple[int, int]],
    half: int,
) -> list[tuple[int, int]]:
    """Dissolves as (first frame, frame after): changing frames that are the blend of the frames
    ``half`` before and after them. Every changing frame is tried, not only the middle of a run of
    change: at a low frame rate the new shot's own movement runs on from the dissolve without a break.
    """
    in_fade = np.zeros(len(signatures), dtype=bool)
    for start, end in fades:
        in_fade[start:end] = True  # a fade is a blend with black too, and is already a shot of its own
    blends = [
        m
        for m in range(half, len(signatures) - half)
        if in_transition[m]
        and not in_fade[m - half : m + half + 1].any()
        and _is_blend(signatures[m - half], signatures[m], signatures[m + half])
    ]
    found: list[tuple[int, int]] = []
    for m in blends:
        if found and m - half + 1 <= found[-1][1]:
            found[-1] = (found[-1][0], m + half)
        else:
            found.append((m - half + 1, m + half))
    return found


def _is_blend(before: FrameSignature, middle: FrameSignature, after: FrameSignature) -> bool:
    change = float(np.abs(before.thumbnail - after.thumbnail).mean())
    if change < DISSOLVE_MIN_LAYOUT_CHANGE:
        return False
    residual = float(np.abs(middle.thumbnail - 0.5 * (before.thumbnail + after.thumbnail)).mean())
    return residual <= DISSOLVE_MAX_BLEND_RESIDUAL * change


def _merge_short_pieces(
    pieces: list[tuple[int, int, str]], blank: np.ndarray, times: np.ndarray, frame_s: float
) -> list[tuple[int, int, str]]:
    """Fold pieces too short to be a shot (a fade's last frames, a flash) into a neighbour."""
    merged: list[tuple[int, int, str]] = []
    for a, b, why in pieces:
        short = _span_s(a, b, times, frame_s) < MIN_SHOT_S and not _mostly(blank[a:b])
        if merged and short:
            merged[-1] = (merged[-1][0], b, merged[-1][2])
        elif merged and _mostly(blank[a:b]) and _mostly(blank[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], b, merged[-1][2])  # two blank pieces are one fade
        else:
            merged.append((a, b, why))
    # A clip's first or last frames are too short a piece to be a shot even when blank: a black
    # first or last frame is how many files are encoded, not an edit.
    if len(merged) > 1 and _span_s(*merged[0][:2], times, frame_s) < MIN_SHOT_S:
        merged[1] = (0, merged[1][1], "the clip's first shot")
        merged.pop(0)
    if len(merged) > 1 and _span_s(*merged[-1][:2], times, frame_s) < MIN_SHOT_S:
        merged[-2] = (merged[-2][0], merged[-1][1], merged[-2][2])
        merged.pop()
    return merged


def _span_s(a: int, b: int, times: np.ndarray, frame_s: float) -> float:
    return float(times[b - 1] - times[a]) + frame_s


def _mostly(flags: np.ndarray) -> bool:
    return bool(len(flags)) and float(np.mean(flags)) >= 0.5


def _make_shot(
    a: int,
    b: int,
    why: str,
    signatures: Sequence[FrameSignature],
    steps: np.ndarray,
    blank: np.ndarray,
    times: np.ndarray,
    frame_s: float,
) -> Shot:
    end_s = float(times[b]) if b < len(times) else float(times[b - 1]) + frame_s
    start_s = float(times[a])
    if _mostly(blank[a:b]):
        return Shot(a, b, start_s, end_s, ShotKind.BLANK, "frames of one flat colour (a fade or a blank)")
    inner = steps[a + 1 : b]
    still = float(np.median(inner)) <= TITLE_MAX_MEDIAN_STEP if len(inner) else True
    flat = float(np.median([s.flat_share for s in signatures[a:b]]))
    edges = float(np.median([s.edge_share for s in signatures[a:b]]))
    title_like = still and (flat >= TITLE_MIN_FLAT_SHARE or edges >= TITLE_MIN_EDGE_SHARE)
    return Shot(a, b, start_s, end_s, ShotKind.EXERCISE, why, title_like=title_like)
