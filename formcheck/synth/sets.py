"""Named, seeded sets of clips: ``samples`` (committed in sample_videos/) and ``bench`` (generated)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from formcheck.synth.body_sets import body_space_set
from formcheck.synth.clip import EXERCISE_MISTAKES, ClipResult, ClipSpec, mistake_label, render_clip
from formcheck.synth.labels import AmbiguousClip
from formcheck.types import Exercise, MistakeCode, Side

E, M = Exercise, MistakeCode
L, R = Side.LEFT, Side.RIGHT
PORTRAIT = (360, 640)
SAMPLE_SCALE = 0.5  # ray-cast at half resolution, upscaled: renders the set in minutes on 2 cores

# Every exercise x {correct, each mistake} once; yaws 0/15/30; both sides; the split squat's rear
# (working) leg sometimes on the camera's far side; one portrait clip.
SAMPLE_SET: tuple[ClipSpec, ...] = (
    ClipSpec(E.COUCH_STRETCH, None, L, 0.0, seed=101, render_scale=SAMPLE_SCALE),
    ClipSpec(E.COUCH_STRETCH, M.BACK_ARCH, R, 15.0, seed=102, render_scale=SAMPLE_SCALE),
    ClipSpec(E.COUCH_STRETCH, M.SHALLOW_RANGE, L, 30.0, seed=103, render_scale=SAMPLE_SCALE),
    ClipSpec(E.SPLIT_SQUAT, None, R, 0.0, seed=201, render_scale=SAMPLE_SCALE),
    ClipSpec(E.SPLIT_SQUAT, M.BACK_ARCH, L, 15.0, seed=202, render_scale=SAMPLE_SCALE),
    ClipSpec(E.SPLIT_SQUAT, M.SHALLOW_RANGE, R, 30.0, seed=203, view_side=L, render_scale=SAMPLE_SCALE),
    ClipSpec(E.SPLIT_SQUAT, M.KNEE_PAST_ANKLE, L, 0.0, seed=204, size=PORTRAIT, render_scale=SAMPLE_SCALE),
    ClipSpec(E.SPLIT_SQUAT, M.BOUNCING, R, 15.0, seed=205, render_scale=SAMPLE_SCALE),
    ClipSpec(E.SPLIT_SQUAT, M.SHORT_HOLD, L, 0.0, seed=206, view_side=R, render_scale=SAMPLE_SCALE),
    ClipSpec(E.THOMAS_TEST, None, L, 0.0, seed=301, render_scale=SAMPLE_SCALE),
    ClipSpec(E.THOMAS_TEST, M.SHALLOW_RANGE, R, 15.0, seed=302, render_scale=SAMPLE_SCALE),
    ClipSpec(E.THOMAS_TEST, M.KNEE_NOT_HUGGED, L, 30.0, seed=303, render_scale=SAMPLE_SCALE),
    # The bridge's 8 reps at 15 fps would be a minute of video: 4 reps at 10 fps keep the set small.
    ClipSpec(E.GLUTE_BRIDGE, None, R, 0.0, seed=401, fps=10.0, short=True, render_scale=SAMPLE_SCALE),
    ClipSpec(E.GLUTE_BRIDGE, M.BACK_ARCH, L, 15.0, seed=402, fps=10.0, short=True, render_scale=SAMPLE_SCALE),
    ClipSpec(E.PRONE_HIP_EXTENSION, None, R, 0.0, seed=501, fps=10.0, short=True, render_scale=SAMPLE_SCALE),
    ClipSpec(
        E.PRONE_HIP_EXTENSION, M.BACK_ARCH, L, 15.0, seed=502, fps=10.0, short=True, render_scale=SAMPLE_SCALE
    ),
    # The kneeling stretch at 10 fps too, both half-kneeling: the couch variant's rear foot hides the
    # low back from the side in a third of the frames, and its arch then reads ~10 deg low (README).
    ClipSpec(E.KNEELING_STRETCH, None, R, 0.0, seed=603, fps=10.0, render_scale=SAMPLE_SCALE),
    ClipSpec(E.KNEELING_STRETCH, M.BACK_ARCH, L, 15.0, seed=604, fps=10.0, render_scale=SAMPLE_SCALE),
)

BENCH_YAWS = (0.0, 15.0, 30.0)
BENCH_FPS = 10.0
BENCH_SIZES = ((640, 360), (360, 640))


def bench_set(base_seed: int = 5000) -> list[ClipSpec]:
    """Every exercise x scenario x yaw {0, 15, 30} x side, short choreography, randomised looks."""
    specs = []
    n = 0
    for exercise, mistakes in EXERCISE_MISTAKES.items():
        for mistake in mistakes:
            for yaw in BENCH_YAWS:
                for side in (L, R):
                    n += 1
                    seed = base_seed + n
                    view = None
                    if exercise is E.SPLIT_SQUAT and n % 2 == 0:
                        view = side.other  # rear leg on the camera's far side
                    size = BENCH_SIZES[0] if exercise is not E.SPLIT_SQUAT or n % 3 else BENCH_SIZES[1]
                    signed_yaw = yaw if n % 4 < 2 else -yaw
                    specs.append(
                        ClipSpec(
                            exercise,
                            mistake,
                            side,
                            signed_yaw,
                            seed=seed,
                            render_scale=SAMPLE_SCALE,
                            fps=BENCH_FPS,
                            size=size,
                            view_side=view,
                            short=True,
                        )
                    )
    return specs


SETS = {
    "samples": lambda: list(SAMPLE_SET),
    "bench": bench_set,
    "bodies-fit": lambda: body_space_set("fit"),
    "bodies-bench": lambda: body_space_set("bench"),
}


def _render_one(args: tuple[ClipSpec, Path, bool]) -> ClipResult | str:
    """A rendered clip, or the one-line reason its scenario came out ambiguous (nothing written)."""
    spec, out_dir, video = args
    try:
        result = render_clip(spec, out_dir, video=video)
    except AmbiguousClip as error:
        return f"{spec.name}: {error}"
    result.truth = {k: v for k, v in result.truth.items() if k != "frames"}  # keep the pickle small
    return result


@dataclass
class SetOutcome:
    rendered: list[ClipResult]
    failed: list[str]  # "<clip>: why", in the order of the specs


def render_set(
    specs: Iterable[ClipSpec], out_dir: Path, *, jobs: int | None = None, progress=None, video: bool = True
) -> SetOutcome:
    """Render clips in parallel worker processes; results in the order of ``specs``.

    A clip whose truth would be ambiguous is not written and is listed in ``failed``, so one bad seed
    does not throw away an hour of rendering; the caller must report it.
    """
    specs = list(specs)
    jobs = max(1, jobs or min(len(specs), os.cpu_count() or 1))
    results: dict[int, ClipResult | str] = {}
    if jobs == 1:
        for i, spec in enumerate(specs):
            results[i] = _render_one((spec, out_dir, video))
            if progress is not None:
                progress.update(1)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_render_one, (spec, out_dir, video)): i for i, spec in enumerate(specs)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if progress is not None:
                    progress.update(1)
    ordered = [results[i] for i in range(len(specs))]
    return SetOutcome(
        [r for r in ordered if not isinstance(r, str)], [r for r in ordered if isinstance(r, str)]
    )


def readme_table(results: list[ClipResult]) -> str:
    rows = [
        "| clip | exercise | working side | camera side | yaw | labels | duration |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        t = r.truth
        labels = ", ".join(t["mistakes"]) or "clean"
        if t.get("thomas_result"):
            labels = f"thomas: {t['thomas_result']}" + (
                "" if not t["mistakes"] else f" ({', '.join(t['mistakes'])})"
            )
        rows.append(
            f"| `{r.video_path.name}` | {t['exercise']} | {t['working_side']} | {t['camera_side']} | "
            f"{t['camera']['yaw_deg']:g} | {labels} | {t['duration_s']:.1f} s |"
        )
    return "\n".join(rows)


README_HEAD = """# sample_videos: synthetic exercise clips with exact ground truth

