"""One synthetic clip: a scenario rendered through a camera, written as H.264 plus its truth JSON."""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from formcheck.outputs.video import H264Writer
from formcheck.synth.bridge import build_bridge
from formcheck.synth.camera import Camera, CameraSpec
from formcheck.synth.couch import build_couch
from formcheck.synth.families import clothing_label, family_look
from formcheck.synth.figure import arm_primitives, body_primitives, figure_materials, figure_primitives
from formcheck.synth.kneeling import build_kneeling
from formcheck.synth.labels import LABEL_RULES, label_clip
from formcheck.synth.look import random_look
from formcheck.synth.occlusion import arm_edge_shift_px
from formcheck.synth.prone import build_prone
from formcheck.synth.render import finish_image, render_over, render_static
from formcheck.synth.scenario import Scenario
from formcheck.synth.skeleton import forward_kinematics
from formcheck.synth.split_squat import build_split_squat
from formcheck.synth.thomas import build_thomas
from formcheck.synth.truth import BLAZEPOSE_JOINTS, chord_lean_back_deg, frame_truth
from formcheck.types import Exercise, MistakeCode, Side

TRUTH_SCHEMA = "formcheck.synth-truth/1"
VIDEO_CRF = 26  # x264 quality: keeps the committed set small; the mannequin has no fine texture to lose

# Mistakes each exercise can be rendered with (None = the correct / negative version).
EXERCISE_MISTAKES: dict[Exercise, tuple[MistakeCode | None, ...]] = {
    Exercise.COUCH_STRETCH: (None, MistakeCode.BACK_ARCH, MistakeCode.SHALLOW_RANGE),
    Exercise.SPLIT_SQUAT: (
        None,
        MistakeCode.BACK_ARCH,
        MistakeCode.SHALLOW_RANGE,
        MistakeCode.KNEE_PAST_ANKLE,
        MistakeCode.BOUNCING,
        MistakeCode.SHORT_HOLD,
    ),
    # Thomas test: None = negative, SHALLOW_RANGE stands for "positive" (thigh floats), KNEE_NOT_HUGGED
    # = the invalid set-up (loose hug and arched back).
    Exercise.THOMAS_TEST: (None, MistakeCode.SHALLOW_RANGE, MistakeCode.KNEE_NOT_HUGGED),
    Exercise.GLUTE_BRIDGE: (
        None,
        MistakeCode.BACK_ARCH,
        MistakeCode.SHALLOW_RANGE,
        MistakeCode.SHORT_SQUEEZE,
    ),
    Exercise.SINGLE_LEG_BRIDGE: (None, MistakeCode.SHALLOW_RANGE),
    Exercise.PRONE_HIP_EXTENSION: (None, MistakeCode.BACK_ARCH, MistakeCode.LIFT_TOO_HIGH),
    Exercise.KNEELING_STRETCH: (None, MistakeCode.BACK_ARCH, MistakeCode.SHALLOW_RANGE),
}


@dataclass(frozen=True)
class ClipSpec:
    exercise: Exercise
    mistake: MistakeCode | None
    side: Side  # working side
    yaw_deg: float = 0.0
    seed: int = 0
    fps: float = 15.0
    size: tuple[int, int] = (640, 360)
    view_side: Side | None = None  # split squat only: the side the camera sees (default = working)
    short: bool = False  # bench clips: the same choreography with fewer repetitions
    pitch_deg: float | None = None
    render_scale: float = 1.0  # ray-cast at this fraction of ``size`` and upscale (faster, softer edges)
    family: str | None = None  # a body family of synth/families.py (None: the original single family)
    window_s: tuple[float, float] | None = None  # (start, length): film only this stretch of the scenario

    @property
    def name(self) -> str:
        label = mistake_label(self.exercise, self.mistake).replace("_", "-")
        yaw = f"yaw{int(round(self.yaw_deg))}".replace("-", "m")
        view = "" if self.view_side in (None, self.side) else "-far"
        name = f"{self.exercise.value}_{label}_{self.side.value}{view}_{yaw}"
        if self.window_s is not None:
            name += f"_t{int(round(self.window_s[0]))}"
        return name if self.family is None else f"{self.family}_{name}"


