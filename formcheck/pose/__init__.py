"""Pose estimation behind the :class:`~formcheck.pose.base.PoseEstimator` protocol.

mediapipe is imported lazily (only when a real model is created), so importing formcheck, listing
models or replaying recorded poses stays fast.
"""

from __future__ import annotations

from pathlib import Path

from formcheck.errors import UnknownName
from formcheck.pose.base import PoseEstimator
from formcheck.pose.crowd import PersonFocus
from formcheck.pose.models import (
    DEFAULT_MODEL,
    ModelInfo,
    ModelKind,
    list_models,
    model_from_path,
    resolve_model,
)

__all__ = ["PoseEstimator", "create_estimator", "list_models", "ModelInfo", "ModelKind", "DEFAULT_MODEL"]

MODES = ("video", "image")


def create_estimator(
    name: str = DEFAULT_MODEL,
    *,
    mode: str = "video",
    segmentation: bool = True,
    model_path: Path | None = None,
) -> PoseEstimator:
    """A ready pose backend (a context manager).

    ``mode="video"`` tracks between frames (videos, cameras; frames in time order), ``"image"``
    treats every frame alone (stills). ``segmentation`` adds the person mask to every ``Pose``.
    ``model_path`` (a ``.task`` bundle) overrides ``name``; a ``name`` that is a file path ending in
    ``.task`` is taken as a model path too, so ``--model path/to/x.task`` just works.
    Raises ``UnknownName`` for an unknown model or mode, ``ModelUnavailable`` when its file is missing.
    """
    if mode not in MODES:
        raise UnknownName(f"unknown pose mode {mode!r}; valid modes: {', '.join(MODES)}")
    if model_path is None and _looks_like_path(name):
        model_path = Path(name)
    info = model_from_path(model_path) if model_path is not None else resolve_model(name)
    from formcheck.pose import mediapipe_backend  # the heavy import, only now

    def build(mode: str, segmentation: bool) -> PoseEstimator:
        if info.kind is ModelKind.BUNDLED:
            return mediapipe_backend.BlazePoseEstimator(mode=mode, segmentation=segmentation)
        assert info.path is not None
        return mediapipe_backend.TasksPoseEstimator(info.path, mode=mode, segmentation=segmentation)

    # Several people in view can hide everyone from BlazePose's whole-frame pass: see pose/crowd.py.
    return PersonFocus(build(mode, segmentation), make_searcher=lambda: build("image", False))


def _looks_like_path(name: str) -> bool:
    return name.lower().endswith((".task", ".tflite")) or "/" in name or "\\" in name
