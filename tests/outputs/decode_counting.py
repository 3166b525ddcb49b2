"""Test helpers for the one-decode checks: count the clip's openings and decoder passes, and record
which numbered pictures the key frames are drawn on (each frame's number is painted on it)."""

from __future__ import annotations

import pytest

import formcheck.pipeline
import formcheck.sources
from formcheck.outputs import key_frames
from formcheck.outputs.key_frames import KeyFrameChoice
from formcheck.sources.capture import CaptureSource
from tests.sources.clips import frame_number


@pytest.fixture
def decodes(monkeypatch) -> dict[str, int]:
    """Counts every opening of a source and every pass of the video decoder over a clip."""
    counts = {"opened": 0, "decoded": 0}
    real_open, real_iter = formcheck.sources.open_source, CaptureSource.__iter__

    def counting_open(*args, **kwargs):
        counts["opened"] += 1
        return real_open(*args, **kwargs)

    def counting_iter(self):
        counts["decoded"] += 1
        return real_iter(self)

    monkeypatch.setattr(formcheck.sources, "open_source", counting_open)
    monkeypatch.setattr(formcheck.pipeline, "open_source", counting_open)
    monkeypatch.setattr(CaptureSource, "__iter__", counting_iter)
    return counts


def record_key_frames(monkeypatch, indices: tuple[int, ...], fps: float = 30.0) -> list[int]:
    """Key frames chosen at ``indices``; the returned list fills with the numbers of the pictures
    they are drawn on."""
    chosen = [KeyFrameChoice(f"frame {i}", i / fps, i, "") for i in indices]
    monkeypatch.setattr(key_frames, "choose_key_frames", lambda report: chosen)
    drawn: list[int] = []
    real_draw = key_frames._draw

    def recording_draw(report, choice, frame, pose, angles):
        drawn.append(frame_number(frame.image))
        return real_draw(report, choice, frame, pose, angles)

    monkeypatch.setattr(key_frames, "_draw", recording_draw)
    return drawn
