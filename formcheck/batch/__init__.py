"""Scoring many clips at once: ``formcheck batch PATH... --out DIR``.

    from formcheck.batch import find_clips, run_batch
    result = run_batch(find_clips(["sample_videos"]), Path("out"), workers=2)
    print(len(result.failed), "failed")

Layout of ``--out``: ``summary.csv``, ``summary.json``, ``index.html`` and, per clip,
``clips/<name>-<hash>/`` with ``report.json``, ``frames.csv``, ``report.html``, ``sessions.json``
(the clip's history rows, see ``batch/history.py``) and ``record.json`` (written last: its presence
means the clip is finished).

Where the clips are scored is a backend's concern: ``backends`` (this process, a local process pool)
or ``cluster`` (Dask: ``run_batch(..., backend=DaskCluster.from_option("tcp://HOST:8786"))``).
"""

from __future__ import annotations

from formcheck.batch.discover import BATCH_VIDEO_SUFFIXES, find_clips
from formcheck.batch.records import ClipKey, ClipRecord, ClipStatus
from formcheck.batch.runner import BatchResult, run_batch
from formcheck.batch.scoring import ScoreOptions

__all__ = [
    "BATCH_VIDEO_SUFFIXES",
    "BatchResult",
    "ClipKey",
    "ClipRecord",
    "ClipStatus",
    "ScoreOptions",
    "find_clips",
    "run_batch",
]