def mistake_label(exercise: Exercise, mistake: MistakeCode | None) -> str:
    if exercise is Exercise.THOMAS_TEST:
        return {
            None: "negative",
            MistakeCode.SHALLOW_RANGE: "positive",
            MistakeCode.KNEE_NOT_HUGGED: "invalid",
        }[mistake]
    return "correct" if mistake is None else mistake.value


def build_scenario(spec: ClipSpec) -> Scenario:
    if spec.mistake not in EXERCISE_MISTAKES[spec.exercise]:
        raise ValueError(f"{spec.exercise.value} has no scenario for mistake {spec.mistake}")
    rng = np.random.default_rng(spec.seed)
    look = random_look(rng) if spec.family is None else family_look(spec.family, rng, spec.exercise)
    if spec.exercise is Exercise.COUCH_STRETCH:
        return build_couch(spec.mistake, spec.side, look, rng, short=spec.short)
    if spec.exercise is Exercise.SPLIT_SQUAT:
        return build_split_squat(
            spec.mistake, spec.side, spec.view_side or spec.side, look, rng, short=spec.short
        )
    if spec.exercise in (Exercise.GLUTE_BRIDGE, Exercise.SINGLE_LEG_BRIDGE):
        single = spec.exercise is Exercise.SINGLE_LEG_BRIDGE
        return build_bridge(spec.mistake, spec.side, look, rng, short=spec.short, single_leg=single)
    if spec.exercise is Exercise.PRONE_HIP_EXTENSION:
        return build_prone(spec.mistake, spec.side, look, rng, short=spec.short)
    if spec.exercise is Exercise.KNEELING_STRETCH:
        return build_kneeling(spec.mistake, spec.side, look, rng, short=spec.short)
    return build_thomas(spec.mistake, spec.side, look, rng)


def frame_times(duration_s: float, fps: float) -> np.ndarray:
    return np.arange(int(math.floor(duration_s * fps))) / fps


def clip_times(spec: ClipSpec, duration_s: float) -> np.ndarray:
    """Scenario times of the clip's frames: the whole scenario, or only the spec's window of it."""
    if spec.window_s is None:
        return frame_times(duration_s, spec.fps)
    start, length = spec.window_s
    length = min(length, duration_s - start)
    if start < 0 or length <= 0:
        raise ValueError(f"window {spec.window_s} lies outside the {duration_s:.1f} s scenario")
    return start + frame_times(length, spec.fps)


