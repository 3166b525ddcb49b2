"""The committed sample_videos/ set is complete, labelled by the rules and in step with the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formcheck.synth.clip import TRUTH_SCHEMA, mistake_label, plan_clip
from formcheck.synth.sets import SAMPLE_SET
from formcheck.types import Exercise

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
MAX_FOLDER_BYTES = 20 * 1024 * 1024


def load_truth(spec) -> dict:
    return json.loads((SAMPLES / f"{spec.name}.truth.json").read_text())


@pytest.mark.parametrize("spec", SAMPLE_SET, ids=[s.name for s in SAMPLE_SET])
def test_every_sample_clip_is_committed_with_its_truth_and_expected_label(spec):
    assert (SAMPLES / f"{spec.name}.mp4").stat().st_size > 10_000
    truth = load_truth(spec)
    assert truth["schema"] == TRUTH_SCHEMA
    assert truth["scenario"] == mistake_label(spec.exercise, spec.mistake)
    if spec.exercise is Exercise.THOMAS_TEST:
        assert truth["thomas_result"] == mistake_label(spec.exercise, spec.mistake)
    elif spec.mistake is None:
        assert truth["mistakes"] == []
    else:
        assert truth["mistakes"] == [spec.mistake.value]
        assert all(i["code"] == spec.mistake.value for i in truth["mistake_intervals"])


def test_the_sample_folder_stays_under_20_mb_and_has_its_readme():
    total = sum(p.stat().st_size for p in SAMPLES.iterdir() if p.is_file())
    assert total < MAX_FOLDER_BYTES
    readme = (SAMPLES / "README.md").read_text()
    for spec in SAMPLE_SET:
        assert f"`{spec.name}.mp4`" in readme


def test_the_committed_truth_is_what_the_code_computes_today():
    spec = next(s for s in SAMPLE_SET if s.exercise is Exercise.THOMAS_TEST)  # the shortest clip
    committed = load_truth(spec)
    fresh = plan_clip(spec).truth
    assert committed["frames"] == json.loads(json.dumps(fresh["frames"]))
    assert committed["mistakes"] == fresh["mistakes"] and committed["events"] == fresh["events"]


def test_rewriting_only_the_truth_keeps_the_measured_detection_table(tmp_path):
    from formcheck.synth.clip import ClipResult
    from formcheck.synth.sets import MEASURED_MARKER, write_samples_readme

    spec = SAMPLE_SET[0]
    results = [
        ClipResult(SAMPLES / f"{spec.name}.mp4", SAMPLES / f"{spec.name}.truth.json", load_truth(spec), 0.0)
    ]
    (tmp_path / "README.md").write_text(f"old text\n{MEASURED_MARKER}\n\n| clip | frames |\n")
    kept = write_samples_readme(results, tmp_path, keep_measured=True).read_text()
    assert kept.endswith(f"legs).\n{MEASURED_MARKER}\n\n| clip | frames |\n") and "old text" not in kept
    fresh = write_samples_readme(results, tmp_path).read_text()  # clips rendered again: stale, dropped
    assert MEASURED_MARKER not in fresh
