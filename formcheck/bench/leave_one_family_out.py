"""Leave-one-family-out: the arch model refitted without each body family, scored on that family.

A method that only works on the bodies it was fitted on shows here: for every family F the arch
model's constants are refitted (``arch_fit.fit_arch_model``) on the samples of all other families,
and F's clips are estimated with them (``lumbar.estimate_clip_arch``, the analyser's own path).
Reported per family: arch MAE (truth's arch clipped at 0, as the tool reports flattening as 0) over
frames both measured, the share of frames measured, which neutral the readings used, and the same
figures with the model fitted on every family (in-sample) beside them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from formcheck.kinematics.arch_fit import ArchSample, by_clip, fit_arch_model
from formcheck.kinematics.arch_model import ArchModel
from formcheck.kinematics.lumbar import estimate_clip_arch
from formcheck.types import BackContour


@dataclass(frozen=True, slots=True)
class FamilyScore:
    family: str
    clips: int
    frames: int
    measured: int
    mae_deg: float | None
    neutral_sources: dict[str, int]


def score_family(samples: Sequence[ArchSample], model: ArchModel, family: str) -> FamilyScore:
    """Arch MAE of ``model`` on one family's clips, through the analyser's estimator."""
    errors: list[float] = []
    frames = 0
    sources: Counter[str] = Counter()
    clips = by_clip(s for s in samples if s.family == family)
    for frames_of_clip in clips.values():
        backs = [None if s.dip is None else BackContour(s.dip, s.confidence) for s in frames_of_clip]
        arches = estimate_clip_arch(
            backs,
            [s.t for s in frames_of_clip],
            [s.trunk_inclination_deg for s in frames_of_clip],
            model=model,
        )
        for s, arch in zip(frames_of_clip, arches, strict=True):
            if s.true_arch_deg is None:
                continue
            frames += 1
            if arch.arch_deg is not None:
                errors.append(abs(arch.arch_deg - max(0.0, s.true_arch_deg)))
                sources[arch.neutral or "none"] += 1
    mae = sum(errors) / len(errors) if errors else None
    return FamilyScore(family, len(clips), frames, len(errors), mae, dict(sources))


def leave_one_family_out(samples: Sequence[ArchSample]) -> list[tuple[FamilyScore, FamilyScore]]:
    """Per family: (score with the model refitted without it, score with the model fitted on all)."""
    families = sorted({s.family for s in samples})
    if len(families) < 2:
        return []
    everything = fit_arch_model(samples)
    rows = []
    for family in families:
        without = fit_arch_model([s for s in samples if s.family != family])
        rows.append((score_family(samples, without, family), score_family(samples, everything, family)))
    return rows


def lofo_table(rows: Sequence[tuple[FamilyScore, FamilyScore]]) -> str:
    """The printed table (one line per family)."""
    if not rows:
        return "leave-one-family-out: the clips name fewer than two body families"

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}°"

    lines = [
        "lumbar arch, leave-one-family-out (constants refitted without the family, then scored on it)",
        f"{'family':24} {'clips':>5} {'frames':>7} {'measured':>8} {'MAE held out':>12} {'MAE in-sample':>13}  neutral used",
    ]
    for held, inside in rows:
        share = held.measured / held.frames if held.frames else 0.0
        used = ", ".join(f"{k} {v}" for k, v in sorted(held.neutral_sources.items()))
        lines.append(
            f"{held.family:24} {held.clips:>5} {held.frames:>7} {share:>8.0%} {fmt(held.mae_deg):>12} "
            f"{fmt(inside.mae_deg):>13}  {used}"
        )
    return "\n".join(lines)


def lofo_summary(samples: Sequence[ArchSample]) -> list[dict]:
    """The rows as plain JSON types ([] when the clips name fewer than two families)."""
    if len({s.family for s in samples}) < 2:
        return []
    return [
        {"held_out": dataclasses.asdict(held), "in_sample": dataclasses.asdict(inside)}
        for held, inside in leave_one_family_out(samples)
    ]


def lofo_table_from_summary(rows: Sequence[dict]) -> str:
    """``lofo_table`` of the JSON rows ``lofo_summary`` made."""
    return lofo_table([(FamilyScore(**r["held_out"]), FamilyScore(**r["in_sample"])) for r in rows])
