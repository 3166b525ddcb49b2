"""`formcheck bench arch-shape` refuses folders it cannot study with one clear line and its exit code."""

from __future__ import annotations

from typer.testing import CliRunner

from formcheck.cli.main import app
from formcheck.errors import InvalidOption, SourceNotFound


def test_a_folder_without_truth_files_exits_with_the_not_found_code(tmp_path):
    (tmp_path / "clip.mp4").write_bytes(b"")
    result = CliRunner().invoke(
        app, ["bench", "arch-shape", "--fit", str(tmp_path), "--bench", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == SourceNotFound.exit_code
    assert "no clip with a .truth.json" in result.output
    assert "Traceback" not in result.output


def _rows(family: str, true_arch: float, dip: float) -> list[dict]:
    return [{"family": family, "true_arch_deg": true_arch, "dip": dip}]


def test_a_fitting_set_of_one_family_is_refused_in_one_line(tmp_path, monkeypatch):
    # leave-one-family-out would leave nothing to fit on (was a ZeroDivisionError)
    (tmp_path / "clip.mp4").write_bytes(b"")
    (tmp_path / "clip.truth.json").write_text("{}")
    monkeypatch.setattr("formcheck.bench.accuracy.load_truth", lambda path: {})
    monkeypatch.setattr(
        "formcheck.bench.arch_samples.set_profile_rows", lambda pairs, cache: _rows("slim", 5.0, 0.1)
    )
    result = CliRunner().invoke(
        app, ["bench", "arch-shape", "--fit", str(tmp_path), "--bench", str(tmp_path)]
    )
    assert result.exit_code == InvalidOption.exit_code
    assert "needs two or more" in result.output
    assert "Traceback" not in result.output


def test_an_unwritable_tables_folder_is_refused_before_any_clip_is_posed(tmp_path, monkeypatch):
    posed = []
    monkeypatch.setattr("formcheck.bench.arch_samples.set_profile_rows", lambda pairs, cache: posed.append(1))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "arch-shape",
            "--fit",
            str(tmp_path),
            "--bench",
            str(tmp_path),
            "--tables",
            str(blocker / "t"),
        ],
    )
    assert result.exit_code != 0 and "--tables" in result.output
    assert posed == []
