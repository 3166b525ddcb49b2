"""Shot segmentation on synthetic footage: where the edits are is known because the test made them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from formcheck.sources.base import FrameSource
from formcheck.sources.shot_signature import SignatureWatcher, frame_signature
from formcheck.sources.shots import Shot, ShotKind, segment_shots
from formcheck.types import Frame

FPS = 25.0
WIDTH, HEIGHT = 320, 180
# A frame's time is known exactly, so a boundary found "at" an edit may be one frame off at most.
ONE_FRAME_S = 1 / FPS


def scene(seed: int) -> np.ndarray:
    """A textured picture (coloured blocks over a gradient, a little noise), like a room."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    image = np.zeros((HEIGHT, WIDTH, 3), dtype=np.float64)
    for channel in range(3):
        image[..., channel] = 60 + 120 * ((x * rng.uniform(0.5, 2) + y * rng.uniform(0.5, 2)) % WIDTH) / WIDTH
    for _ in range(12):
        x0, y0 = rng.integers(0, WIDTH - 40), rng.integers(0, HEIGHT - 30)
        image[y0 : y0 + rng.integers(10, 60), x0 : x0 + rng.integers(10, 80)] = rng.integers(0, 255, 3)
    return np.clip(image + rng.normal(0, 8, image.shape), 0, 255).astype(np.uint8)  # surface texture


