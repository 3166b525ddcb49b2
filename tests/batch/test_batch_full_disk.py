"""A full disk stops a batch (it is full for the next clip too) without marking any clip failed,
so a re-run after freeing space scores exactly the clips that were not finished."""

from __future__ import annotations

import errno
import json

import pytest

from formcheck.batch import ScoreOptions, run_batch
from formcheck.batch.records import RECORD_FILE
from formcheck.destinations import write_failed
from formcheck.errors import OutputWriteFailed

from .fake_analysis import fake_analyze, make_clips

OPTIONS = ScoreOptions(exercise="couch-stretch", html=False)


def test_a_full_disk_stops_the_batch_and_the_rerun_scores_the_unfinished_clips(tmp_path, monkeypatch):
    clips = make_clips(tmp_path / "videos", {"a.mp4": "OK 10.0", "b.mp4": "OK 11.0", "c.mp4": "OK 12.0"})
    out = tmp_path / "out"
    import formcheck.outputs.csv_report as csv_report

    real_write = csv_report.write_frames_csv

    def disk_full_at_b(report, path):
        if "b-" in path.parent.name:
            raise write_failed(path, OSError(errno.ENOSPC, "No space left on device"))
        return real_write(report, path)

    monkeypatch.setattr(csv_report, "write_frames_csv", disk_full_at_b)
    with pytest.raises(OutputWriteFailed, match="no space left on device"):
        run_batch(clips, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    records = sorted(p.parent.name[0] for p in (out / "clips").glob(f"*/{RECORD_FILE}"))
    assert records == ["a"]  # b stopped half-way: no record, so it is not listed as failed
    summary = json.loads((out / "summary.json").read_text())
    assert [row["status"] for row in summary["clips"]] == ["ok"]

    monkeypatch.setattr(csv_report, "write_frames_csv", real_write)
    again = run_batch(clips, out, options=OPTIONS, progress=False, analyze=fake_analyze)
    assert (again.skipped, again.scored, len(again.failed)) == (1, 2, 0)