Rendered by formcheck's own mannequin studio (`formcheck.synth`): a ray-cast figure with an
articulated spine, posed by scripted timelines that follow the seed's set-ups and timings. Every
`<clip>.mp4` (H.264, {fps} fps) has a `<clip>.truth.json` (schema `formcheck.synth-truth/1`) beside it
with the exact per-frame angles, 2D joint centres and the clip's labels. Rebuild the whole folder with

    formcheck synth --set samples

(deterministic: the seeds are in `formcheck/synth/sets.py`). Render one clip of your own with e.g.
`formcheck synth --exercise split-squat --mistake bouncing --side right --yaw 15 --out /tmp/clips`.

## Clips

"""

README_TAIL = """

"working side" is the leg being stretched/tested (couch stretch and Thomas test: the leg nearest the
camera; split squat: the rear leg, filmed from its own side or, where "camera side" differs, from the
far side; kneeling stretch: the kneeling leg, nearest the camera; prone hip extension: the lifted leg).
Thomas-test labels are the expected verdict; `knee_not_hugged` + `back_arch` make it invalid. The
bridges', prone and kneeling clips run at 10 fps. The kneeling clips are half-kneeling and start and
end in the stretch (one hold the recording cuts at both ends, so no `short_hold`); the back-arch clip
arches from 6.4 s on while the hips go further forward.