def noisy(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Sensor and compression noise: every real frame differs a little from the last."""
    return np.clip(image.astype(np.int16) + rng.integers(-2, 3, image.shape), 0, 255).astype(np.uint8)


def title_card(text: str) -> np.ndarray:
    card = Image.new("RGB", (WIDTH, HEIGHT), (30, 60, 120))
    draw = ImageDraw.Draw(card)
    for row, line in enumerate(text.splitlines()):
        draw.text((30, 50 + 22 * row), line, fill=(255, 255, 255))
    return np.asarray(card)[..., ::-1].copy()


def hold(image: np.ndarray, seconds: float, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [noisy(image, rng) for _ in range(round(seconds * FPS))]


def blend(a: np.ndarray, b: np.ndarray, frames: int) -> list[np.ndarray]:
    """``frames`` frames going from ``a`` to ``b`` (a dissolve; ``b`` black makes a fade)."""
    weights = np.linspace(0, 1, frames + 2)[1:-1]
    return [((1 - w) * a + w * b).astype(np.uint8) for w in weights]


def zoomed(image: np.ndarray, factor: float) -> np.ndarray:
    crop_w, crop_h = round(WIDTH / factor), round(HEIGHT / factor)
    x0, y0 = (WIDTH - crop_w) // 2, (HEIGHT - crop_h) // 2
    crop = Image.fromarray(image[y0 : y0 + crop_h, x0 : x0 + crop_w])
    return np.asarray(crop.resize((WIDTH, HEIGHT), Image.BILINEAR))


def shots_of(frames: list[np.ndarray]) -> list[Shot]:
    times = [i / FPS for i in range(len(frames))]
    return segment_shots([frame_signature(f) for f in frames], times)


def starts(shots: list[Shot]) -> list[float]:
    return [s.start_s for s in shots[1:]]


def test_a_hard_cut_starts_a_new_shot_at_the_cut() -> None:
    frames = hold(scene(1), 2.0) + hold(scene(2), 2.0, seed=1)
    shots = shots_of(frames)
    assert len(shots) == 2
    assert starts(shots)[0] == pytest.approx(2.0, abs=ONE_FRAME_S)
    assert [s.kind for s in shots] == [ShotKind.EXERCISE, ShotKind.EXERCISE]
    assert (shots[0].start_frame, shots[-1].end_frame) == (0, len(frames))


def test_a_fade_through_black_is_a_blank_shot_between_the_two_scenes() -> None:
    a, b, black = scene(3), scene(4), np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    frames = (
        hold(a, 2.0) + blend(a, black, 10) + hold(black, 0.4) + blend(black, b, 10) + hold(b, 2.0, seed=2)
    )
    shots = shots_of(frames)
    assert [s.kind for s in shots] == [ShotKind.EXERCISE, ShotKind.BLANK, ShotKind.EXERCISE]
    # The blank shot covers the ramps too: from where the fade-out starts to where the fade-in ends.
    fade_out_s, fade_in_end_s = 2.0, 2.0 + (10 + 10 + 10) / FPS
    assert shots[1].start_s == pytest.approx(fade_out_s, abs=2 * ONE_FRAME_S)
    assert shots[1].end_s == pytest.approx(fade_in_end_s, abs=2 * ONE_FRAME_S)


def test_a_cross_fade_starts_a_new_shot_where_the_dissolve_begins() -> None:
    a, b = scene(5), scene(6)
    frames = hold(a, 2.0) + blend(a, b, 12) + hold(b, 2.0, seed=3)
    shots = shots_of(frames)
    assert len(shots) == 2
    assert starts(shots)[0] == pytest.approx(2.0, abs=2 * ONE_FRAME_S)
    assert "dissolve" in shots[1].reason


def test_a_zoom_jump_on_the_same_scene_is_a_cut() -> None:
    a = scene(7)
    frames = hold(a, 2.0) + hold(zoomed(a, 2.2), 2.0, seed=4)
    shots = shots_of(frames)
    assert len(shots) == 2
    assert starts(shots)[0] == pytest.approx(2.0, abs=ONE_FRAME_S)


def test_a_still_title_card_between_two_scenes_is_its_own_title_like_shot() -> None:
    card = title_card("HIP FLEXOR STRETCH\nconsult your doctor before\nstarting any exercise")
    frames = hold(scene(8), 1.5) + hold(card, 1.0, seed=5) + hold(scene(9), 1.5, seed=6)
    shots = shots_of(frames)
    assert len(shots) == 3
    assert starts(shots) == pytest.approx([1.5, 2.5], abs=ONE_FRAME_S)
    assert [s.title_like for s in shots] == [False, True, False]


def test_camera_shake_and_a_person_walking_in_do_not_cut_a_continuous_shot() -> None:
    rng = np.random.default_rng(11)
    background = scene(10)
    frames = []
    for i in range(round(4 * FPS)):
        dx, dy = rng.integers(-4, 5, 2)  # hand-held shake, a few pixels each frame
        image = np.roll(background, (int(dy), int(dx)), axis=(0, 1)).copy()
        left = -60 + i * 4  # a dark figure 40 px wide walks in from the left edge and across
        if left + 40 > 0:
            image[40:170, max(0, left) : max(0, left + 40)] = (40, 30, 30)
        frames.append(noisy(image, rng))
    shots = shots_of(frames)
    assert len(shots) == 1
    assert shots[0].kind is ShotKind.EXERCISE


def test_signatures_and_times_must_pair_up() -> None:
    with pytest.raises(ValueError, match="signatures"):
        segment_shots([frame_signature(scene(1))], [0.0, 0.04])
    assert segment_shots([], []) == []


class ListSource(FrameSource):
    """Frames from a list, as a video file would deliver them."""

    def __init__(self, images: list[np.ndarray]) -> None:
        self.images, self.name, self.fps, self.size = images, "list", FPS, (WIDTH, HEIGHT)
        self.frame_count, self.is_live, self.stopped_early = len(images), False, None

    def __iter__(self):
        return (Frame(i, i / FPS, image) for i, image in enumerate(self.images))


def test_the_watcher_restarts_the_tracker_at_a_hard_cut_and_hands_every_frame_on() -> None:
    images = hold(scene(1), 1.0) + hold(scene(2), 1.0, seed=1)
    restarts: list[int] = []
    watcher = SignatureWatcher(ListSource(images), on_cut=lambda: restarts.append(len(watcher.signatures)))
    delivered = list(watcher)
    assert [f.index for f in delivered] == list(range(len(images)))
    assert restarts == [round(1.0 * FPS)] and watcher.online_cuts == restarts
    assert len(watcher.signatures) == len(watcher.times_s) == len(images)


def test_the_watcher_leaves_the_tracker_alone_in_a_continuous_shot() -> None:
    restarts: list[int] = []
    watcher = SignatureWatcher(ListSource(hold(scene(3), 2.0)), on_cut=lambda: restarts.append(1))
    assert len(list(watcher)) == round(2.0 * FPS) and restarts == []
