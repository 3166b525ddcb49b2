"""`formcheck live`: real-time coaching from a camera, a stream or a file (headless for tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import RESIZE_PX, NumberRange, check_output_paths, number_parser
from formcheck.cli.choices import EXERCISE_NAMES, parse_exercise, parse_side
from formcheck.cli.errors import interrupted, stop_signals, user_errors
from formcheck.destinations import is_stdout
from formcheck.errors import InvalidOption


def command(
    exercise: Annotated[str, typer.Option(help=f"The exercise to coach: {', '.join(EXERCISE_NAMES)}.")],
    source: Annotated[
        str, typer.Option(help="Camera index (0, 1, ...), a video file or a stream URL.")
    ] = "0",
    side: Annotated[str, typer.Option(help="Working side: left, right or auto (found).")] = "auto",
    record: Annotated[
        Path | None, typer.Option(help="Record the overlaid session as H.264 MP4 here.")
    ] = None,
    json_path: Annotated[
        Path | None,
        typer.Option(
            "--json",
            help="Write the session report (same schema as analyze) to this file; not '-': "
            "standard output carries the cue events.",
        ),
    ] = None,
    headless: Annotated[
        bool, typer.Option(help="No window: print cue events as JSON lines on stdout.")
    ] = False,
    realtime: Annotated[
        bool,
        typer.Option(
            help="With a file source: play it at its own pace like a camera, dropping frames when slow."
        ),
    ] = False,
    snapshot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the overlay at a representative moment.")
    ] = None,
    snapshot_at: Annotated[
        float | None,
        typer.Option(
            "--snapshot-at",
            metavar="SECONDS",
            parser=number_parser("--snapshot-at", NumberRange(minimum=0)),
            help="Take the snapshot at this time (s) instead.",
        ),
    ] = None,
    profile_path: Annotated[
        Path | None, typer.Option("--profile", help="TOML file overriding thresholds.")
    ] = None,
    audio: Annotated[
        bool, typer.Option(help="Beeps at hold start/end (where the system can play sound).")
    ] = True,
    speech: Annotated[bool, typer.Option(help="Speak cues (where espeak-ng / spd-say exists).")] = True,
    model: Annotated[str, typer.Option(help="Pose model name (see `formcheck models`).")] = "blazepose-full",
    resize: Annotated[
        int | None,
        typer.Option(
            metavar="PX",
            parser=number_parser("--resize", RESIZE_PX),
            help=f"Scale frames so the longer side has this many pixels ({RESIZE_PX.describe()}).",
        ),
    ] = None,
) -> None:
    """Coach an exercise live: skeleton, gauges, cues, timers and counts on the picture.

    Keys in the window: q quit, space pause, s switch side, r restart the set.
    """
    from formcheck.live.run import EndedBy, LiveOptions, run_live

    with user_errors(), stop_signals():
        chosen_exercise = parse_exercise(exercise)
        working_side = parse_side(side)
        _refuse_stdout_outputs(headless, record=record, json=json_path, snapshot=snapshot)
        check_output_paths(record=record, json=json_path, snapshot=snapshot)
        options = LiveOptions(
            exercise=chosen_exercise,
            source=source,
            side=working_side,
            profile_path=profile_path,
            record_path=record,
            json_path=json_path,
            snapshot_path=snapshot,
            snapshot_at_s=snapshot_at,
            headless=headless,
            realtime=realtime,
            audio=audio,
            speak=speech,
            model=model,
            resize=resize,
        )
        outcome = run_live(options)
        if outcome.ended_by == EndedBy.INTERRUPT:  # the report and recording are written by now
            raise interrupted(
                f"interrupted after {outcome.report.frames_total} frames; the outputs cover them"
            )


def _refuse_stdout_outputs(headless: bool, **paths: Path | None) -> None:
    """Standard output is the cue-event stream (``--headless``): no output may be mixed into it."""
    for option, path in paths.items():
        if path is None:
            continue
        if (option == "json" and str(path) == "-") or (headless and is_stdout(path)):
            raise InvalidOption(
                f"--{option} {path}: formcheck live prints its cue events on standard output; "
                "give a file name"
            )
