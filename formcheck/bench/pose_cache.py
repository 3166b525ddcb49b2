"""The pose stage of a benchmark clip, cached on disk: the model runs once per clip and pose stage.

The cache key is the clip's bytes and ``pose_stage_fingerprint()``, so a change to any module the
pose stage runs makes a fresh track rather than a stale one.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from formcheck.pose.stage_fingerprint import pose_stage_fingerprint


def track_clip(video: Path, cache_dir: Path | None):
    """The clip's PoseTrack through the real model (segmentation on), from the cache when possible."""
    from formcheck.pipeline import track_poses
    from formcheck.pose import create_estimator
    from formcheck.sources import open_source

    disk = None
    if cache_dir is not None:
        key = hashlib.sha256(video.read_bytes()).hexdigest()[:16]
        disk = cache_dir / f"{key}_{pose_stage_fingerprint()}.pkl"
        if disk.exists():
            return pickle.loads(disk.read_bytes())
    with open_source(video) as source, create_estimator(mode="video", segmentation=True) as estimator:
        track = track_poses(source, estimator)
    if disk is not None:
        disk.parent.mkdir(parents=True, exist_ok=True)
        tmp = disk.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(track))
        tmp.replace(disk)
    return track
