"""Tiny test clips built on the fly (never committed): H264Writer for exact content, FFmpeg for formats."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from formcheck.outputs.video import H264Writer, ffmpeg_exe

BITS = 8


def numbered_frame(index: int, width: int, height: int, noisy: bool = False) -> np.ndarray:
    """A frame whose 8 vertical bands spell the frame number in binary (white = 1), so it survives H.264.

    ``noisy`` fills the bottom half with fresh noise, so that every frame costs about as many bytes
    as the others (then cutting a file at half its size cuts the clip about half-way).
    """
    frame = np.zeros((height, width, 3), np.uint8)
    band = width // BITS
    for bit in range(BITS):
        if (index >> bit) & 1:
            frame[:, bit * band : (bit + 1) * band] = 255
    if noisy:
        rng = np.random.default_rng(index)
        frame[height // 2 :] = rng.integers(0, 256, frame[height // 2 :].shape, dtype=np.uint8)
    return frame


def frame_number(image: np.ndarray) -> int:
    band = image.shape[1] // BITS
    top = image[: image.shape[0] // 2 - 2]
    bits = [top[:, bit * band + 1 : (bit + 1) * band - 1].mean() > 127 for bit in range(BITS)]
    return sum(1 << bit for bit, on in enumerate(bits) if on)


def write_numbered_clip(
    path: Path, frames: int, fps: float = 30.0, size: tuple[int, int] = (64, 48), noisy: bool = False
) -> Path:
    with H264Writer(path, fps=fps, size=size) as writer:
        for index in range(frames):
            writer.write(numbered_frame(index, *size, noisy=noisy))
    return path


def run_ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def pattern_clip(path: Path, seconds: float, fps: int, codec_args: list[str]) -> Path:
    run_ffmpeg(
        "-f", "lavfi", "-i", f"testsrc=size=96x64:rate={fps}", "-t", str(seconds), *codec_args, str(path)
    )
    return path


def with_display_rotation(source: Path, out: Path, anticlockwise_deg: int) -> Path:
    """Copy ``source`` adding a display matrix, as phones do for portrait recordings."""
    run_ffmpeg("-display_rotation", str(anticlockwise_deg), "-i", str(source), "-c", "copy", str(out))
    return out


def mdat_offset(data: bytes) -> int:
    """Where an MP4's frame data (the mdat box) starts: cutting there leaves the index whole."""
    import struct

    offset = 0
    while offset < len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"mdat":
            return offset
        offset += size
    raise AssertionError("no mdat box")
