"""`formcheck live`: real-time coaching from a camera, a stream or a file (headless for tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.checks import check_output_paths, check_positive
from formcheck.cli.choices import ExerciseChoice, SideChoice
from formcheck.cli.errors import user_errors
from formcheck.destinations import is_stdout
from formcheck.errors import InvalidOption
from formcheck.types import Exercise, Side


def command(
    exercise: Annotated[ExerciseChoice, typer.Option(help="The exercise to coach.")],
    source: Annotated[
        str, typer.Option(help="Camera index (0, 1, ...), a video file or a stream URL.")
    ] = "0",
    side: Annotated[SideChoice, typer.Option(help="Working side; 'auto' finds it.")] = SideChoice.AUTO,
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
        float | None, typer.Option("--snapshot-at", help="Take the snapshot at this time (s) instead.")
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
        int | None, typer.Option(help="Scale frames so the longer side has this many pixels.")
    ] = None,
) -> None:
    """Coach an exercise live: skeleton, gauges, cues, timers and counts on the picture.

    Keys in the window: q quit, space pause, s switch side, r restart the set.
    """
    from formcheck.live.run import LiveOptions, run_live

    with user_errors():
        check_positive("--resize", resize)
        if snapshot_at is not None and snapshot_at < 0:
            check_positive("--snapshot-at", snapshot_at)
        _refuse_stdout_outputs(headless, record=record, json=json_path, snapshot=snapshot)
        check_output_paths(record=record, json=json_path, snapshot=snapshot)
        options = LiveOptions(
            exercise=Exercise(exercise.value),
            source=source,
            side=None if side is SideChoice.AUTO else Side(side.value),
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
        run_live(options)


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
