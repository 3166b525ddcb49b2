"""The annotated copy of a clip: the source re-decoded with the analysis drawn on every frame."""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from formcheck.analysis import Analysis
from formcheck.exercises.profile import Profile
from formcheck.feedback.overlay import annotate_frame
from formcheck.outputs.video import H264Writer
from formcheck.sources import open_source


def write_annotated_video(
    analysis: Analysis,
    source_path: Path,
    out_path: Path,
    *,
    max_fps: float | None = None,
    resize: int | None = None,
    profile: Profile | None = None,
    progress: bool = True,
) -> None:
    """Re-read the source with the same stride and size and draw each frame's analysis on it."""
    report = analysis.report
    track = analysis.track
    active = _active_mistakes_by_frame(analysis)
    bar = tqdm(
        total=track.frames_total,
        desc="video",
        unit="frame",
        file=sys.stderr,
        disable=not progress,
        leave=False,
        mininterval=0.1 if sys.stderr.isatty() else 5.0,
    )
    with (
        open_source(source_path, max_fps=max_fps, resize=resize) as source,
        H264Writer(out_path, track.fps, track.size) as writer,
    ):
        for position, frame in enumerate(source):
            if position >= track.frames_total:
                break  # the analysis stopped earlier (a damaged tail): so does the copy
            mistakes = active[position]
            record = report.frames[position]
            extra = [f"t {record.t:.1f} s"] + ([f"phase: {record.phase}"] if record.phase else [])
            image = annotate_frame(
                frame.image,
                track.frames[position].pose,
                analysis.angles[position],
                side=report.side,
                active_mistakes=[m.code for m in mistakes],
                extra_text=extra,
                cue=mistakes[0].message if mistakes else None,
                exercise=report.exercise,
                profile=profile,
                copy=False,
            )
            writer.write(image)
            bar.update(1)
    bar.close()


def _active_mistakes_by_frame(analysis: Analysis) -> list[list]:
    times = [f.timestamp_s for f in analysis.track.frames]
    return [[m for m in analysis.report.mistakes if m.start_s <= t <= m.end_s] for t in times]
