"""The body space leaves the original body alone: frames of a committed sample clip rendered today
match the committed video up to its H.264 compression, while a hoodie and long hair do not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from formcheck.synth import clip as studio
from formcheck.synth.figure import figure_materials, figure_primitives
from formcheck.synth.render import finish_image, render_over, render_static
from formcheck.synth.sets import SAMPLE_SET
from formcheck.types import Exercise

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
FRAMES = 3
CHANGED_LEVELS = 40  # far above what CRF-26 compression moves a pixel of these flat-shaded frames
MAX_CHANGED_PX = 20


def _frames_today(spec, **outfit_changes) -> list[np.ndarray]:
    """The clip's first frames through the same steps as ``clip._render_video`` (noise sequence too)."""
    scenario = studio.build_scenario(spec)
    times = studio.frame_times(scenario.timeline.duration_s, spec.fps)
    camera, _ = studio._camera(spec, scenario, times)
    look = scenario.look
    outfit = replace(look.outfit, **outfit_changes)
    cam = studio._scaled(camera, spec.render_scale)
    rays = cam.pixel_rays()
    light = replace(look.lighting, direction=studio._camera_relative(camera, look.lighting.direction))
    materials = figure_materials(outfit) + list(scenario.prop_materials)
    static = render_static(cam, rays, scenario.props, materials, light, look.backdrop, scenario.target_m)
    noise = np.random.default_rng(spec.seed + 104729)
    finish = replace(look.finish, blur_sigma_px=0.0)
    frames = []
    for t in times[:FRAMES]:
        staged = scenario.stage(float(t))
        prims = figure_primitives(staged.skeleton, look.shape, outfit, staged.chest_expansion)
        rgb = render_over(cam, rays, static, prims, materials, light)
        frames.append(finish_image(studio._upscaled(rgb, spec.size), finish, noise))
    return frames


def _changed_px(a: np.ndarray, b: np.ndarray) -> int:
    return int((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > CHANGED_LEVELS).sum())


def test_the_original_body_renders_as_in_the_committed_sample_and_a_hoodie_would_show():
    spec = next(s for s in SAMPLE_SET if s.exercise is Exercise.THOMAS_TEST)
    capture = cv2.VideoCapture(str(SAMPLES / f"{spec.name}.mp4"))
    committed = [capture.read()[1] for _ in range(FRAMES)]
    capture.release()
    today = _frames_today(spec)
    hooded = _frames_today(spec, top_style="hoodie", hair_style="long")
    for old, new, other in zip(committed, today, hooded, strict=True):
        assert _changed_px(old, new) <= MAX_CHANGED_PX
        assert _changed_px(old, other) > 50 * MAX_CHANGED_PX
