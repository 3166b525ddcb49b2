"""`formcheck synth`: render synthetic exercise clips with exact ground truth (one clip or a named set)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import NumberRange, check_output_folder, number_parser
from formcheck.cli.choices import EXERCISE_NAMES, parse_name
from formcheck.cli.errors import user_errors
from formcheck.errors import InvalidOption, UnknownName

MISTAKE_NAMES = (
    "none",
    "back_arch",
    "shallow_range",
    "knee_past_ankle",
    "bouncing",
    "short_hold",
    "knee_not_hugged",
    "positive",
    "negative",
    "invalid",
)
SYNTH_SIDE_NAMES = ("left", "right")
SET_NAMES = ("samples", "bench", "bodies-fit", "bodies-bench")
MAX_YAW_DEG = 30.0
YAW_DEG = NumberRange(minimum=-MAX_YAW_DEG, maximum=MAX_YAW_DEG)
SIZE_SIDE_PX = (64, 4096)

REPO_ROOT = Path(__file__).resolve().parents[2]


def _default_set_dir(name: str) -> Path:
    if name == "samples":
        return REPO_ROOT / "sample_videos"
    import platformdirs

    folder = "synth-bench" if name == "bench" else f"synth-{name}"
    return platformdirs.user_cache_path("formcheck", appauthor=False) / folder


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise InvalidOption(f"bad --size {text!r}: use WIDTHxHEIGHT, e.g. 640x360") from None
    low, high = SIZE_SIDE_PX
    if not (low <= w <= high and low <= h <= high):
        raise InvalidOption(f"bad --size {text!r}: each side must be {low}..{high} px")
    return w, h


def command(
    exercise: Annotated[
        str | None, typer.Option(help=f"Exercise to render (one clip): {', '.join(EXERCISE_NAMES)}.")
    ] = None,
    mistake: Annotated[
        str,
        typer.Option(
            help=f"Mistake to show ({', '.join(MISTAKE_NAMES)}); Thomas test: negative (=none), positive, invalid."
        ),
    ] = "none",
    side: Annotated[
        str, typer.Option(help="Working side, left or right (couch/Thomas: the camera-near leg).")
    ] = "left",
    yaw: Annotated[
        float,
        typer.Option(
            metavar="DEG",
            parser=number_parser("--yaw", YAW_DEG),
            help="Camera yaw around the body in degrees, 0 = pure side view, -30..30.",
        ),
    ] = 0.0,
    seed: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=number_parser("--seed", NumberRange(minimum=0, whole=True)),
            help="Seed for body, clothes, room, camera and timing variety.",
        ),
    ] = 0,
    fps: Annotated[
        float,
        typer.Option(
            metavar="FPS",
            parser=number_parser("--fps", NumberRange(minimum=0, maximum=240, above_minimum=True)),
            help="Frames per second (> 0, at most 240).",
        ),
    ] = 15.0,
    size: Annotated[str, typer.Option(help="WIDTHxHEIGHT in pixels (portrait allowed).")] = "640x360",
    far_side: Annotated[
        bool, typer.Option(help="Split squat: film the rear (working) leg from the far side.")
    ] = False,
    set_name: Annotated[
        str | None, typer.Option("--set", help=f"Rebuild a named seeded set instead: {', '.join(SET_NAMES)}.")
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            metavar="N",
            parser=number_parser("--jobs", NumberRange(minimum=0, maximum=64, whole=True)),
            help="Worker processes for --set (0 = one per CPU).",
        ),
    ] = 0,
    only: Annotated[
        str | None,
        typer.Option(
            help="With --set: render only clips whose name contains one of these (comma-separated)."
        ),
    ] = None,
    truth_only: Annotated[
        bool, typer.Option(help="With --set: rewrite only the truth JSONs (the clips are already rendered).")
    ] = False,
    check: Annotated[
        Path | None,
        typer.Option(
            help="Instead: run BlazePose over every clip in this folder and print detection per clip.",
            readable=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Output folder (default: sample_videos/ or the bench cache).", readable=False),
    ] = None,
) -> None:
    """Render synthetic clips of the mannequin with exact per-frame truth (<clip>.truth.json beside each)."""
    from tqdm import tqdm

    from formcheck.synth import sets
    from formcheck.synth.clip import ClipSpec, render_clip

    with user_errors():
        if check is not None:
            _check(check)
            return
        if set_name is not None:
            set_name = parse_name("--set", set_name, SET_NAMES)
            specs = sets.SETS[set_name]()
            if only:
                wanted = [w.strip() for w in only.split(",") if w.strip()]
                specs = [s for s in specs if any(w in s.name for w in wanted)]
                if not specs:
                    raise UnknownName(f"--only {only!r} matches no clip of set {set_name}")
            folder = out or _default_set_dir(set_name)
            check_output_folder("--out", folder)  # before minutes of rendering, not after
            with tqdm(total=len(specs), desc=f"synth {set_name}", unit="clip") as bar:
                outcome = sets.render_set(
                    specs, folder, jobs=jobs or None, progress=bar, video=not truth_only
                )
            if set_name == "samples" and not only and not outcome.failed:
                sets.write_samples_readme(outcome.rendered, folder, keep_measured=truth_only)
            total = sum(r.render_s for r in outcome.rendered)
            typer.echo(
                f"{len(outcome.rendered)} clips in {folder} (render time {total:.0f} s summed over workers)"
            )
            if outcome.failed:
                typer.echo("not written (ambiguous labels):\n" + "\n".join(outcome.failed), err=True)
                raise typer.Exit(1)
            return
        if exercise is None:
            raise UnknownName(f"give --exercise (one clip) or --set {'|'.join(SET_NAMES)}")
        from formcheck.types import Exercise, Side

        chosen = Exercise(parse_name("--exercise", exercise, EXERCISE_NAMES))
        spec_mistake, view = _spec_parts(chosen, parse_name("--mistake", mistake, MISTAKE_NAMES), far_side)
        working = Side(parse_name("--side", side, SYNTH_SIDE_NAMES))
        spec = ClipSpec(
            chosen,
            spec_mistake,
            working,
            yaw,
            seed=seed,
            fps=fps,
            size=_parse_size(size),
            view_side=working.other if view else None,
        )
        folder = out or Path(".")
        check_output_folder("--out", folder)
        from formcheck.synth.clip import build_scenario, frame_times

        frames = len(frame_times(build_scenario(spec).timeline.duration_s, fps))
        with tqdm(total=frames, desc=spec.name, unit="frame") as bar:
            result = render_clip(spec, folder, progress=bar)
        labels = ", ".join(result.truth["mistakes"]) or "clean"
        if result.truth["thomas_result"]:
            labels += f"; thomas {result.truth['thomas_result']}"
        typer.echo(f"{result.video_path} ({result.frames} frames, {labels}) + {result.truth_path.name}")


def _spec_parts(ex, mistake: str, far_side: bool):
    from formcheck.synth.clip import EXERCISE_MISTAKES
    from formcheck.types import Exercise, MistakeCode

    if ex is Exercise.THOMAS_TEST:
        thomas = {
            "none": None,
            "negative": None,
            "positive": MistakeCode.SHALLOW_RANGE,
            "invalid": MistakeCode.KNEE_NOT_HUGGED,
            "knee_not_hugged": MistakeCode.KNEE_NOT_HUGGED,
        }
        if mistake not in thomas:
            raise UnknownName(f"thomas-test takes --mistake negative, positive or invalid, not {mistake}")
        return thomas[mistake], False
    code = (
        None
        if mistake == "none"
        else MistakeCode(mistake)
        if mistake in MistakeCode._value2member_map_
        else "bad"
    )
    if code == "bad" or code not in EXERCISE_MISTAKES[ex]:
        valid = ", ".join(["none"] + [m.value for m in EXERCISE_MISTAKES[ex] if m is not None])
        raise UnknownName(f"{ex.value} has no scenario {mistake!r}; valid: {valid}")
    if far_side and ex is not Exercise.SPLIT_SQUAT:
        raise UnknownName(
            "--far-side is for the split squat only (couch stretch and Thomas test film the working leg)"
        )
    return code, far_side


def _check(folder: Path) -> None:
    from tqdm import tqdm

    from formcheck.errors import SourceNotFound
    from formcheck.synth.detection import MIN_DETECTION_RATE, detection_table, measure_folder

    clips = sorted(folder.glob("*.truth.json"))
    if not clips:
        raise SourceNotFound(f"no <clip>.truth.json in {folder}")
    with tqdm(total=len(clips), desc="BlazePose", unit="clip") as bar:
        stats = measure_folder(folder, progress=bar)
    typer.echo(detection_table(stats))
    low = [s.clip for s in stats if s.rate < MIN_DETECTION_RATE]
    if low:
        typer.echo(f"{len(low)} clip(s) below {MIN_DETECTION_RATE:.0%} detection: {', '.join(low)}")
        raise typer.Exit(1)
