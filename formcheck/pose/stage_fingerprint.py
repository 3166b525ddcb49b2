"""A fingerprint of the code a cached pose track depends on.

Benchmarks and the test suite keep pose tracks on disk (BlazePose over a clip costs minutes). A
cached track is only valid for the code that produced it and for the classes it was pickled from:
a new field on ``PoseFrame`` (``leg_appearance`` once) makes old pickles load without it and then
fail far from the cache. Every file that decodes, poses, observes a frame (``observation.py``:
the back contour and the legs' colours) or defines the pickled types is hashed, so any change to
them recomputes the tracks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]

POSE_STAGE_SOURCES = (
    "sources",
    "pose",
    "parallel",
    "observation.py",
    "kinematics/back_contour.py",
    "kinematics/leg_appearance.py",
    "types.py",
)


def pose_stage_fingerprint() -> str:
    """16 hex digits over the pose stage's source files (paths relative to the package)."""
    digest = hashlib.sha256()
    for entry in POSE_STAGE_SOURCES:
        path = PACKAGE_ROOT / entry
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(file.relative_to(PACKAGE_ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
