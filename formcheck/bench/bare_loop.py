"""The bare loop an offline analysis is measured against: decode a clip and pose every frame.

OpenCV decoding through ``open_source`` and BlazePose full in video mode with the segmentation
mask, nothing else (no back contour, smoothing, rules or outputs). Run as a process of its own by
``formcheck bench speed``: ``python -m formcheck.bench.bare_loop CLIP``.
"""

from __future__ import annotations

import sys

from formcheck.pose import create_estimator
from formcheck.sources import open_source


def bare_loop(path: str) -> int:
    """Pose every frame of ``path``; the number of frames."""
    frames = 0
    with open_source(path) as source, create_estimator(mode="video", segmentation=True) as estimator:
        for frame in source:
            estimator.estimate(frame)
            frames += 1
    return frames


if __name__ == "__main__":
    print(bare_loop(sys.argv[1]))
