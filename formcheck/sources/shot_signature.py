"""A few numbers per decoded frame that tell shots apart: computed once, at decode, in about a millisecond.

Edited tutorials cut between shots, fade through black and show title slides. Finding those needs
no model: a frame's colour histogram, a tiny grey thumbnail, its brightness and how much of it is
edges or flat colour are enough (``formcheck.sources.shots`` turns a clip's signatures into shots).
Everything is measured on a copy scaled to ``WORK_WIDTH_PX`` wide, so the cost does not grow with the
video's resolution beyond the one scaling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from formcheck.sources.base import FrameSource
from formcheck.types import Frame, StoppedEarly

WORK_WIDTH_PX = 160
THUMBNAIL_SIZE = (32, 18)  # (width, height): enough to see a zoom jump, too coarse to see noise
HUE_BINS, SATURATION_BINS, VALUE_BINS = 12, 3, 8
# A pixel is on an edge when the grey gradient (Sobel, 0..1 scale) exceeds this.
EDGE_GRADIENT = 0.25
# A 4x4 block is flat colour when its grey values spread less than this (0..1 scale): about 3 of
# 255 levels, above the noise compression leaves on a plain title background.
FLAT_BLOCK_STD = 0.012
FLAT_BLOCK_PX = 4

# The on-line cut test used to reset the pose tracker (see ``SignatureWatcher``): a frame starts a
# new shot when it differs from the previous one by this much in absolute terms (segment_shots'
# CUT_MIN_STEP: a needless restart costs only one re-detection)...
ONLINE_CUT_MIN_DISTANCE = 0.18
# ...and by this many times the median step of the last ``ONLINE_CUT_HISTORY`` frames.
ONLINE_CUT_RATIO = 4.0
ONLINE_CUT_HISTORY = 15
# A fade makes many large steps in a row; one reset at its start is enough (a reset reloads the graph).
ONLINE_CUT_REFRACTORY_S = 0.5


@dataclass(frozen=True, slots=True)
class FrameSignature:
    """What one frame looks like, coarsely (all values 0..1)."""

    histogram: np.ndarray  # hue x saturation bins (sum 0.5) then value bins (sum 0.5), float32
    thumbnail: np.ndarray  # THUMBNAIL_SIZE grey image, float32 0..1
    luma: float  # mean grey level
    luma_spread: float  # standard deviation of the grey level
    edge_share: float  # share of pixels on an edge (text and texture are edges)
    flat_share: float  # share of 4x4 blocks of one flat colour (title backgrounds, black frames)


def frame_signature(image: np.ndarray) -> FrameSignature:
    """The signature of one BGR uint8 image."""
    height, width = image.shape[:2]
    work_height = max(FLAT_BLOCK_PX, round(WORK_WIDTH_PX * height / max(1, width)))
    small = cv2.resize(image, (WORK_WIDTH_PX, work_height), interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32) / 255.0
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    hue_saturation = cv2.calcHist([hsv], [0, 1], None, [HUE_BINS, SATURATION_BINS], [0, 180, 0, 256])
    value = cv2.calcHist([hsv], [2], None, [VALUE_BINS], [0, 256])
    histogram = np.concatenate([_normalised(hue_saturation) * 0.5, _normalised(value) * 0.5])
    gradient_x = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3) / 4.0
    gradient_y = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3) / 4.0
    edges = np.hypot(gradient_x, gradient_y) > EDGE_GRADIENT
    return FrameSignature(
        histogram=histogram.astype(np.float32),
        thumbnail=cv2.resize(grey, THUMBNAIL_SIZE, interpolation=cv2.INTER_AREA),
        luma=float(grey.mean()),
        luma_spread=float(grey.std()),
        edge_share=float(edges.mean()),
        flat_share=_flat_share(grey),
    )


def signature_distance(a: FrameSignature, b: FrameSignature) -> float:
    """0 (same picture) .. 1 (nothing alike): the larger of the colour and the layout change.

    The histogram misses a zoom jump (same colours, new layout); the thumbnail is what sees it. The
    thumbnail difference is doubled because a full change of layout moves grey levels by ~0.3-0.5.
    """
    colour = 0.5 * float(np.abs(a.histogram - b.histogram).sum())
    layout = float(np.abs(a.thumbnail - b.thumbnail).mean())
    return min(1.0, max(colour, 2.0 * layout))


def _normalised(histogram: np.ndarray) -> np.ndarray:
    flat = histogram.ravel()
    total = float(flat.sum())
    return flat / total if total > 0 else flat


def _flat_share(grey: np.ndarray) -> float:
    rows = grey.shape[0] // FLAT_BLOCK_PX * FLAT_BLOCK_PX
    cols = grey.shape[1] // FLAT_BLOCK_PX * FLAT_BLOCK_PX
    blocks = grey[:rows, :cols].reshape(
        rows // FLAT_BLOCK_PX, FLAT_BLOCK_PX, cols // FLAT_BLOCK_PX, FLAT_BLOCK_PX
    )
    return float((blocks.std(axis=(1, 3)) < FLAT_BLOCK_STD).mean())


class SignatureWatcher(FrameSource):
    """Pass a source's frames on unchanged, keeping each frame's signature and time on the way.

    ``on_cut`` is called just before a frame that clearly starts a new shot is handed on (a hard
    cut: a large jump against the steps just before it), so the pose tracker can start afresh
    instead of carrying the last shot's person into the new picture. Fades and dissolves have no
    such jump; they are found afterwards, with the whole clip in view (``segment_shots``).
    """

    def __init__(self, source: FrameSource, *, on_cut: Callable[[], None] | None = None) -> None:
        self._source = source
        self._on_cut = on_cut
        self.name = source.name
        self.is_still = source.is_still
        self.fps = source.fps
        self.size = source.size
        self.frame_count = source.frame_count
        self.is_live = source.is_live
        self.signatures: list[FrameSignature] = []
        self.times_s: list[float] = []
        self.frame_indices: list[int] = []
        self.online_cuts: list[int] = []  # positions (in ``signatures``) where ``on_cut`` was called

    @property
    def stopped_early(self) -> StoppedEarly | None:  # type: ignore[override]  (known only at the end)
        return self._source.stopped_early

    def __iter__(self) -> Iterator[Frame]:
        steps: list[float] = []
        for frame in self._source:
            signature = frame_signature(frame.image)
            if self.signatures:
                step = signature_distance(self.signatures[-1], signature)
                since_last_s = (
                    frame.timestamp_s - self.times_s[self.online_cuts[-1]] if self.online_cuts else None
                )
                refractory = since_last_s is not None and since_last_s < ONLINE_CUT_REFRACTORY_S
                if not refractory and _is_online_cut(step, steps[-ONLINE_CUT_HISTORY:]):
                    self.online_cuts.append(len(self.signatures))
                    if self._on_cut is not None:
                        self._on_cut()
                steps.append(step)
            self.signatures.append(signature)
            self.times_s.append(frame.timestamp_s)
            self.frame_indices.append(frame.index)
            yield frame

    def close(self) -> None:
        self._source.close()


def _is_online_cut(step: float, recent_steps: list[float]) -> bool:
    if step < ONLINE_CUT_MIN_DISTANCE:
        return False
    baseline = float(np.median(recent_steps)) if recent_steps else 0.0
    return step >= ONLINE_CUT_RATIO * baseline


def read_signatures(
    source: FrameSource, *, limit: int | None = None
) -> tuple[list[FrameSignature], list[float]]:
    """The signature and time of every frame (of the first ``limit``), without any pose model: for
    tracks posed elsewhere (worker processes, a cache)."""
    watcher = SignatureWatcher(source)
    for count, _ in enumerate(watcher, start=1):
        if limit is not None and count >= limit:
            break
    return watcher.signatures, watcher.times_s
