"""The batch summary (CSV, JSON) and ``index.html``, rebuilt from the per-clip records."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from formcheck.batch.locations import as_clip, clip_name
from formcheck.batch.records import ClipRecord, ClipStatus, clip_folder_name, write_json_atomically
from formcheck.destinations import write_text

SUMMARY_JSON = "summary.json"
SUMMARY_CSV = "summary.csv"
INDEX_HTML = "index.html"
SUMMARY_SCHEMA = "formcheck.batch-summary/1"

CSV_COLUMNS = (
    "clip",
    "status",
    "error",
    "exercise",
    "side",
    "result",
    "mistakes",
    "peak_hip_extension_deg",
    "max_lumbar_arch_deg",
    "lowest_thigh_to_horizontal_deg",
    "thomas_angle_deg",
    "seconds_analysed",
    "frames_with_pose",
    "frames_total",
    "report_json",
    "report_html",
)


def _row(record: ClipRecord, clips_folder: str) -> dict:
    folder = f"{clips_folder}/{clip_folder_name(as_clip(record.key.path))}"
    return {
        "clip": record.key.path,
        "status": record.status.value,
        "error": record.error or "",
        "exercise": record.exercise or "",
        "side": record.side or "",
        "result": record.result or "",
        "mistakes": ";".join(record.mistakes),
        "peak_hip_extension_deg": _round(record.peak_hip_extension_deg),
        "max_lumbar_arch_deg": _round(record.max_lumbar_arch_deg),
        "lowest_thigh_to_horizontal_deg": _round(record.lowest_thigh_to_horizontal_deg),
        "thomas_angle_deg": _round(record.thomas_angle_deg),
        "seconds_analysed": _round(record.seconds_analysed),
        "frames_with_pose": record.frames_with_pose if record.frames_with_pose is not None else "",
        "frames_total": record.frames_total if record.frames_total is not None else "",
        "report_json": f"{folder}/{record.outputs['json']}" if "json" in record.outputs else "",
        "report_html": f"{folder}/{record.outputs['html']}" if "html" in record.outputs else "",
    }


def _round(value: float | None) -> float | str:
    return "" if value is None else round(float(value), 2)


def write_summary(out_dir: Path, records: Sequence[ClipRecord], *, clips_folder: str) -> None:
    rows = [_row(r, clips_folder) for r in records]
    counts = {
        "clips": len(records),
        "ok": sum(r.status is ClipStatus.OK for r in records),
        "failed": sum(r.status is ClipStatus.FAILED for r in records),
    }
    generated = datetime.now(timezone.utc).isoformat(timespec="seconds")
    write_json_atomically(
        {
            "schema": SUMMARY_SCHEMA,
            "generated": generated,
            "counts": counts,
            "clips": [
                {
                    **row,
                    "mistakes": list(r.mistakes),
                    "warnings": list(r.warnings),
                    "error_type": r.error_type,
                }
                for row, r in zip(rows, records, strict=True)
            ],
        },
        out_dir / SUMMARY_JSON,
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text(out_dir / SUMMARY_CSV, buffer.getvalue())
    write_text(out_dir / INDEX_HTML, render_index(rows, counts, generated))


CSS = """
body{font:15px/1.5 -apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;background:#f5f7f9;margin:0}
main{max-width:1440px;margin:0 auto;padding:28px 24px}h1{font-size:24px;margin:0 0 4px}
.meta{color:#616e7c;font-size:14px;margin-bottom:16px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;
 box-shadow:0 1px 3px rgba(0,0,0,.08)}th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e4e7eb;
 vertical-align:top}th{color:#52606d;font-weight:600;background:#fafbfc}td.num{text-align:right;
 font-variant-numeric:tabular-nums}.failed td{background:#fff5f5}.status{font-weight:600}
.ok .status{color:#2e7d32}.failed .status{color:#c62828}a{color:#23395b}.small{font-size:13px;color:#52606d}
th.num{white-space:nowrap;text-align:right}td.result{min-width:260px;font-size:14px}td.clip{min-width:230px}.small{word-break:break-all}
td.files{white-space:nowrap}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _index_row(row: dict) -> str:
    name = clip_name(as_clip(row["clip"]))
    link = row["report_html"] or row["report_json"]
    clip_cell = f'<a href="{_e(link)}">{_e(name)}</a>' if link else _e(name)
    detail = _e(row["error"]) if row["status"] == ClipStatus.FAILED.value else _e(row["result"])
    mistakes = row["mistakes"].replace(";", ", ").replace("_", " ")
    numbers = "".join(
        f'<td class="num">{f"{row[c]:.1f}" if row[c] != "" else "—"}</td>'
        for c in ("peak_hip_extension_deg", "max_lumbar_arch_deg", "thomas_angle_deg", "seconds_analysed")
    )
    files = " · ".join(
        f'<a href="{_e(row[k])}">{label}</a>'
        for k, label in (("report_json", "JSON"), ("report_html", "HTML"))
        if row[k]
    )
    return (
        f'<tr class="{_e(row["status"])}"><td class="clip">{clip_cell}<div class="small">{_e(row["clip"])}</div></td>'
        f'<td class="status">{_e(row["status"])}</td><td>{_e(row["exercise"] or "—")}</td><td>{_e(row["side"] or "—")}</td>'
        f'<td class="result">{detail}</td><td>{_e(mistakes or "none")}</td>{numbers}'
        f'<td class="small files">{files}</td></tr>'
    )


def render_index(rows: Sequence[dict], counts: dict, generated: str) -> str:
    head = (
        "<tr><th>clip</th><th>status</th><th>exercise</th><th>side</th><th>result / reason</th><th>mistakes</th>"
        "<th class=num>peak ext °</th><th class=num>max arch °</th><th class=num>Thomas °</th><th class=num>secs</th>"
        "<th>files</th></tr>"
    )
    body = "".join(_index_row(row) for row in rows)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>formcheck batch</title>'
        f"<style>{CSS}</style></head><body><main><h1>formcheck batch</h1>"
        f'<div class="meta">{counts["clips"]} clips · {counts["ok"]} scored · {counts["failed"]} failed · '
        f"summary made {_e(generated)} · also in {SUMMARY_CSV} and {SUMMARY_JSON}</div>"
        f"<table>{head}{body}</table></main></body></html>"
    )
