"""One self-contained HTML page per analysed clip: what a person or a clinician actually reads.

Everything is inside the file (inline CSS, images as base64 PNG, no script, no link to the network):
the verdict in plain words, the per-side results, the curves over time with mistake bands and
targets, the key frames with the skeleton, the cues to work on (the seed's words) and the numbers.
"""

from __future__ import annotations

import base64
import html
import math
from datetime import datetime, timezone
from pathlib import Path

from formcheck.destinations import refuse_stdout, write_text
from formcheck.exercises.registry import spec_for
from formcheck.exercises.spec import Reporting
from formcheck.exercises.stats import ARCH_JUDGED_MIN_SHARE
from formcheck.outputs.key_frames import KeyFrame, render_key_frames
from formcheck.outputs.key_metrics import KeyMetrics, key_metrics
from formcheck.outputs.plots import MISTAKE_COLOURS, angle_curves_png
from formcheck.outputs.range_text import range_phrases
from formcheck.sources.spill import FrameOpener
from formcheck.types import Mistake, MistakeCode, Report

MISTAKE_TITLES = {
    MistakeCode.BACK_ARCH: "The low back arched instead of the hip extending",
    MistakeCode.SHALLOW_RANGE: "Stopped short of the range",
    MistakeCode.KNEE_PAST_ANKLE: "Front knee far ahead of the ankle",
    MistakeCode.BOUNCING: "Bouncing during the hold",
    MistakeCode.SHORT_HOLD: "Hold shorter than 20 seconds",
    MistakeCode.KNEE_NOT_HUGGED: "Knee not hugged tight to the chest",
}
SIDE_NAMES = ("left", "right")

