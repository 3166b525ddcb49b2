"""`formcheck analyze VIDEO`: per-frame angles, mistakes and a report for one recorded clip."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import check_output_paths, check_positive
from formcheck.cli.errors import user_errors
from formcheck.cli.progress import frame_progress
from formcheck.errors import UnknownName, WrongView
from formcheck.exercises.profile import load_profile
from formcheck.outputs.files import write_outputs
from formcheck.outputs.terminal import print_report_summary
from formcheck.parallel import MAX_DEFAULT_WORKERS, default_workers
from formcheck.pipeline import MIN_SAGITTAL_SHARE, analyze_video, resolve_exercise
from formcheck.types import Exercise, Side

EXERCISE_NAMES = ", ".join([e.value for e in Exercise] + ["auto"])


def parse_side(name: str) -> Side | None:
    """'left', 'right' or 'auto' (None); anything else is a one-line error, not a usage dump."""
    if name == "auto":
        return None
    try:
        return Side(name)
    except ValueError:
        raise UnknownName(f"unknown side {name!r}; choose one of: left, right, auto") from None


def command(
    video: Annotated[Path, typer.Argument(help="Video file to analyse (mp4, mov, avi, webm, mkv, gif).")],
    exercise: Annotated[
        str | None,
        typer.Option(help=f"One of: {EXERCISE_NAMES} ('auto' recognises it). Without it: angles only."),
    ] = None,
    side: Annotated[str, typer.Option(help="left, right or auto (found from the exercise).")] = "auto",
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the JSON report here.")] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write one CSV row per frame here.")] = None,
    video_path: Annotated[
        Path | None, typer.Option("--video", help="Write an annotated H.264 copy (skeleton, angles, flags).")
    ] = None,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report.")
    ] = None,
    profile_path: Annotated[
        Path | None, typer.Option("--profile", help="TOML file overriding the exercise thresholds.")
    ] = None,
    max_fps: Annotated[
        float | None, typer.Option(help="Analyse at most this many frames per second.")
    ] = None,
    resize: Annotated[
        int | None, typer.Option(help="Scale frames so the longer side has this many pixels.")
    ] = None,
    model: Annotated[str, typer.Option(help="Pose model name (see `formcheck models`) .")] = "blazepose-full",
    workers: Annotated[
        int | None,
        typer.Option(
            help=f"Pose worker processes, each posing a segment of the clip (default: the cores, at most {MAX_DEFAULT_WORKERS})."
        ),
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Add this session to the local history.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Analyse a recorded clip: joint angles per frame, mistakes, and a report."""
    with user_errors():
        working_side = parse_side(side)
        check_positive("--max-fps", max_fps)
        check_positive("--resize", resize)
        check_positive("--workers", workers)
        check_output_paths(json=json_path, csv=csv_path, video=video_path, html=html_path)
        resolve_exercise(exercise)  # a bad name fails now, not after minutes of pose estimation
        profile = load_profile(profile_path)
        with frame_progress("pose", enabled=not quiet) as on_progress:
            analysis = analyze_video(
                video,
                exercise=exercise,
                side=working_side,
                profile=profile,
                max_fps=max_fps,
                resize=resize,
                model=model,
                on_progress=on_progress,
                workers=workers or default_workers(),
            )
        written = write_outputs(
            analysis,
            source_path=video,
            json_path=json_path,
            csv_path=csv_path,
            video_path=video_path,
            html_path=html_path,
            max_fps=max_fps,
            resize=resize,
            save_history=save,
            profile=profile,
            progress=not quiet,
        )
        if not quiet:
            print_report_summary(analysis.report, written, file=sys.stdout)
        share = analysis.report.summary.get("sagittal_share", 1.0)
        if share < MIN_SAGITTAL_SHARE:
            raise WrongView(
                f"{video}: the camera sees the body from the front or back in most frames "
                f"({share:.0%} side-on); turn side-on to the camera (outputs were still written)"
            )