def _camera(spec: ClipSpec, scenario: Scenario, times: np.ndarray) -> tuple[Camera, CameraSpec]:
    """Frame the whole movement: distance from the span every joint covers over the clip."""
    pts = np.concatenate(
        [
            np.array(list(scenario.stage(t).skeleton.joints.values()))
            for t in times[:: max(len(times) // 12, 1)]
        ]
    )
    rng = np.random.default_rng(spec.seed + 7919)
    w, h = spec.size
    focal = float(rng.uniform(0.8, 1.05)) * max(w, h)
    pitch = float(rng.uniform(2.0, 12.0)) if spec.pitch_deg is None else spec.pitch_deg
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    target = scenario.target_m.copy()
    target[0] = 0.5 * (lo[0] + hi[0])
    target[1] = 0.5 * (lo[1] + hi[1])
    span_x = (hi[0] - lo[0] + 0.25) * (
        math.cos(math.radians(spec.yaw_deg)) + 0.3 * math.sin(math.radians(abs(spec.yaw_deg)))
    )
    span_y = hi[1] - lo[1] + 0.25
    distance = max(span_x * 1.25 * focal / w, span_y * 1.3 * focal / h, 1.6)
    side_sign = 1 if scenario.view_side is Side.RIGHT else -1
    cam_spec = CameraSpec(side_sign, spec.yaw_deg, pitch, float(distance), focal, w, h)
    return cam_spec.build(target), cam_spec


def _scaled(camera: Camera, scale: float) -> Camera:
    """The same view at ``scale`` x the resolution: pixel (u, v) there is (u / scale, v / scale) here."""
    if scale == 1.0:
        return camera
    w, h = max(int(round(camera.width_px * scale)), 8), max(int(round(camera.height_px * scale)), 8)
    return Camera(camera.position_m, camera.rotation, camera.focal_px * w / camera.width_px, w, h)


def _upscaled(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    if (rgb.shape[1], rgb.shape[0]) == tuple(size):
        return rgb
    return cv2.resize(rgb.astype(np.float32), size, interpolation=cv2.INTER_LINEAR)


def _camera_relative(camera: Camera, direction: tuple[float, float, float]) -> tuple[float, float, float]:
    """A (image-right, up, towards-camera) light direction in world coordinates."""
    right, forward = camera.rotation[0], camera.rotation[2].copy()
    forward[1] = 0.0
    forward /= np.linalg.norm(forward)
    world = right * direction[0] + np.array([0.0, 1.0, 0.0]) * direction[1] - forward * direction[2]
    return tuple(float(c) for c in world / np.linalg.norm(world))


@dataclass
class ClipResult:
    video_path: Path
    truth_path: Path
    truth: dict
    render_s: float
    frames: int = 0
    extra: dict = field(default_factory=dict)


def _frame_record(t: float, staged, scenario: Scenario, camera: Camera, rays: np.ndarray) -> dict:
    truth = frame_truth(staged.skeleton, scenario.working, staged.pose.lumbar_arch_deg)
    record = {"t": round(float(t), 4), "phase": staged.phase}
    record.update({k: round(float(v), 2) for k, v in truth.items()})
    px = camera.project(np.array([staged.skeleton.joints[n] for n in BLAZEPOSE_JOINTS]))
    record["joints_px"] = {
        n: [round(float(p[0]), 1), round(float(p[1]), 1)] for n, p in zip(BLAZEPOSE_JOINTS, px, strict=True)
    }
    shape, outfit = scenario.look.shape, scenario.look.outfit
    shift = arm_edge_shift_px(
        camera,
        rays,
        body_primitives(staged.skeleton, shape, outfit, staged.chest_expansion),
        arm_primitives(staged.skeleton, shape, outfit),
        record["joints_px"],
    )
    record["arm_edge_shift_px"] = None if shift is None else round(shift, 1)
    return record


@dataclass
class PlannedClip:
    """Everything about a clip except its pixels: the staged frames, the camera and the truth."""

    spec: ClipSpec
    scenario: Scenario
    camera: Camera
    staged: list
    truth: dict


def plan_clip(spec: ClipSpec) -> PlannedClip:
    """Stage every frame and derive the truth (labels first: an ambiguous clip fails before rendering)."""
    scenario = build_scenario(spec)
    times = clip_times(spec, scenario.timeline.duration_s)
    camera, cam_spec = _camera(spec, scenario, times)
    staged = [scenario.stage(float(t)) for t in times]
    rays = camera.pixel_rays()
    start = float(times[0]) if spec.window_s is not None else 0.0
    records = [
        _frame_record(t - start, st, scenario, camera, rays) for t, st in zip(times, staged, strict=True)
    ]
    return PlannedClip(spec, scenario, camera, staged, truth_document(spec, scenario, cam_spec, records))


def write_truth(plan: PlannedClip, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{plan.spec.name}.truth.json"
    path.write_text(json.dumps(plan.truth, indent=None, separators=(",", ":")))
    return path


def render_clip(spec: ClipSpec, out_dir: Path, *, progress=None, video: bool = True) -> ClipResult:
    """Render ``spec`` into ``out_dir/<name>.mp4`` and ``<name>.truth.json`` (``video=False``: truth only)."""
    started = time.perf_counter()
    plan = plan_clip(spec)
    video_path = out_dir / f"{spec.name}.mp4"
    if video:
        _render_video(plan, video_path, progress)
    truth_path = write_truth(plan, out_dir)
    return ClipResult(video_path, truth_path, plan.truth, time.perf_counter() - started, len(plan.staged))


def _render_video(plan: PlannedClip, video_path: Path, progress=None) -> None:
    spec, scenario, look = plan.spec, plan.scenario, plan.scenario.look
    render_camera = _scaled(plan.camera, spec.render_scale)
    rays = render_camera.pixel_rays()
    lighting = replace(look.lighting, direction=_camera_relative(plan.camera, look.lighting.direction))
    materials = figure_materials(look.outfit) + list(scenario.prop_materials)
    static = render_static(
        render_camera, rays, scenario.props, materials, lighting, look.backdrop, scenario.target_m
    )
    noise_rng = np.random.default_rng(spec.seed + 104729)
    # an upscaled render is already soft: no extra lens blur
    finish = look.finish if spec.render_scale == 1.0 else replace(look.finish, blur_sigma_px=0.0)
    video_path.parent.mkdir(parents=True, exist_ok=True)
    with H264Writer(video_path, spec.fps, spec.size, crf=VIDEO_CRF) as writer:
        for staged in plan.staged:
            prims = figure_primitives(staged.skeleton, look.shape, look.outfit, staged.chest_expansion)
            rgb = render_over(render_camera, rays, static, prims, materials, lighting)
            writer.write(finish_image(_upscaled(rgb, spec.size), finish, noise_rng))
            if progress is not None:
                progress.update(1)


def _windowed(spans: list[dict], start: float, end: float) -> list[dict]:
    """Events or holds shifted to clip time and cut to the window; ``cut`` marks the ones it shortened
    (a hold the camera stopped filming is not a short hold)."""
    out = []
    for span in spans:
        a, b = span["start_s"] - start, span["end_s"] - start
        if b <= 0 or a >= end - start:
            continue
        clipped = {**span, "start_s": round(max(a, 0.0), 3), "end_s": round(min(b, end - start), 3)}
        if a < 0 or b > end - start:
            clipped["cut"] = True
        out.append(clipped)
    return out


def truth_document(spec: ClipSpec, scenario: Scenario, cam_spec: CameraSpec, records: list[dict]) -> dict:
    holds, events = scenario.holds, scenario.timeline.events
    if spec.window_s is not None:
        start, end = spec.window_s[0], spec.window_s[0] + len(records) / spec.fps
        holds, events = _windowed(holds, start, end), _windowed(events, start, end)
    labels = label_clip(spec.exercise, records, holds)
    neutral = scenario.stage(0.0)
    flat = forward_kinematics(scenario.look.shape, replace(neutral.pose, lumbar_arch_deg=0.0))
    offset = chord_lean_back_deg(flat, scenario.working)
    return {
        "schema": TRUTH_SCHEMA,
        "clip": f"{spec.name}.mp4",
        "exercise": spec.exercise.value,
        "scenario": mistake_label(spec.exercise, spec.mistake),
        "working_side": spec.side.value,
        "camera_side": scenario.view_side.value,
        "seed": spec.seed,
        "fps": spec.fps,
        "size": list(spec.size),
        "duration_s": round(len(records) / spec.fps, 3),
        "frame_count": len(records),
        "camera": cam_spec.to_dict(),
        "body": body_record(scenario),
        "trunk_thigh_offset_deg": round(offset, 3),
        "mistakes": [c.value for c in labels.mistakes],
        "thomas_result": labels.thomas_result.value if labels.thomas_result else None,
        "mistake_intervals": labels.intervals,
        "label_rules": LABEL_RULES,
        "events": events,
        "holds": holds,
        "frames": records,
    } | ({} if spec.window_s is None else {"window_s": [round(v, 3) for v in spec.window_s]})


def body_record(scenario: Scenario) -> dict:
    """The truth's ``body``: height and neutral lumbar angle, and for a family body what it is made of."""
    look, shape = scenario.look, scenario.look.shape
    record = {"height_m": round(shape.height_m, 3), "lumbar_neutral_deg": round(shape.lumbar_neutral_deg, 2)}
    if look.family is None:
        return record
    return record | {
        "family": look.family,
        "thorax_neutral_deg": round(shape.thorax_neutral_deg, 2),
        "standing_tilt_deg": round(shape.standing_tilt_deg, 2),
        **(look.spine or {}),
        **{
            k: round(getattr(shape, k), 3)
            for k in ("girth", "breasts", "belly", "buttocks", "hip_flare", "chest")
        },
        **clothing_label(look),
        "prop": look.prop_style,
    }
