"""The report's key frames (peak hip extension, worst arch), skeleton drawn.

The report itself keeps no images: the pictures come from the frames kept while the clip was
analysed (``frames``, one decode: ``formcheck.sources.spill``) or, where none were kept, from the
source decoded again. With the ``Analysis`` at hand the tracked pose and angles of that frame are
drawn, exactly as in the annotated video; with only a ``Report`` the pose of those few frames is
estimated again (image mode).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from formcheck.errors import FormcheckError
from formcheck.outputs.key_metrics import extreme_frame, in_position_frames
from formcheck.sources.spill import FrameOpener, KeptFrames, reopen
from formcheck.types import Frame, Report

# Key frames are shown at most this wide in the report (keeps the file small).
KEY_FRAME_MAX_WIDTH_PX = 520
# A frame read back further than this from the wanted time is the wrong frame.
MAX_TIME_MISMATCH_S = 0.25


@dataclass(frozen=True, slots=True)
class KeyFrameChoice:
    title: str
    t_s: float
    position: int  # index into report.frames
    caption: str


@dataclass(frozen=True, slots=True)
class KeyFrame:
    choice: KeyFrameChoice
    png: bytes


def choose_key_frames(report: Report) -> list[KeyFrameChoice]:
    """Peak hip extension and worst lumbar arch in position (one frame when they coincide); a photo
    is its own key frame."""
    if report.is_still and report.frames:
        return [KeyFrameChoice("The photo", report.frames[0].t, 0, "the pose and angles as measured")]
    positions = {id(frame): i for i, frame in enumerate(report.frames)}
    candidates = in_position_frames(report)
    choices: list[KeyFrameChoice] = []
    wanted = (
        ("Peak hip extension", lambda f: f.hip_extension_deg, "hip extension {:+.0f}°"),
        ("Worst lumbar arch", lambda f: f.lumbar_arch_deg, "lumbar arch {:.0f}°"),
    )
    for title, value_of, caption in wanted:
        best = extreme_frame(candidates, value_of)
        if best is None:
            continue
        value, t = best
        frame = next(f for f in candidates if f.t == t and value_of(f) == value)
        if any(c.t_s == t for c in choices):
            continue
        choices.append(
            KeyFrameChoice(title, t, positions[id(frame)], f"{caption.format(value)} at {t:.1f} s")
        )
    return choices


def _read_frames(frames: FrameOpener, times_s: Sequence[float]) -> dict[float, Frame]:
    """The frame nearest each wanted time (one pass over the pictures, stops after the last)."""
    nearest: dict[float, Frame] = {}
    last_wanted = max(times_s)
    with frames() as source:
        if isinstance(source, KeptFrames):  # kept pictures: read only the ones wanted
            return source.nearest(times_s, MAX_TIME_MISMATCH_S)
        for frame in source:
            for t in times_s:
                current = nearest.get(t)
                if current is None or abs(frame.timestamp_s - t) < abs(current.timestamp_s - t):
                    nearest[t] = frame
            if frame.timestamp_s > last_wanted + MAX_TIME_MISMATCH_S:
                break
    return {t: f for t, f in nearest.items() if abs(f.timestamp_s - t) <= MAX_TIME_MISMATCH_S}


def _estimate_poses(frames: Sequence[Frame]) -> list:
    from formcheck.pose import create_estimator

    with create_estimator("blazepose-full", mode="image", segmentation=False) as estimator:
        return [estimator.estimate(frame) for frame in frames]


def _png(bgr: np.ndarray) -> bytes:
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(bgr[:, :, ::-1]))
    if image.width > KEY_FRAME_MAX_WIDTH_PX:
        height = max(1, round(image.height * KEY_FRAME_MAX_WIDTH_PX / image.width))
        image = image.resize((KEY_FRAME_MAX_WIDTH_PX, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw(report: Report, choice: KeyFrameChoice, frame: Frame, pose, angles) -> np.ndarray:
    from formcheck.feedback.overlay import annotate_frame

    record = report.frames[choice.position]
    active = [m for m in report.mistakes if m.start_s <= choice.t_s <= m.end_s]
    extra = [f"t {choice.t_s:.1f} s"]
    if angles is None:  # no tracked angles: print the report's numbers instead of joint labels
        for name, value in (("hip ext", record.hip_extension_deg), ("arch", record.lumbar_arch_deg)):
            if value is not None and math.isfinite(value):
                extra.append(f"{name} {value:+.0f} deg")
    return annotate_frame(
        frame.image,
        pose,
        angles,
        side=report.side,
        active_mistakes=[m.code for m in active],
        extra_text=extra,
        cue=active[0].message if active else None,
        exercise=report.exercise,
    )


def render_key_frames(
    report: Report,
    source_path: Path | None,
    *,
    analysis=None,
    frames: FrameOpener | None = None,
) -> tuple[list[KeyFrame], str | None]:
    """The key frames as PNGs, and why there are none (None when all went well).

    ``frames`` opens the analysed pictures; without it the source is decoded again (every frame: the
    nearest to each wanted time is taken), at the analysed size when ``analysis`` is given."""
    choices = choose_key_frames(report)
    if not choices:
        return [], "no frame had a measurable hip extension or arch"
    if frames is None:
        if source_path is None or not Path(source_path).is_file():
            return [], "the source video is not available, so no frames could be shown"
        # draw the tracked landmarks on frames of the tracked size
        resize = max(analysis.track.size) if analysis is not None else None
        frames = reopen(Path(source_path), max_fps=None, resize=resize)
    try:
        found_frames = _read_frames(frames, [c.t_s for c in choices])
    except FormcheckError as error:
        return [], f"the clip's pictures could not be read: {error}"
    found = [c for c in choices if c.t_s in found_frames]
    if analysis is not None:
        poses = [analysis.track.frames[c.position].pose for c in found]
        angles = [analysis.angles[c.position] for c in found]
    else:
        poses = _estimate_poses([found_frames[c.t_s] for c in found])
        angles = [None] * len(found)
    key_frames = [
        KeyFrame(choice, _png(_draw(report, choice, found_frames[choice.t_s], pose, frame_angles)))
        for choice, pose, frame_angles in zip(found, poses, angles, strict=True)
    ]
    return key_frames, None if len(found) == len(choices) else "some key frames could not be read"
