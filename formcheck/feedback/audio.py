"""Short beeps and optional spoken cues, through whatever player and speech engine the system has.

Never blocks the frame loop (players run as background processes), never raises (a missing or
broken player means silence), never piles sounds up (a new sound is skipped while the previous
one of the same kind still plays, and the same cue is not repeated within ``repeat_after_s``).
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import tempfile
import time
import wave
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

# Players that take a WAV path, in order of preference.
WAV_PLAYERS = (("paplay",), ("pw-play",), ("aplay", "-q"))
# Speech engines that take the text as the last argument.
SPEECH_ENGINES = (("spd-say", "--wait"), ("espeak-ng",), ("espeak",))


class Beep(str, Enum):
    HOLD_START = "hold_start"  # rising pitch
    HOLD_END = "hold_end"  # falling pitch
    CUE = "cue"  # a mistake appeared


BEEP_TONES_HZ = {Beep.HOLD_START: (660.0, 880.0), Beep.HOLD_END: (880.0, 660.0), Beep.CUE: (440.0, 440.0)}
BEEP_LENGTH_S = 0.18
SAMPLE_RATE_HZ = 22050


@dataclass(frozen=True, slots=True)
class AudioBackends:
    """The commands found on PATH; None = not available."""

    wav_player: tuple[str, ...] | None
    speech: tuple[str, ...] | None

    @classmethod
    def detect(cls) -> AudioBackends:
        return cls(_first_on_path(WAV_PLAYERS), _first_on_path(SPEECH_ENGINES))


def _first_on_path(candidates: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    for command in candidates:
        path = shutil.which(command[0])
        if path:
            return (path, *command[1:])
    return None


def write_beep_wav(path: Path, start_hz: float, end_hz: float, length_s: float = BEEP_LENGTH_S) -> None:
    """A short sine sweep with soft edges (no click), 16-bit mono."""
    count = int(length_s * SAMPLE_RATE_HZ)
    frames = bytearray()
    phase = 0.0
    for i in range(count):
        frequency = start_hz + (end_hz - start_hz) * i / max(1, count - 1)
        phase += 2 * math.pi * frequency / SAMPLE_RATE_HZ
        envelope = min(1.0, i / 200, (count - i) / 200)
        frames += struct.pack("<h", int(0.4 * 32767 * envelope * math.sin(phase)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE_HZ)
        out.writeframes(bytes(frames))


class AudioCues:
    """Plays beeps and speaks cues in the background; silent where the system has no sound."""

    def __init__(
        self,
        *,
        enabled: bool = True,
        speak: bool = True,
        repeat_after_s: float = 6.0,
        backends: AudioBackends | None = None,
    ) -> None:
        self.backends = (backends or AudioBackends.detect()) if enabled else AudioBackends(None, None)
        self.speak_enabled = speak
        self.repeat_after_s = repeat_after_s
        self._running: dict[str, subprocess.Popen] = {}
        self._last_said: dict[str, float] = {}
        self._beep_dir: tempfile.TemporaryDirectory | None = None
        self._beep_paths: dict[Beep, Path] = {}

    @property
    def can_beep(self) -> bool:
        return self.backends.wav_player is not None

    @property
    def can_speak(self) -> bool:
        return self.speak_enabled and self.backends.speech is not None

    def beep(self, kind: Beep) -> bool:
        """Start a beep; False when it was not played (no player, one still playing, or an error)."""
        if self.backends.wav_player is None:
            return False
        path = self._beep_path(kind)
        return path is not None and self._spawn("beep", (*self.backends.wav_player, str(path)))

    def say(self, text: str, *, now_s: float | None = None) -> bool:
        """Speak ``text`` unless speech is off, still speaking, or the same text was said just now."""
        if not self.can_speak:
            return False
        now = time.monotonic() if now_s is None else now_s
        if now - self._last_said.get(text, -math.inf) < self.repeat_after_s:
            return False
        if self._spawn("speech", (*self.backends.speech, text)):
            self._last_said[text] = now
            return True
        return False

    def _beep_path(self, kind: Beep) -> Path | None:
        if kind not in self._beep_paths:
            try:
                if self._beep_dir is None:
                    self._beep_dir = tempfile.TemporaryDirectory(prefix="formcheck-beeps-")
                path = Path(self._beep_dir.name) / f"{kind.value}.wav"
                write_beep_wav(path, *BEEP_TONES_HZ[kind])
            except OSError:
                return None
            self._beep_paths[kind] = path
        return self._beep_paths[kind]

    def _spawn(self, channel: str, command: tuple[str, ...]) -> bool:
        previous = self._running.get(channel)
        if previous is not None and previous.poll() is None:
            return False
        try:
            self._running[channel] = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError:
            return False
        return True

    def close(self) -> None:
        """Stop anything still playing and remove the beep files."""
        for process in self._running.values():
            if process.poll() is None:
                process.terminate()
        self._running.clear()
        if self._beep_dir is not None:
            self._beep_dir.cleanup()
            self._beep_dir = None
            self._beep_paths.clear()