## Truth JSON

Top level: `exercise`, `scenario`, `working_side`, `camera_side`, `camera` (yaw, pitch, distance,
focal length in px, image size), `fps`, `size`, `duration_s`, `mistakes` (clip labels),
`thomas_result` (positive | negative | invalid | null), `mistake_intervals` ([{code, start_s, end_s}]),
`label_rules` (the exact rules below), `events` (exhale_reset, press, relax, lock_in, hold, rep, sit,
hug, lie_back ... with start/end times), `holds`, `trunk_thigh_offset_deg`, and `frames`: one record per
frame with `t`, `phase`, `hip_extension_deg`, `lumbar_arch_deg`, `knee_flexion_deg` (working leg),
`other_knee_flexion_deg`, `thigh_to_horizontal_deg`, `thigh_inclination_deg`, `trunk_thigh_deg`,
`other_hip_flexion_deg`, `other_thigh_to_horizontal_deg`, `other_shin_inclination_deg`, `hip_height_m`,
`joints_px` (BlazePose landmark names in lower case: nose, eyes, ears, mouth, shoulders, elbows, wrists,
hips, knees, ankles, heels, foot_index) and `arm_edge_shift_px`: how far the arms push the
silhouette's back edge outwards between the shoulder blades and the buttock (0 = the back forms its
own edge; >= 1 = an arm's outline is the edge there, so the lumbar curve is not in the image).

## Definitions (sagittal plane, degrees)

- hip extension: working thigh against the pelvis's own axis, 0 = neutral standing, + = extension.
- lumbar arch: lumbar extension beyond the body's neutral spine, 0 = neutral, - = flexed.
- knee flexion: 0 = straight. thigh-to-horizontal: + = knee above hip. thigh inclination: thigh from
  straight down, + = knee behind the hip. shin inclination: + = ankle behind the knee.
- trunk-thigh: angle between the true hip->shoulder joint line and the hip->knee line, + = thigh behind
  the trunk line. Exactly `trunk_thigh = hip_extension + chord_lean`, where the hip->shoulder chord's lean
  is `trunk_thigh_offset_deg` (arch 0) plus the part the arch adds (about 0.5-0.9 x arch).
- 2D joints are the true joint centres (the hip is the hip-joint centre, not where BlazePose puts it).

## Label rules

{rules}

## BlazePose detection

Measure with `formcheck synth --check sample_videos` (BlazePose full over every frame; error = median
distance of shoulders, hips, knees and ankles to the true joint centres in torso lengths, legs scored
whichever way round fits; "legs swapped" = frames where BlazePose exchanged left and right legs).
"""


MEASURED_MARKER = "Measured on this set:"


def write_samples_readme(results: list[ClipResult], folder: Path, *, keep_measured: bool = False) -> Path:
    """The samples' README from the template. ``keep_measured`` keeps the BlazePose detection table
    pasted under ``MEASURED_MARKER`` (from `formcheck synth --check`): right when only the truth was
    rewritten, stale once the clips themselves are rendered again."""
    from formcheck.synth.labels import LABEL_RULES

    rates = sorted({r.truth["fps"] for r in results} or {15}, reverse=True)  # the bridges run at 10 fps
    rules = "\n".join(f"- `{name}`: {rule}" for name, rule in LABEL_RULES.items())
    head = README_HEAD.replace("{fps}", "/".join(f"{fps:g}" for fps in rates))
    text = head + readme_table(results) + README_TAIL.replace("{rules}", rules)
    path = folder / "README.md"
    old = path.read_text() if keep_measured and path.exists() else ""
    if MEASURED_MARKER in old:
        text = text.rstrip("\n") + "\n" + old[old.index(MEASURED_MARKER) :]
    path.write_text(text)
    return path


__all__ = [
    "SAMPLE_SET",
    "SETS",
    "bench_set",
    "mistake_label",
    "readme_table",
    "render_set",
    "write_samples_readme",
]
