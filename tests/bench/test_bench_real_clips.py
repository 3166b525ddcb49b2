"""`formcheck bench real` on the real footage: the labels match the folder, and one short clip runs."""

from __future__ import annotations

import csv

import pytest

from formcheck.bench.real import analyse_clip
from formcheck.bench.real_labels import LumbarState, load_labels
from formcheck.types import Exercise

pytestmark = pytest.mark.realclips

SHORT_CLIP = "bss_bodyweight_side_02.mp4"  # 140 frames, side view, a back labelled neutral throughout


def manifest(realclips_dir):
    with (realclips_dir / "MANIFEST.tsv").open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def test_every_clip_in_the_folder_is_labelled_and_its_shots_end_where_the_clip_ends(realclips_dir):
    rows = manifest(realclips_dir)
    labels = {label.file: label for label in load_labels()}
    assert sorted(labels) == sorted(rows)
    for name, label in labels.items():
        duration_s = int(rows[name]["frames"]) / float(rows[name]["fps"])
        assert label.shots[-1].end_s == pytest.approx(duration_s, abs=0.05), name
        assert all(w.end_s <= duration_s + 0.05 for w in label.lumbar), name


@pytest.mark.slow
def test_a_short_split_squat_clip_runs_end_to_end_and_keeps_its_neutral_back_unflagged(
    realclips_dir, tmp_path
):
    label = next(label for label in load_labels() if label.file == SHORT_CLIP)
    score = analyse_clip(realclips_dir / SHORT_CLIP, label, tmp_path)
    assert score.error is None
    assert score.analysed_as is Exercise.SPLIT_SQUAT
    assert score.frames_total == int(manifest(realclips_dir)[SHORT_CLIP]["frames"])
    assert score.neutral.frames == score.frames_total  # the neutral window covers the whole clip
    assert label.windows(LumbarState.NEUTRAL)
    assert score.false_flags == ()
    assert list(tmp_path.glob("*.pkl")), "the pose track was not cached"
