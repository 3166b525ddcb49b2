"""Writes every output a user asked for after an analysis, each one atomically.

Order matters: the cheap, machine-readable files first, so that a failure in a later, heavier output
(the annotated video re-decodes the whole clip) never loses what was already computed. The history
(``--save``) comes last: its database was checked before the analysis, but another process may
lock it meanwhile, and a session not saved must not cost the files.
"""

from __future__ import annotations

from pathlib import Path

from formcheck.errors import HistoryUnavailable
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
    history_db: Path | None = None,
    profile: Profile | None = None,
    progress: bool = True,
) -> list[Path]:
    """Write the requested outputs; returns the paths written, in order.

    With ``save_history`` the session is saved to ``history_db`` (None: the default file) after
    every file is written; a failure there raises HistoryUnavailable (exit code 13) naming it.
    """
    written: list[Path] = []
    report = analysis.report
    if json_path is not None:
        write_report_json(report, json_path)
        written.append(json_path)
    if csv_path is not None:
        write_frames_csv(report, csv_path)
        written.append(csv_path)
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
    if save_history:
        _save_session(analysis, history_db, written)
    return written


def _save_session(analysis: Analysis, history_db: Path | None, written: list[Path]) -> None:
    from formcheck.history import save_report

    try:
        save_report(analysis.report, history_db)
    except HistoryUnavailable as error:
        kept = f" ({', '.join(str(p) for p in written)} written)" if written else ""
        raise HistoryUnavailable(f"{error}; the session was not saved{kept}") from None
