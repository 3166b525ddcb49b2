"""Why an arched back went unflagged: one line per studio clip whose truth is arched.

`formcheck bench accuracy` counts `back_arch` hits and misses; this says, for every clip the truth
calls arched (``lumbar_arch_deg`` >= ``ARCHED_DEG``), what the estimator saw in its arched frames,
so a recall figure can be traced to its cause instead of guessed at:

- which neutral the readings used there (``clip``: a neutral moment found in the recording;
  ``population``: none found, other bodies' typical neutral);
- the median reading against the median truth (the gain of that body against the fitted one);
- the median value the back-arch rule judges (``lumbar.arch_to_flag``: the reading less the
  uncertainty of not knowing this body), against the rules' on-threshold;
- whether the clip has any neutral frame at all (a clip arched from its first frame cannot show one).

The per-frame readings come from ``lumbar.estimate_clip_arch`` on the clip's arch samples (the
analyser's own estimator and constants), the clip's verdict from its ``ClipScore``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from formcheck.kinematics.arch_fit import ArchSample, by_clip
from formcheck.kinematics.arch_model import ARCH_MODEL, ArchModel
from formcheck.kinematics.lumbar import arch_to_flag, estimate_clip_arch
from formcheck.types import BackContour

BACK_ARCH = "back_arch"
ARCHED_DEG = 15.0  # the studio's label rule: back_arch when lumbar_arch_deg >= 15 for >= 1 s
NEUTRAL_DEG = 3.0  # a frame the truth calls neutral (as the arch fit does)

CAUSES = {
    "found": "flagged",
    "no_neutral_frame": "arched from the first frame: no neutral moment exists, read against the population",
    "neutral_not_found": "a neutral moment exists but was not found: read against the population",
    "arched_taken_as_neutral": "arched from the first frame, yet a neutral was 'found' in the clip: an arched hold "
    "taken as neutral",
    "under_gate": "read against a neutral found in the clip, but the reading less its uncertainty stays under the "
    "threshold (the reading column against the true one: this body's dip rises less per degree than the fitted gain)",
    "not_measured": "the back was not measured in the arched frames",
}


@dataclass(frozen=True, slots=True)
class ArchedClip:
    clip: str
    family: str
    exercise: str
    yaw_deg: float
    flagged: bool
    true_arch_deg: float  # median over the arched frames
    reading_deg: float | None  # median reading over the same frames
    flag_value_deg: float | None  # median of what the rule judges over the same frames
    neutral: str | None  # the neutral most of those readings used
    neutral_frames: int  # frames the truth calls neutral anywhere in the clip
    cause: str  # a key of CAUSES


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def arched_clips(
    samples: Sequence[ArchSample], clips: Iterable[dict], model: ArchModel = ARCH_MODEL
) -> list[ArchedClip]:
    """One row per clip whose truth is arched (``clips``: the accuracy summary's per-clip dicts)."""
    scores = {c["clip"]: c for c in clips}
    rows = []
    for (family, name), frames in sorted(by_clip(samples).items()):
        score = scores.get(name)
        if score is None or BACK_ARCH not in score["truth_mistakes"]:
            continue
        backs = [None if s.dip is None else BackContour(s.dip, s.confidence) for s in frames]
        arches = estimate_clip_arch(
            backs, [s.t for s in frames], [s.trunk_inclination_deg for s in frames], model=model
        )
        arched = [
            (s, a) for s, a in zip(frames, arches, strict=True) if (s.true_arch_deg or 0.0) >= ARCHED_DEG
        ]
        read = [(s, a) for s, a in arched if a.arch_deg is not None]
        neutral_frames = sum(
            1 for s in frames if s.true_arch_deg is not None and abs(s.true_arch_deg) <= NEUTRAL_DEG
        )
        neutral = Counter(a.neutral for _, a in read).most_common(1)[0][0] if read else None
        flagged = BACK_ARCH in score["found_mistakes"]
        rows.append(
            ArchedClip(
                clip=name,
                family=family,
                exercise=score["exercise"],
                yaw_deg=score["yaw_deg"],
                flagged=flagged,
                true_arch_deg=_median([s.true_arch_deg for s, _ in arched]) or 0.0,
                reading_deg=_median([a.arch_deg for _, a in read]),
                flag_value_deg=_median([arch_to_flag(a) for _, a in read]),
                neutral=neutral,
                neutral_frames=neutral_frames,
                cause=_cause(flagged, neutral, neutral_frames),
            )
        )
    return rows


def _cause(flagged: bool, neutral: str | None, neutral_frames: int) -> str:
    if flagged:
        return "found"
    if neutral is None:
        return "not_measured"
    if neutral == "population":
        return "no_neutral_frame" if neutral_frames == 0 else "neutral_not_found"
    return "under_gate" if neutral_frames else "arched_taken_as_neutral"


def arched_summary(samples: Sequence[ArchSample], clips: Iterable[dict]) -> list[dict]:
    """The rows as plain JSON types."""
    return [asdict(row) for row in arched_clips(samples, clips)]


def arched_table(rows: Sequence[dict], max_yaw_deg: float = 15.0) -> str:
    """The printed table: arched clips at |yaw| <= ``max_yaw_deg``, then the count per cause."""
    shown = [r for r in rows if abs(r["yaw_deg"]) <= max_yaw_deg]
    if not shown:
        return f"back_arch on arched clips: no clip with an arched back at 0-{max_yaw_deg:g} deg yaw"

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    lines = [
        f"back_arch on the clips whose back is arched, 0-{max_yaw_deg:g} deg yaw (medians over the arched "
        "frames; 'judged' = the reading less its uncertainty, what the rules flag from 14)",
        f"{'clip':58} {'true':>5} {'read':>5} {'judged':>6} {'neutral':>10} {'neutral frames':>14}  cause",
    ]
    for r in shown:
        lines.append(
            f"{r['clip'][:58]:58} {fmt(r['true_arch_deg']):>5} {fmt(r['reading_deg']):>5} "
            f"{fmt(r['flag_value_deg']):>6} {r['neutral'] or '-':>10} {r['neutral_frames']:>14}  {r['cause']}"
        )
    counts = Counter(r["cause"] for r in shown)
    lines.append("")
    for cause, text in CAUSES.items():
        if counts[cause]:
            lines.append(f"  {counts[cause]:>3}  {text}")
    return "\n".join(lines)
