"""Writes every output a user asked for after an analysis, each one atomically.

Order matters: the cheap, machine-readable files first, so that a failure in a later, heavier output
(the annotated video re-decodes the whole clip) never loses what was already computed.
"""

from __future__ import annotations

from pathlib import Path

from formcheck.exercises.profile import Profile
from formcheck.outputs.annotated_video import write_annotated_video
from formcheck.outputs.csv_report import write_frames_csv
from formcheck.outputs.json_report import write_report_json
from formcheck.pipeline import Analysis


def write_outputs(
    analysis: Analysis,
    *,
    source_path: Path,
    json_path: Path | None = None,
    csv_path: Path | None = None,
    video_path: Path | None = None,
    html_path: Path | None = None,
    max_fps: float | None = None,
    resize: int | None = None,
    save_history: bool = False,
    profile: Profile | None = None,
    progress: bool = True,
) -> list[Path]:
    """Write the requested outputs; returns the paths written, in order."""
    written: list[Path] = []
    report = analysis.report
    if json_path is not None:
        write_report_json(report, json_path)
        written.append(json_path)
    if csv_path is not None:
        write_frames_csv(report, csv_path)
        written.append(csv_path)
    if save_history:
        from formcheck.history import save_report

        save_report(report)
    if html_path is not None:
        from formcheck.outputs.html_report import write_html_report

        write_html_report(
            report, html_path, source_path=source_path, analysis=analysis, max_fps=max_fps, resize=resize
        )
        written.append(html_path)
    if video_path is not None:
        write_annotated_video(
            analysis,
            source_path,
            video_path,
            max_fps=max_fps,
            resize=resize,
            profile=profile,
            progress=progress,
        )
        written.append(video_path)
    return written
