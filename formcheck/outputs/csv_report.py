"""One CSV row per analysed frame: the report's ``frames`` as a table for spreadsheets and pandas.

Header = the ``FrameRecord`` field names (``t, pose, hip_extension_deg, ...``) in the JSON report's
order; numbers rounded as in the JSON report; an empty cell where a value is not measurable, so
``pandas.read_csv`` gives NaN there. ``pose`` is written ``true``/``false`` like the JSON report.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from formcheck.destinations import write_text
from formcheck.outputs.json_report import frame_to_dict
from formcheck.types import FrameRecord, Report

FRAME_COLUMNS = tuple(field.name for field in dataclasses.fields(FrameRecord))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def frames_to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FRAME_COLUMNS)
    for frame in report.frames:
        row = frame_to_dict(frame)
        writer.writerow([_cell(row[column]) for column in FRAME_COLUMNS])
    return buffer.getvalue()


def write_frames_csv(report: Report, path: str | Path) -> Path:
    """Write one row per frame: a file atomically (complete or absent), ``-`` to standard output."""
    return write_text(path, frames_to_csv(report), newline="", stdout_ok=True)