CSS = """
body{font:16px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2933;
 background:#f5f7f9;margin:0}
main{max-width:980px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;color:#23395b}
.meta{color:#616e7c;font-size:14px}
.card{background:#fff;border-radius:10px;padding:18px 22px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:12px 0}
.verdict{border-left:6px solid #7b8794;font-size:19px}
.verdict.good{border-color:#2e7d32}.verdict.attention{border-color:#d97706}.verdict.neutral{border-color:#7b8794}
table{border-collapse:collapse;width:100%;font-size:15px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e4e7eb}th{color:#52606d;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}td:first-child{width:38%}
.cue{border-left:5px solid #d97706;padding:10px 16px;margin:10px 0;background:#fff;border-radius:6px}
.cue .when{color:#616e7c;font-size:14px}.cue q{font-style:italic;display:block;margin-top:4px}
.frames{display:flex;flex-wrap:wrap;gap:16px}.frames figure{margin:0;flex:1 1 300px}
figure img{width:100%;border-radius:8px;display:block}figcaption{color:#52606d;font-size:14px;margin-top:4px}
img.curves{width:100%}.warn{color:#9a3412}.muted{color:#7b8794}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _img(png: bytes, alt: str, css_class: str = "") -> str:
    data = base64.b64encode(png).decode("ascii")
    cls = f' class="{css_class}"' if css_class else ""
    return f'<img{cls} alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _num(value: object, unit: str = "°", signed: bool = False) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "—" if value is None else _e(value)
    if isinstance(value, int):
        return f"{value:+d}{unit}" if signed else f"{value:d}{unit}"
    return f"{value:+.1f}{unit}" if signed else f"{value:.1f}{unit}"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60.0)
    return f"{int(minutes)}:{rest:04.1f}"


def _verdict_tone(report: Report, metrics: KeyMetrics) -> str:
    if report.exercise is None:
        return "neutral"
    reporting = spec_for(report.exercise).reporting
    if report.mistakes or (reporting.test and metrics.test_result in reporting.test.attention_results):
        return "attention"
    if reporting.judges_back and _back_unjudged(report):
        return "neutral"  # no mistake found, but the back, the main thing to watch, went unseen
    return "good"


def _back_unjudged(report: Report) -> bool:
    """The back arch was measured in under half of the frames in position (only asked of exercises
    that judge the back: a test whose hug hides the back checks the hug instead)."""
    share = report.summary.get("arch_measured_fraction")
    return share is not None and share < ARCH_JUDGED_MIN_SHARE


def _verdict_text(report: Report, metrics: KeyMetrics) -> str:
    if metrics.verdict:
        return metrics.verdict
    if report.exercise is None:
        return "No exercise was chosen: the angles are shown without a verdict."
    if not report.mistakes:
        return "Done right: no mistake was seen in this clip."
    codes = ", ".join(MISTAKE_TITLES.get(m.code, m.code.value).lower() for m in report.mistakes[:3])
    return f"Work to do: {codes}."


def _header(report: Report, source_path: Path | None) -> str:
    exercise = spec_for(report.exercise).reporting.title if report.exercise else "Angles only"
    side = f"{report.side.value} side" if report.side else "side unknown"
    name = Path(report.source).name or report.source
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    extent = (
        "a photo: one moment judged"
        if report.is_still
        else f"{report.duration_s:.1f} s analysed · "
        f"person seen in {report.frames_with_pose} of {report.frames_total} frames"
    )
    return (
        f"<h1>{_e(exercise)} — {_e(side)}</h1>"
        f'<div class="meta">{_e(name)} · {extent} · report made {generated}</div>'
    )


def _side_tables(summary: dict) -> str:
    """Summary entries that hold one value per side (a dict keyed left/right) as one table."""
    nested = next((summary[k] for k in ("per_side", "sides") if isinstance(summary.get(k), dict)), summary)
    per_side = {s: nested[s] for s in SIDE_NAMES if isinstance(nested.get(s), dict)}
    if not per_side:
        return ""
    keys = sorted(
        {k for values in per_side.values() for k in values if not isinstance(values[k], (dict, list))}
    )
    head = "".join(f"<th>{_e(s)}</th>" for s in per_side)
    rows = "".join(
        f"<tr><td>{_e(_pretty(k))}</td>"
        + "".join(f'<td class="num">{_value(per_side[s].get(k), k)}</td>' for s in per_side)
        + "</tr>"
        for k in keys
    )
    return f'<h2>Per side</h2><div class="card"><table><tr><th></th>{head}</tr>{rows}</table></div>'


def _pretty(key: str) -> str:
    for suffix, unit in (("_deg", " (°)"), ("_s", " (s)")):
        if key.endswith(suffix):
            return key[: -len(suffix)].replace("_", " ").capitalize() + unit
    return key.replace("_", " ").capitalize()


def _value(value: object, key: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _num(value, unit="", signed=key.endswith("_deg") and value < 0)
    if isinstance(value, (list, tuple)):
        return _e(", ".join(str(_value(v, key)) for v in value)) if value else "—"
    return "—" if value is None else _e(getattr(value, "value", value))


def _cues(report: Report) -> str:
    if not report.mistakes:
        test = spec_for(report.exercise).reporting.test if report.exercise else None
        text = (
            test.done_right
            if test
            else f"Nothing to correct in this {'photo' if report.is_still else 'clip'}. Keep going."
        )
        return f'<h2>Cues to work on</h2><div class="card">{text}</div>'
    items = []
    for mistake in sorted(report.mistakes, key=lambda m: m.start_s):
        items.append(_cue(mistake, still=report.is_still))
    return "<h2>Cues to work on</h2>" + "".join(items)


def _cue(mistake: Mistake, *, still: bool = False) -> str:
    colour = MISTAKE_COLOURS.get(mistake.code, "#d97706")
    side = f" · {mistake.side.value} side" if mistake.side else ""
    peak = (
        f" · {'value' if still else 'worst'} {_num(mistake.peak, unit='')}"
        if mistake.peak is not None
        else ""
    )
    when = (
        "in the photo"
        if still
        else f"{_clock(mistake.start_s)} – {_clock(mistake.end_s)} ({mistake.end_s - mistake.start_s:.1f} s)"
    )
    return (
        f'<div class="cue" style="border-color:{colour}"><strong>{_e(MISTAKE_TITLES.get(mistake.code, mistake.code.value))}'
        f'</strong><div class="when">{when}{_e(side)}{_e(peak)} · code {_e(mistake.code.value)}</div>'
        f"<q>{_e(mistake.message)}</q></div>"
    )


def _key_frames_section(key_frames: list[KeyFrame], missing_reason: str | None) -> str:
    body = "".join(
        f"<figure>{_img(k.png, k.choice.title)}<figcaption><strong>{_e(k.choice.title)}</strong>: "
        f"{_e(k.choice.caption)}</figcaption></figure>"
        for k in key_frames
    )
    note = f'<p class="muted">{_e(missing_reason)}</p>' if missing_reason else ""
    return f'<h2>Key frames</h2><div class="frames">{body}</div>{note}'


def _numbers(report: Report, metrics: KeyMetrics) -> str:
    reporting = spec_for(report.exercise).reporting if report.exercise else None
    rows = _still_rows(report.summary) if report.is_still else _clip_rows(metrics, reporting)
    test = reporting.test if reporting else None
    if test:
        rows.append((test.angle_label, _num(metrics.test_angle_deg, signed=True)))
        rows.append((f"{test.label} result", _e(metrics.test_result or "—")))
    if isinstance(report.summary.get("range"), dict):  # what shallow_range was judged on
        judged, beside = range_phrases(report.summary["range"])
        rows.append(("Range", _e(judged)))
        rows.append(("Landmark proxy", _e(beside)))
    if metrics.hold_times_s:
        rows.append(("Holds", _e(", ".join(f"{h:.1f} s" for h in metrics.hold_times_s))))
    for key, value in sorted(report.summary.items()):
        if key in ("verdict", "sides", *SIDE_NAMES) or isinstance(value, dict) or _has_dicts(value):
            continue
        rows.append((_pretty(key), _value(value, key)))
    body = "".join(f'<tr><td>{_e(name)}</td><td class="num">{value}</td></tr>' for name, value in rows)
    return f'<h2>The numbers</h2><div class="card"><table>{body}</table></div>'


def _still_rows(summary: dict) -> list[tuple[str, str]]:
    """A photo's angles at its moment, and its arch as the range a neutral back's spread allows."""
    angles = summary.get("angles") or {}
    rows = [(_pretty(key), _num(value, signed=True)) for key, value in angles.items()]
    back = summary.get("back_arch")
    if back and None not in back["range_deg"]:
        low, high = back["range_deg"]
        rows.append(("Lumbar arch (range over neutral backs)", f"{low:.0f}–{high:.0f}°"))
    return rows


def _clip_rows(metrics: KeyMetrics, reporting: Reporting | None) -> list[tuple[str, str]]:
    rows = [
        (
            "Peak hip extension",
            _num(metrics.peak_hip_extension_deg, signed=True)
            + (
                f" at {metrics.peak_hip_extension_t_s:.1f} s"
                if metrics.peak_hip_extension_t_s is not None
                else ""
            ),
        ),
        (
            "Worst lumbar arch",
            _num(metrics.max_lumbar_arch_deg)
            + (f" at {metrics.max_lumbar_arch_t_s:.1f} s" if metrics.max_lumbar_arch_t_s is not None else ""),
        ),
    ]
    # The thigh's angle to horizontal is a figure of the exercises whose targets are drawn on it (the
    # couch stretch's hanging thigh, the Thomas test's floating one). For a split squat, a bridge or a
    # kneeling stretch the lowest thigh is just the leg standing or resting (-90 deg): no number to track.
    if reporting is None or reporting.thigh_targets:
        rows.append(("Lowest thigh to horizontal", _num(metrics.lowest_thigh_to_horizontal_deg, signed=True)))
    return rows


def _over_time(report: Report) -> str:
    curves = _img(angle_curves_png(report), "hip extension, thigh and lumbar arch over time", "curves")
    return (
        '<h2>Over time</h2><div class="card">' + curves + '<p class="muted">Shaded bands: where a mistake '
        "was seen. Dashed lines: the targets the rules use.</p></div>"
    )


def _has_dicts(value: object) -> bool:
    return isinstance(value, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in value)


def _warnings(report: Report) -> str:
    if not report.warnings:
        return ""
    items = "".join(f"<li>{_e(w)}</li>" for w in report.warnings)
    return f'<div class="card warn"><strong>Please note</strong><ul>{items}</ul></div>'


def render_html_report(
    report: Report,
    *,
    source_path: Path | None = None,
    analysis=None,
    frames: FrameOpener | None = None,
) -> str:
    """The report as one HTML string (see ``write_html_report``)."""
    metrics = key_metrics(report)
    if source_path is None and report.source and Path(report.source).is_file():
        source_path = Path(report.source)
    key_frames, missing = render_key_frames(report, source_path, analysis=analysis, frames=frames)
    sections = [
        _header(report, source_path),
        f'<div class="card verdict {_verdict_tone(report, metrics)}">{_e(_verdict_text(report, metrics))}</div>',
        _warnings(report),
        _side_tables(report.summary or {}),
        _cues(report),
        "" if report.is_still else _over_time(report),  # one moment has no curve
        _key_frames_section(key_frames, missing),
        _numbers(report, metrics),
    ]
    title = f"formcheck — {Path(report.source).name}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>"
        + "".join(sections)
        + "</main></body></html>"
    )


def write_html_report(
    report: Report,
    path: Path | str,
    *,
    source_path: Path | None = None,
    analysis=None,
    frames: FrameOpener | None = None,
) -> Path:
    """Write the self-contained HTML report (a file atomically, a device in place); return its path.

    ``source_path`` is the clip (default: ``report.source`` when it exists). The key frames' pictures
    come from ``frames`` (the frames kept while the clip was analysed), else from the clip read again
    (at the analysed size when ``analysis`` is given). Pass the pipeline's ``analysis`` to draw
    the tracked skeleton and angles; without it the key frames' poses are estimated again.
    """
    refuse_stdout(path)  # before the rendering, which reads the clip's pictures
    text = render_html_report(report, source_path=source_path, analysis=analysis, frames=frames)
    return write_text(path, text)
