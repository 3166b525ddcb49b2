"""The one writer of every surface (analyze, live, batch): what is written and what a failure costs.

A surface describes what it wants in an ``OutputRequest`` (a destination per format, which formats
are optional, its own extra files, how a session is saved, where the clip's pictures come from) and
hands it to ``write_outputs`` with the finished report. One policy then holds everywhere:

- Order: the cheap, machine-readable files first (JSON, CSV), then the HTML page and the annotated
  video, then the surface's own files, then the history (``save_session``) last: a session not saved
  must not cost the files, and a failure in a heavier output never loses what was already written.
- A required output that cannot be written (``OutputWriteFailed``: a full disk, a closed pipe;
  ``OutputUnwritable``) costs no other output: every other one is still tried, then the first
  failure is raised with its own exit code, naming what else failed and what was written.
- An optional output (a view of the result, such as batch's HTML page) that fails for any reason
  becomes a problem line in the result; only a full disk (``OutputWriteFailed``) counts as a failure
  there too, since the next output would meet the same disk.
- Each format's writer leaves no partial file (``formcheck.destinations``), so a failure or a Ctrl-C
  leaves complete files or none.

The caller hands in how to save a session, so this module writes files without knowing the
history's storage.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.analysis import Analysis
from formcheck.errors import FormcheckError, HistoryUnavailable, OutputUnwritable, OutputWriteFailed
from formcheck.exercises.profile import Profile
from formcheck.types import Report

if TYPE_CHECKING:  # a type only: the spill module loads OpenCV, which a JSON-only run never needs
    from formcheck.sources.spill import FrameOpener

# How a format is named in a problem line.
TITLES = {
    "json": "the JSON report",
    "csv": "the CSV",
    "html": "the HTML report",
    "video": "the annotated video",
}


@dataclass(frozen=True, slots=True)
class ExtraOutput:
    """A file only one surface writes (live's snapshot, batch's sessions file)."""

    kind: str
    path: Path
    write: Callable[[Path], object]
    title: str


@dataclass(frozen=True, slots=True)
class OutputRequest:
    """What to write from one finished report; a format left ``None`` is not written."""

    json: Path | None = None
    csv: Path | None = None
    html: Path | None = None
    video: Path | None = None
    extras: tuple[ExtraOutput, ...] = ()
    optional: frozenset[str] = frozenset()  # kinds whose failure is a problem line, not an error
    save_session: Callable[[Report], object] | None = None
    frames: FrameOpener | None = None  # the clip's pictures, for the annotated video and key frames
    source_path: Path | None = None  # the clip, named in the HTML page
    profile: Profile | None = None  # the thresholds the annotated video's gauges show
    progress: bool = False
    failed_before: tuple[FormcheckError, ...] = ()  # outputs that failed earlier (live's recording)


@dataclass(slots=True)
class Written:
    """What ``write_outputs`` wrote (kind -> path, in the order written) and the optional outputs'
    problems (one line each)."""

    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def write_outputs(report: Report, request: OutputRequest, *, analysis: Analysis | None = None) -> Written:
    """Write every requested output, then save the session; raise the first failure last.

    ``analysis`` (the report with its track and angles) is needed for the annotated video and lets
    the HTML key frames show the tracked skeleton. A HistoryUnavailable from ``save_session`` (exit
    code 13) names the files that were written.
    """
    written = Written()
    failures: list[FormcheckError] = list(request.failed_before)
    for kind, path, write, title in _planned(report, request, analysis):
        try:
            write(path)
        except OutputWriteFailed as error:  # a full disk is every output's problem
            failures.append(error)
        except OutputUnwritable as error:
            if kind in request.optional:
                written.problems.append(f"{title} could not be written: {error}")
            else:
                failures.append(error)
        except Exception as error:
            if kind not in request.optional:
                raise  # a bug: it keeps its traceback
            detail = traceback.format_exception_only(type(error), error)[-1].strip()
            written.problems.append(f"{title} could not be written: {detail}")
        else:
            written.paths[kind] = path
    if request.save_session is not None:
        try:
            _save_session(request.save_session, report, list(written.paths.values()))
        except HistoryUnavailable as error:
            failures.append(error)
    if failures:
        raise _first_failure(failures, list(written.paths.values()))
    return written


def _planned(report: Report, request: OutputRequest, analysis: Analysis | None):
    """(kind, path, write(path), title) of each requested output, in the order they are written."""
    # Each format's module is imported when its output is written (the HTML page's plotting is slow
    # to import, and live and batch rarely need it), and looked up when called, so that a format's
    # writer is replaceable in one place.

    def write_json(path: Path) -> None:
        from formcheck.outputs import json_report

        json_report.write_report_json(report, path)

    def write_csv(path: Path) -> None:
        from formcheck.outputs import csv_report

        csv_report.write_frames_csv(report, path)

    def write_html(path: Path) -> None:
        from formcheck.outputs import html_report

        html_report.write_html_report(
            report, path, source_path=request.source_path, analysis=analysis, frames=request.frames
        )

    def write_video(path: Path) -> None:
        from formcheck.outputs import annotated_video

        if analysis is None or request.frames is None:
            raise ValueError("the annotated video needs the analysis and the clip's pictures")
        annotated_video.write_annotated_video(
            analysis, request.frames, path, profile=request.profile, progress=request.progress
        )

    planned = [
        ("json", request.json, write_json),
        ("csv", request.csv, write_csv),
        ("html", request.html, write_html),
        ("video", request.video, write_video),
    ]
    for kind, path, write in planned:
        if path is not None:
            yield kind, path, write, TITLES[kind]
    for extra in request.extras:
        yield extra.kind, extra.path, extra.write, extra.title


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
