"""What the live loop sends out besides the overlay: JSON lines, sounds, the recording, the fps."""

from __future__ import annotations

import json
import math
from collections import deque
from pathlib import Path

from formcheck.errors import OutputWriteFailed
from formcheck.feedback.audio import AudioCues, Beep
from formcheck.live.coach import EventKind
from formcheck.outputs.video import H264Writer
from formcheck.types import CueEvent


class FpsMeter:
    """Frames processed per second over the last ``window_s`` of wall time, refreshed every
    ``refresh_s`` (a number that changes every frame is unreadable, and costs a text render)."""

    def __init__(self, window_s: float = 1.0, refresh_s: float = 0.5) -> None:
        self.window_s = window_s
        self.refresh_s = refresh_s
        self._times: deque[float] = deque()
        self._shown: float | None = None
        self._shown_at = -math.inf

    def tick(self, now_s: float) -> float | None:
        self._times.append(now_s)
        while self._times and self._times[0] < now_s - self.window_s:
            self._times.popleft()
        if len(self._times) >= 2 and now_s - self._shown_at >= self.refresh_s:
            self._shown = (len(self._times) - 1) / (self._times[-1] - self._times[0])
            self._shown_at = now_s
        return self._shown


def event_json(event: CueEvent) -> str:
    return json.dumps(
        {
            "t": round(event.t, 3),
            "kind": event.kind,
            "code": event.code,
            "message": event.message,
            "value": event.value,
        },
        ensure_ascii=False,
    )


def play_event(audio: AudioCues, event: CueEvent) -> None:
    if event.kind == EventKind.HOLD_START:
        audio.beep(Beep.HOLD_START)
    elif event.kind == EventKind.HOLD_END:
        audio.beep(Beep.HOLD_END)
    elif event.kind == EventKind.CUE:
        audio.beep(Beep.CUE)
        audio.say(event.message)
    elif event.kind == EventKind.RESULT:
        audio.say(event.message)


class PacedRecorder:
    """Writes overlaid frames; repeats a frame for the camera frames dropped before it, so the
    recording plays at the camera's pace.

    A recording that fails (a full disk) must not end the session or lose its report: the failure
    is kept in ``failure``, the recording stops, and the session's writer reports it after the other
    outputs (``OutputRequest.failed_before``)."""

    MAX_REPEAT = 5

    def __init__(self, writer: H264Writer | None) -> None:
        self.writer = writer
        self.failure: OutputWriteFailed | None = None
        self._last_sequence: int | None = None

    @classmethod
    def opened(cls, path: Path | None, fps: float, size: tuple[int, int]) -> PacedRecorder:
        """A recorder writing to ``path`` (FFmpeg started now), or one that records nothing."""
        if path is None:
            return cls(None)
        writer = H264Writer(path, fps, size)
        writer.open()
        return cls(writer)

    def write(self, image, sequence: int) -> None:
        if self.writer is None:
            return
        repeat = (
            1 if self._last_sequence is None else max(1, min(self.MAX_REPEAT, sequence - self._last_sequence))
        )
        self._last_sequence = sequence
        try:
            for _ in range(repeat):
                self.writer.write(image)
        except OutputWriteFailed as error:
            self.failure, self.writer = error, None  # the writer already removed its temp file

    def close(self) -> None:
        """Finish the recording; a failure is kept in ``failure``, not raised here."""
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.close()
        except OutputWriteFailed as error:
            self.failure = error
