"""`formcheck analyze VIDEO`: per-frame angles, mistakes and a report for one recorded clip."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import POSITIVE, RESIZE_PX, WORKERS, check_output_paths, number_parser
from formcheck.cli.errors import interrupted, stop_signals, user_errors
from formcheck.cli.progress import frame_progress
from formcheck.closed_pipe import detach_closed_stdout
from formcheck.destinations import is_stdout
from formcheck.errors import UnknownName, WrongView
from formcheck.exercises.profile import load_profile
from formcheck.history import check_writable, save_report
from formcheck.outputs.terminal import print_report_summary
from formcheck.outputs.writer import OutputRequest, write_outputs
from formcheck.parallel import MAX_DEFAULT_WORKERS, default_workers
from formcheck.pipeline import MIN_SAGITTAL_SHARE, analyze_video, is_interrupted, resolve_exercise
from formcheck.sources.spill import FrameOpener, FrameSpill, reopen
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
    video: Annotated[
        Path,
        typer.Argument(
            help="Video (mp4, mov, avi, webm, mkv, gif, animated webp) or photo to analyse.", readable=False
        ),
    ],
    exercise: Annotated[
        str | None,
        typer.Option(help=f"One of: {EXERCISE_NAMES} ('auto' recognises it). Without it: angles only."),
    ] = None,
    side: Annotated[str, typer.Option(help="left, right or auto (found from the exercise).")] = "auto",
    json_path: Annotated[
        Path | None,
        typer.Option("--json", help="Write the JSON report here ('-': standard output).", readable=False),
    ] = None,
    csv_path: Annotated[
        Path | None,
        typer.Option(
            "--csv", help="Write one CSV row per frame here ('-': standard output).", readable=False
        ),
    ] = None,
    video_path: Annotated[
        Path | None,
        typer.Option(
            "--video", help="Write an annotated H.264 copy (skeleton, angles, flags).", readable=False
        ),
    ] = None,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report.", readable=False)
    ] = None,
    profile_path: Annotated[
        Path | None,
        typer.Option("--profile", help="TOML file overriding the exercise thresholds.", readable=False),
    ] = None,
    max_fps: Annotated[
        float | None,
        typer.Option(
            metavar="FPS",
            parser=number_parser("--max-fps", POSITIVE),
            help="Analyse at most this many frames per second.",
        ),
    ] = None,
    resize: Annotated[
        int | None,
        typer.Option(
            metavar="PX",
            parser=number_parser("--resize", RESIZE_PX),
            help=f"Scale frames so the longer side has this many pixels ({RESIZE_PX.describe()}).",
        ),
    ] = None,
    model: Annotated[str, typer.Option(help="Pose model name (see `formcheck models`) .")] = "blazepose-full",
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            parser=number_parser("--workers", WORKERS),
            help="Pose worker processes, each posing a segment of the clip "
            f"(default: the cores, at most {MAX_DEFAULT_WORKERS}).",
        ),
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Add this session to the local history.")] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="History file for --save (default: $FORMCHECK_HISTORY, else the user data folder).",
            readable=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Analyse a recorded clip: joint angles per frame, mistakes, and a report."""
    with user_errors(), stop_signals(), ExitStack() as stack:
        working_side = parse_side(side)
        check_output_paths(
            stdout_options=("json", "csv"),
            inputs={"video": video, "--profile": profile_path, "--db": db if save else None},
            json=json_path,
            csv=csv_path,
            video=video_path,
            html=html_path,
        )
        # When a report goes to stdout, stdout carries only the report: the summary goes to stderr.
        outputs = (json_path, csv_path, video_path, html_path)
        summary_stream = sys.stderr if any(map(is_stdout, outputs)) else sys.stdout
        resolve_exercise(exercise)  # a bad name fails now, not after minutes of pose estimation
        profile = load_profile(profile_path)
        if save:  # an unusable or locked history fails now, not after the analysis
            check_writable(db)
        # The annotated video and the HTML key frames show the clip's pictures: kept on disk as the
        # one pose pass decodes them (removed when this block ends, however it ends).
        spill = stack.enter_context(FrameSpill()) if video_path or html_path else None
        try:
            # Ctrl-C during the pose pass ends it early: the analysis covers the frames posed so
            # far (its report is marked stopped_early) and is written below like a finished one.
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
                    keep_on_interrupt=True,
                    workers=workers or default_workers(),
                    spill=spill,
                )
        except KeyboardInterrupt as interrupt:  # before any frame, or after the pose pass
            raise interrupted(
                f"{str(interrupt) or 'interrupted before the analysis was done'}; nothing was written"
            ) from None
        request = OutputRequest(
            json=json_path,
            csv=csv_path,
            html=html_path,
            video=video_path,
            # An interrupted session is written for the user to see, but not kept in the history:
            # its peaks and counts cover part of a set and would bend the trends.
            save_session=(
                partial(save_report, db_path=db)
                if save and not is_interrupted(analysis.report.stopped_early)
                else None
            ),
            frames=_pictures(spill, video, max_fps=max_fps, resize=resize),
            source_path=video,
            profile=profile,
            progress=not quiet,
        )
        try:
            written = list(write_outputs(analysis.report, request, analysis=analysis).paths.values())
        except KeyboardInterrupt:  # each writer removes its own unfinished file
            raise interrupted(
                "interrupted while writing the outputs: those finished before are complete, "
                "the one being written was not kept"
            ) from None
        if not quiet:
            _print_summary(analysis.report, written, summary_stream)
        stopped = analysis.report.stopped_early
        if is_interrupted(stopped):
            raise interrupted(
                f"interrupted at {stopped.at_s:.2f} s (frame {stopped.frame_index}): "
                "the outputs cover what was analysed up to there"
            )
        share = analysis.report.summary.get("sagittal_share", 1.0)
        if share < MIN_SAGITTAL_SHARE:
            raise WrongView(
                f"{video}: the camera sees the body from the front or back in most frames "
                f"({share:.0%} side-on); turn side-on to the camera (outputs were still written)"
            )


def _pictures(spill: FrameSpill | None, video: Path, *, max_fps, resize) -> FrameOpener | None:
    """Where the annotated video and the key frames read the clip's pictures: the spill, or the clip
    read again where the spill could not keep them (a full temporary disk; said on stderr)."""
    if spill is None:
        return None
    if spill.failure is None:
        return spill.opener()
    print(f"formcheck: warning: {spill.failure}; the clip is read again for its pictures", file=sys.stderr)
    return reopen(video, max_fps=max_fps, resize=resize)


def _print_summary(report, written: list[Path], stream) -> None:
    """The terminal summary, last (the files are already written); a reader that has gone
    (``| head -1``) costs only the rest of the summary."""
    try:
        print_report_summary(report, written, file=stream)
        stream.flush()
    except BrokenPipeError:
        detach_closed_stdout()
        print(
            "formcheck: the summary's reader closed standard output; the outputs were written",
            file=sys.stderr,
        )
