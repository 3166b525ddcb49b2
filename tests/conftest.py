"""Fixtures shared by every test folder.

Running BlazePose over a clip takes seconds; many tests need the same clip's poses. ``pose_tracks``
runs the real model once per clip per session and keeps the result on disk under pytest's cache,
keyed by the clip's bytes and by the source code of every stage that produced it (sources, pose
backend, back-contour and leg-colour measurements), so a change to any of those re-runs the model.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from formcheck.pose.stage_fingerprint import pose_stage_fingerprint

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_VIDEOS = REPO_ROOT / "sample_videos"
REALCLIPS = REPO_ROOT.parent / "shared" / "realclips"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_videos_dir() -> Path:
    return SAMPLE_VIDEOS


@pytest.fixture(scope="session")
def realclips_dir() -> Path:
    if not (REALCLIPS / "MANIFEST.tsv").exists():
        pytest.skip("../shared/realclips is not present on this machine")
    return REALCLIPS


@pytest.fixture(scope="session")
def pose_tracks(request: pytest.FixtureRequest) -> Callable[..., object]:
    """``pose_tracks(path, max_fps=None, resize=None) -> PoseTrack`` through the real model, cached."""
    from formcheck.pipeline import track_poses
    from formcheck.pose import create_estimator
    from formcheck.sources import open_source

    memory: dict[tuple, object] = {}
    cache_dir = Path(request.config.cache.mkdir("formcheck_pose_tracks"))
    fingerprint = pose_stage_fingerprint()

    def get(path: Path, max_fps: float | None = None, resize: int | None = None):
        path = Path(path)
        key = (str(path.resolve()), max_fps, resize)
        if key in memory:
            return memory[key]
        disk = cache_dir / f"{_file_digest(path)}_{fingerprint}_{max_fps}_{resize}.pkl"
        if disk.exists():
            track = pickle.loads(disk.read_bytes())
        else:
            with (
                open_source(path, max_fps=max_fps, resize=resize) as source,
                create_estimator("blazepose-full", mode="video", segmentation=True) as estimator,
            ):
                track = track_poses(source, estimator)
            tmp = disk.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(track))
            tmp.replace(disk)
        memory[key] = track
        return track

    return get
