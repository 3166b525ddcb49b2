"""Writes every output a user asked for after an analysis, each one atomically.

Order matters: the cheap, machine-readable files first, so that a failure in a later, heavier output
(the annotated video re-decodes the whole clip) never loses what was already computed. The history
(``--save``) comes last: its database was checked before the analysis, but another process may
lock it meanwhile, and a session not saved must not cost the files. The caller hands in how to save
a session (``save_session``), so this module writes files without knowing the history's storage.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from formcheck.analysis import Analysis
from formcheck.errors import FormcheckError, HistoryUnavailable, OutputUnwritable, OutputWriteFailed
from formcheck.exercises.profile import Profile
from formcheck.outputs.annotated_video import write_annotated_video
from formcheck.outputs.csv_report import write_frames_csv
from formcheck.outputs.json_report import write_report_json
from formcheck.types import Report


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
    save_session: Callable[[Report], object] | None = None,
    profile: Profile | None = None,
    progress: bool = True,
) -> list[Path]:
    """Write the requested outputs; returns the paths written, in order.

    With ``save_session`` the report is saved through it after every file is written; a
    HistoryUnavailable it raises (exit code 13) is re-raised naming the files that were written. An
    output that cannot be written is raised only after every other output and the history were
    tried, so one full disk or closed pipe never costs the rest.
    """
    report = analysis.report
    writers: list[tuple[Path | None, Callable[[Path], object]]] = [
        (json_path, lambda path: write_report_json(report, path)),
        (csv_path, lambda path: write_frames_csv(report, path)),
        (html_path, lambda path: _write_html(analysis, path, source_path, max_fps, resize)),
        (
            video_path,
            lambda path: write_annotated_video(
                analysis,
                source_path,
                path,
                max_fps=max_fps,
                resize=resize,
                profile=profile,
                progress=progress,
            ),
        ),
    ]
    written: list[Path] = []
    failures: list[FormcheckError] = []
    for path, write in writers:
        if path is None:
            continue
        # One output that fails (a full disk, a pipe closed) must not cost the others: they may
        # live on another disk. Each writer leaves no partial file; the first failure is raised last.
        try:
            write(path)
        except (OutputWriteFailed, OutputUnwritable) as error:
            failures.append(error)
        else:
            written.append(path)
    if save_session is not None:
        try:
            _save_session(save_session, report, written)
        except HistoryUnavailable as error:
            failures.append(error)
    if failures:
        raise _first_failure(failures, written)
    return written


def _write_html(analysis: Analysis, path: Path, source_path: Path, max_fps, resize) -> None:
    from formcheck.outputs.html_report import write_html_report

    write_html_report(
        analysis.report, path, source_path=source_path, analysis=analysis, max_fps=max_fps, resize=resize
    )


def _first_failure(failures: list[FormcheckError], written: list[Path]) -> FormcheckError:
    """The first failure, its exit code kept, its one line naming what else failed and what was written."""
    first = failures[0]
    extra = [f"also: {error}" for error in failures[1:]]
    if written and not isinstance(first, HistoryUnavailable):  # the history message names them itself
        extra.append(f"written: {', '.join(str(p) for p in written)}")
    if not extra:
        return first
    return type(first)(f"{first}; {'; '.join(extra)}")


def _save_session(save_session: Callable[[Report], object], report: Report, written: list[Path]) -> None:
    try:
        save_session(report)
    except HistoryUnavailable as error:
        kept = f" ({', '.join(str(p) for p in written)} written)" if written else ""
        raise HistoryUnavailable(f"{error}; the session was not saved{kept}") from None
