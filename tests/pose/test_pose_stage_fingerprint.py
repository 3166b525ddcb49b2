"""The cached-track fingerprint follows every file a pickled pose track depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.pose import stage_fingerprint


def _tree(root: Path) -> None:
    for entry in stage_fingerprint.POSE_STAGE_SOURCES:
        path = root / entry
        if path.suffix == ".py":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("# v1\n")
        else:
            path.mkdir(parents=True, exist_ok=True)
            (path / "module.py").write_text("# v1\n")


@pytest.mark.parametrize("changed", ["types.py", "kinematics/leg_appearance.py", "pose/module.py"])
def test_a_change_to_any_pose_stage_file_changes_the_fingerprint(tmp_path, monkeypatch, changed) -> None:
    _tree(tmp_path)
    monkeypatch.setattr(stage_fingerprint, "PACKAGE_ROOT", tmp_path)
    before = stage_fingerprint.pose_stage_fingerprint()
    assert stage_fingerprint.pose_stage_fingerprint() == before  # deterministic
    (tmp_path / changed).write_text("# v2\n")
    assert stage_fingerprint.pose_stage_fingerprint() != before


def test_files_outside_the_pose_stage_leave_it_alone(tmp_path, monkeypatch) -> None:
    _tree(tmp_path)
    monkeypatch.setattr(stage_fingerprint, "PACKAGE_ROOT", tmp_path)
    before = stage_fingerprint.pose_stage_fingerprint()
    (tmp_path / "kinematics" / "lumbar.py").write_text("# rules of the arch change often\n")
    assert stage_fingerprint.pose_stage_fingerprint() == before
