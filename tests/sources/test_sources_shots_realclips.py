"""Shot changes on the real edited clips, against the labels made by looking at their frames."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.bench.real import labelled_cuts, score_cuts
from formcheck.bench.real_labels import ShotKind, load_labels
from formcheck.sources import open_source
from formcheck.sources.shot_signature import read_signatures
from formcheck.sources.shots import segment_shots

EDITED = [label for label in load_labels() if len(label.shots) > 1]


@pytest.mark.realclips
@pytest.mark.parametrize("label", EDITED, ids=[label.file for label in EDITED])
def test_detected_cuts_fall_within_0_3_s_of_the_labelled_ones(label, realclips_dir: Path) -> None:
    with open_source(realclips_dir / label.file) as source:
        signatures, times_s = read_signatures(source)
    detected = [shot.start_s for shot in segment_shots(signatures, times_s)[1:]]
    score = score_cuts(labelled_cuts(label), detected)
    assert score.missed == () and score.false == (), score


@pytest.mark.realclips
@pytest.mark.slow
def test_no_person_or_mistake_is_reported_from_a_labelled_title_or_blank(realclips_dir: Path) -> None:
    from formcheck.pipeline import analyze_video

    label = next(label for label in EDITED if label.file == "prone_superman_alternating_side_02.mp4")
    report = analyze_video(realclips_dir / label.file, max_fps=10).report
    for shot in label.shots:
        if shot.kind in (ShotKind.TITLE, ShotKind.BLANK, ShotKind.CLOSE_UP):
            inside = [f for f in report.frames if shot.contains(f.t)]
            assert not any(f.pose for f in inside), shot
            assert not any(shot.overlaps(m.start_s, m.end_s) for m in report.mistakes), shot
