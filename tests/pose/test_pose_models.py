"""The model registry and create_estimator's error paths (no model download is ever attempted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.errors import ModelUnavailable, UnknownName
from formcheck.pose import create_estimator
from formcheck.pose.models import MODELS_DIR_ENV, ModelKind, list_models, resolve_model


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv(MODELS_DIR_ENV, str(folder))
    return folder


def test_the_bundled_full_model_is_listed_first_and_its_file_exists() -> None:
    first = list_models()[0]
    assert (first.name, first.kind, first.available) == ("blazepose-full", ModelKind.BUNDLED, True)
    assert first.path is not None and first.path.name == "pose_landmark_full.tflite" and first.path.is_file()


def test_lite_and_heavy_are_listed_as_unavailable_until_their_files_are_placed(models_dir: Path) -> None:
    by_name = {info.name: info for info in list_models()}
    assert not by_name["blazepose-heavy"].available
    assert "pose_landmarker_heavy.task" in by_name["blazepose-heavy"].note
    (models_dir / "pose_landmarker_heavy.task").write_bytes(b"placeholder")
    by_name = {info.name: info for info in list_models()}
    assert by_name["blazepose-heavy"].available
    assert by_name["blazepose-heavy"].path == models_dir / "pose_landmarker_heavy.task"


def test_any_task_file_in_the_models_folder_is_listed_under_its_stem(models_dir: Path) -> None:
    (models_dir / "my_pose.task").write_bytes(b"placeholder")
    info = resolve_model("my_pose")
    assert (info.kind, info.path) == (ModelKind.TASK, models_dir / "my_pose.task")


def test_an_unknown_model_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownName, match="blazepose-full"):
        create_estimator("blazepose-ultra")


def test_a_known_but_missing_model_says_where_to_put_it(models_dir: Path) -> None:
    with pytest.raises(ModelUnavailable, match="pose_landmarker_lite.task"):
        create_estimator("blazepose-lite")


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(UnknownName, match="video, image"):
        create_estimator(mode="webcam")


def test_a_missing_model_path_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no model file"):
        create_estimator(model_path=tmp_path / "absent.task")


def test_a_tflite_that_is_not_the_bundled_one_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "other.tflite"
    stray.write_bytes(b"\0" * 64)
    with pytest.raises(ModelUnavailable, match=r"\.task"):
        create_estimator(model_path=stray)


def test_a_corrupt_task_file_is_a_one_line_model_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.task"
    broken.write_bytes(b"this is not a zip of tflite models" * 10)
    with pytest.raises(ModelUnavailable) as caught:
        create_estimator(model_path=broken)
    assert "\n" not in str(caught.value)
    assert "broken.task" in str(caught.value)


def test_the_bundled_tflite_given_by_path_uses_the_bundled_backend() -> None:
    bundled = list_models()[0].path
    assert bundled is not None
    with create_estimator(model_path=bundled, segmentation=False) as estimator:
        assert estimator.name == "blazepose-full"


def test_a_model_name_that_is_a_task_path_is_loaded_as_a_path(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no model file"):
        create_estimator(str(tmp_path / "downloads" / "pose_landmarker_heavy.task"))
