"""Which pose models formcheck can use, and where their weights are.

- ``blazepose-full``: BlazePose GHUM full, shipped inside the ``mediapipe`` wheel (legacy solutions
  API). Always available, nothing to download.
- ``blazepose-lite`` / ``blazepose-heavy``: MediaPipe Tasks bundles (``pose_landmarker_lite.task``,
  ``pose_landmarker_heavy.task``) that a user downloads and places in a models folder.
- any other ``*.task`` file in a models folder, under its file name without ``.task``.

Models folders, first match wins: ``$FORMCHECK_MODELS_DIR``, ``./models`` in the current directory,
and the ``models/`` folder of the formcheck checkout. This module never imports mediapipe (it only
locates the installed package), so listing models is instant.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from formcheck.errors import ModelUnavailable, UnknownName

DEFAULT_MODEL = "blazepose-full"
MODELS_DIR_ENV = "FORMCHECK_MODELS_DIR"
_BUNDLED_FULL_RELATIVE = Path("modules") / "pose_landmark" / "pose_landmark_full.tflite"
# Optional Tasks bundles with a well-known file name, published by Google beside MediaPipe.
KNOWN_TASK_FILES = {
    "blazepose-lite": "pose_landmarker_lite.task",
    "blazepose-heavy": "pose_landmarker_heavy.task",
}
TASK_DOWNLOAD_PAGE = "https://ai.google.dev/edge/mediapipe/solutions/vision/pose_landmarker"


class ModelKind(str, Enum):
    BUNDLED = "bundled"  # BlazePose in the mediapipe wheel, legacy solutions API
    TASK = "task"  # a MediaPipe Tasks .task bundle (PoseLandmarker)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    kind: ModelKind
    path: Path | None
    available: bool
    note: str


def bundled_full_model_path() -> Path | None:
    """The BlazePose full ``.tflite`` inside the installed mediapipe package (None if not installed)."""
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / _BUNDLED_FULL_RELATIVE


def models_dirs() -> list[Path]:
    """Folders searched for ``.task`` files, most specific first, without duplicates."""
    candidates = []
    if os.environ.get(MODELS_DIR_ENV):
        candidates.append(Path(os.environ[MODELS_DIR_ENV]))
    candidates.append(Path.cwd() / "models")
    candidates.append(Path(__file__).resolve().parents[2] / "models")
    unique: list[Path] = []
    for folder in candidates:
        resolved = folder.resolve()
        if resolved not in unique:
            unique.append(resolved)
    return unique


def _bundled_info() -> ModelInfo:
    path = bundled_full_model_path()
    if path is not None and path.exists():
        return ModelInfo(
            DEFAULT_MODEL, ModelKind.BUNDLED, path, True, "BlazePose full, bundled with mediapipe"
        )
    return ModelInfo(
        DEFAULT_MODEL,
        ModelKind.BUNDLED,
        path,
        False,
        "mediapipe==0.10.21 is not installed (pip install formcheck brings it)",
    )


def _find_task(file_name: str) -> Path | None:
    for folder in models_dirs():
        if (folder / file_name).is_file():
            return folder / file_name
    return None


def list_models() -> list[ModelInfo]:
    """Every model formcheck knows of, available or not (the bundled one first)."""
    infos = [_bundled_info()]
    known_files = set(KNOWN_TASK_FILES.values())
    for name, file_name in KNOWN_TASK_FILES.items():
        path = _find_task(file_name)
        note = (
            "MediaPipe Tasks bundle"
            if path
            else f"optional: put {file_name} in models/ ({TASK_DOWNLOAD_PAGE})"
        )
        infos.append(ModelInfo(name, ModelKind.TASK, path, path is not None, note))
    seen = {info.name for info in infos}
    for folder in models_dirs():
        for path in sorted(folder.glob("*.task")) if folder.is_dir() else []:
            if path.name in known_files or path.stem in seen:
                continue
            seen.add(path.stem)
            infos.append(
                ModelInfo(path.stem, ModelKind.TASK, path, True, f"MediaPipe Tasks bundle in {folder}")
            )
    return infos


def resolve_model(name: str) -> ModelInfo:
    """The available model called ``name``; ``UnknownName`` or ``ModelUnavailable`` otherwise."""
    infos = {info.name: info for info in list_models()}
    if name not in infos:
        raise UnknownName(f"unknown model {name!r}; known models: {', '.join(infos)}")
    info = infos[name]
    if not info.available:
        raise ModelUnavailable(f"model {name!r} is not available: {info.note}")
    return info


def model_from_path(path: Path) -> ModelInfo:
    """A model given by file (``--model PATH``): a ``.task`` bundle, or the bundled full ``.tflite``."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise ModelUnavailable(f"no model file at {path}")
    bundled = bundled_full_model_path()
    if bundled is not None and bundled.exists() and path.resolve() == bundled.resolve():
        return _bundled_info()
    if path.suffix.lower() != ".task":
        raise ModelUnavailable(
            f"{path} is not a MediaPipe Tasks bundle: formcheck loads .task files "
            f"(pose_landmarker_lite/full/heavy.task, see {TASK_DOWNLOAD_PAGE})"
        )
    return ModelInfo(path.stem, ModelKind.TASK, path, True, "MediaPipe Tasks bundle given by path")
