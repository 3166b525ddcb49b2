"""Hand-built FrameAngles streams that follow the studio's choreography (HELPERS_BRIEF.md).

A ``Timeline`` holds target values (degrees) that ramp linearly between key times; ``sample`` turns
it into frames at 15 fps with a little Gaussian noise. The per-exercise builders map those targets
onto FrameAngles with the geometry of the pose (a lying trunk is horizontal, so a thigh below
horizontal by x is x deg of trunk-thigh extension; a standing thigh at inclination i has trunk-thigh
i), so every expected value below can be checked by hand.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from formcheck.types import FrameAngles, LegAngles, LumbarArch, Side, ViewEstimate

FPS = 15.0
NOISE_DEG = 0.7


@dataclass
class Timeline:
    """Piecewise-linear targets: ``to(2.0, knee=90)`` ramps knee to 90 over 2 s; ``hold`` keeps all."""

    start: dict[str, float]
    keys: list[tuple[float, dict[str, float]]] = field(default_factory=list)
    wobbles: list[tuple[float, float, str, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = [(0.0, dict(self.start))]

    @property
    def end_s(self) -> float:
        return self.keys[-1][0]

    def to(self, duration_s: float, **targets: float) -> Timeline:
        t, values = self.keys[-1]
        self.keys.append((t + duration_s, {**values, **targets}))
        return self

    def hold(self, duration_s: float) -> Timeline:
        return self.to(duration_s)

    def wobble(self, start_s: float, end_s: float, name: str, amplitude: float, hz: float) -> Timeline:
        """Add a sine of ``amplitude`` deg at ``hz`` to one value between two times (bouncing)."""
        self.wobbles.append((start_s, end_s, name, amplitude, hz))
        return self

    def value_at(self, t: float) -> dict[str, float]:
        for (t0, a), (t1, b) in zip(self.keys, self.keys[1:], strict=False):
            if t0 <= t <= t1:
                w = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
                values = {k: a[k] + w * (b[k] - a[k]) for k in a}
                break
        else:
            values = dict(self.keys[-1][1])
        for start, end, name, amplitude, hz in self.wobbles:
            if start <= t <= end:
                values[name] += amplitude * math.sin(2 * math.pi * hz * (t - start))
        return values

    def sample(
        self, fps: float = FPS, noise_deg: float = NOISE_DEG, seed: int = 0
    ) -> list[tuple[float, dict]]:
        rng = np.random.default_rng(seed)
        frames = []
        for i in range(int(self.end_s * fps) + 1):
            t = i / fps
            values = {k: v + float(rng.normal(0.0, noise_deg)) for k, v in self.value_at(t).items()}
            frames.append((t, values))
        return frames


def _view(near: Side) -> ViewEstimate:
    return ViewEstimate(near_side=near, facing=1, sagittal_score=0.95, is_sagittal=True)


def _frame(i: int, t: float, trunk: float, legs: dict[Side, LegAngles], arch: float | None, near: Side):
    lumbar = LumbarArch(arch, 0.9) if arch is not None else LumbarArch(None, 0.0, "mask leaks onto the couch")
    return FrameAngles(i, t, True, _view(near), trunk, legs[Side.LEFT], legs[Side.RIGHT], lumbar)


def leg(
    trunk: float, trunk_thigh: float, knee: float, arch: float | None, shin: float | None = None
) -> LegAngles:
    """A leg from its trunk-thigh angle and the trunk's inclination (formcheck.types conventions).

    Thigh inclination from straight down is trunk-thigh plus trunk inclination (standing tall both
    are 0; a supine trunk is -90, so a thigh collinear with it points "forward" at -90); the angle
    to horizontal follows from the inclination's direction.
    """
    inclination = (trunk_thigh + trunk + 180.0) % 360.0 - 180.0
    backward, down = math.sin(math.radians(inclination)), math.cos(math.radians(inclination))
    return LegAngles(
        trunk_thigh_deg=trunk_thigh,
        hip_extension_deg=trunk_thigh - arch if arch is not None else None,
        thigh_inclination_deg=inclination,
        thigh_to_horizontal_deg=math.degrees(math.atan2(-down, abs(backward))),
        knee_flexion_deg=knee,
        shin_inclination_deg=shin,
    )


def lying_leg(trunk: float, t2h: float, knee: float, arch: float) -> LegAngles:
    """A supine person's leg whose thigh makes ``t2h`` with the horizontal (below = hip extension)."""
    return leg(trunk, -t2h - (trunk + 90.0), knee, arch)


def flexed_leg(trunk: float, hip_flexion: float, knee: float) -> LegAngles:
    """A leg folded toward the chest (hugged, or foot on the couch): hip flexion = -trunk-thigh."""
    return leg(trunk, -hip_flexion, knee, None)


def standing_leg(trunk: float, inclination: float, knee: float, shin: float | None, arch: float) -> LegAngles:
    """An upright person's leg: thigh inclination from straight down, + = behind."""
    return leg(trunk, inclination - trunk, knee, arch, shin)


def couch_frames(timeline: Timeline, side: Side = Side.RIGHT, **sample_options) -> list[FrameAngles]:
    """Keys: trunk, thigh (working thigh-to-horizontal), knee, other_flexion, other_knee, arch."""
    frames = []
    for i, (t, v) in enumerate(timeline.sample(**sample_options)):
        legs = {
            side: lying_leg(v["trunk"], v["thigh"], v["knee"], v["arch"]),
            side.other: flexed_leg(v["trunk"], v["other_flexion"], v["other_knee"]),
        }
        frames.append(_frame(i, t, v["trunk"], legs, v["arch"], side))
    return frames


def split_frames(timeline: Timeline, side: Side = Side.LEFT, **sample_options) -> list[FrameAngles]:
    """Keys: trunk, rear_incl, rear_knee, front_incl, front_knee, front_shin, arch (side = rear leg)."""
    frames = []
    for i, (t, v) in enumerate(timeline.sample(**sample_options)):
        legs = {
            side: standing_leg(v["trunk"], v["rear_incl"], v["rear_knee"], None, v["arch"]),
            side.other: standing_leg(
                v["trunk"], v["front_incl"], v["front_knee"], v["front_shin"], v["arch"]
            ),
        }
        frames.append(_frame(i, t, v["trunk"], legs, v["arch"], side))
    return frames


def thomas_frames(
    timeline: Timeline, side: Side = Side.RIGHT, arch_measurable: bool = True, **sample_options
) -> list[FrameAngles]:
    """Keys: trunk, test_thigh, test_knee, hug_flexion, hug_knee, arch (side = test leg).

    ``test_thigh`` is the test thigh's angle to horizontal while lying; sitting on the bed (trunk
    upright) both thighs point forward, which the trunk-thigh angle follows through the trunk's tilt.
    """
    frames = []
    for i, (t, v) in enumerate(timeline.sample(**sample_options)):
        # Sitting up folds the test hip to ~90 deg; lying back straightens it to the thigh's angle.
        lying_share = min(1.0, abs(v["trunk"]) / 80.0)
        lying = -v["test_thigh"] - (v["trunk"] + 90.0)
        trunk_thigh = -90.0 * (1 - lying_share) + lying * lying_share
        legs = {
            side: leg(v["trunk"], trunk_thigh, v["test_knee"], v["arch"]),
            side.other: flexed_leg(v["trunk"], v["hug_flexion"], v["hug_knee"]),
        }
        frames.append(_frame(i, t, v["trunk"], legs, v["arch"] if arch_measurable else None, side))
    return frames


def bridge_frames(timeline: Timeline, side: Side = Side.RIGHT, **sample_options) -> list[FrameAngles]:
    """Keys: trunk, lift (working trunk-thigh, 0 = shoulder, hip and knee in line), knee, other_lift,
    other_knee, arch. Lifting the hips tilts the trunk past horizontal (shoulders on the floor)."""
    frames = []
    for i, (t, v) in enumerate(timeline.sample(**sample_options)):
        legs = {
            side: leg(v["trunk"], v["lift"], v["knee"], v["arch"]),
            side.other: leg(v["trunk"], v["other_lift"], v["other_knee"], v["arch"]),
        }
        frames.append(_frame(i, t, v["trunk"], legs, v["arch"], side))
    return frames


def kneeling_frames(timeline: Timeline, side: Side = Side.LEFT, **sample_options) -> list[FrameAngles]:
    """Keys: trunk, rear_incl, rear_shin (the kneeling shin's inclination: ~95 along the floor, ~160
    up a wall), rear_height (knee above the lower ankle, fiftieths of a thigh), front_incl,
    front_knee, arch (side = the kneeling leg)."""
    frames = []
    for i, (t, v) in enumerate(timeline.sample(**sample_options)):
        rear_knee = v["rear_shin"] - v["rear_incl"]  # the knee bends the shin backwards from the thigh
        rear = standing_leg(v["trunk"], v["rear_incl"], rear_knee, v["rear_shin"], v["arch"])
        front = standing_leg(v["trunk"], v["front_incl"], v["front_knee"], 0.0, v["arch"])
        legs = {
            side: dataclasses.replace(rear, knee_height_thighs=v["rear_height"] / 50.0),
            side.other: dataclasses.replace(front, knee_height_thighs=0.9),
        }
        frames.append(_frame(i, t, v["trunk"], legs, v["arch"], side))
    return frames


# --- the studio's choreography, as timelines ------------------------------------------------------


def couch_timeline(
    presses: int = 3, reps: int = 12, thigh_deg: float = -9.0, settle_deg: float = 3.0, arch: float = 2.0
) -> Timeline:
    """Exhale reset 22 s (thigh settling 2 deg), presses of 6 s (knee -10) with 6-s relaxes (thigh
    settles ``settle_deg`` further), then lock-in reps (knee +30 in 0.6 s, 2-s hold, release, 1.5 s)."""
    tl = Timeline(
        {
            "trunk": -88.0,
            "thigh": thigh_deg,
            "knee": 85.0,
            "other_flexion": 45.0,
            "other_knee": 95.0,
            "arch": arch,
        }
    )
    tl.to(22.0, thigh=thigh_deg - 2.0)
    thigh = thigh_deg - 2.0
    for _ in range(presses):
        tl.to(0.7, knee=75.0).hold(5.3)
        thigh -= settle_deg
        tl.to(0.7, knee=85.0).to(3.0, thigh=thigh).hold(2.3)  # settles, then rests there
    for _ in range(reps):
        tl.to(0.6, knee=117.0).hold(2.0).to(0.6, knee=85.0).hold(1.5)
    return tl.hold(2.0)


def split_timeline(
    holds: int = 3,
    hold_s: float = 25.0,
    rear_incl: float = 15.0,
    front_shin: float = 10.0,
    arch: float = 2.0,
) -> Timeline:
    """Stand tall 2 s, lower 2 s, hold, rise 2 s, rest 4 s, repeated."""
    standing = {"rear_incl": 8.0, "rear_knee": 75.0, "front_incl": 0.0, "front_knee": 5.0, "front_shin": 0.0}
    tl = Timeline({"trunk": 5.0, "arch": 2.0, **standing})
    tl.hold(2.0)
    for _ in range(holds):
        tl.to(
            2.0,
            rear_incl=rear_incl,
            rear_knee=105.0,
            front_incl=-75.0,
            front_knee=90.0,
            front_shin=front_shin,
            arch=arch,
        )
        tl.hold(hold_s)
        tl.to(2.0, arch=2.0, **standing).hold(4.0)
    return tl


def thomas_timeline(
    test_thigh: float = -10.0, hug_flexion: float = 120.0, arch: float = 2.0, hold_s: float = 8.0
) -> Timeline:
    """Sit on the bed 2 s, hug the knee 1 s, lie back 2 s, hold."""
    tl = Timeline(
        {
            "trunk": 0.0,
            "test_thigh": 0.0,
            "test_knee": 90.0,
            "hug_flexion": 90.0,
            "hug_knee": 90.0,
            "arch": 2.0,
        }
    )
    tl.hold(2.0).to(1.0, hug_flexion=hug_flexion, hug_knee=125.0)
    tl.to(2.0, trunk=-88.0, test_thigh=test_thigh, test_knee=75.0, arch=arch)
    return tl.hold(hold_s)


def bridge_timeline(
    reps: int = 8, top: float = 0.0, squeeze_s: float = 3.5, arch: float = 2.0, rest_lift: float = -52.0
) -> Timeline:
    """Lie with heels near the glutes 3 s (hips flexed ~52 deg, knees ~105; ``rest_lift`` is the
    trunk-thigh at rest); each rep lifts in 1 s (the trunk tilts 25 deg past horizontal, the knees
    open to ~90), squeezes, lowers in 1 s and rests 1.5 s."""
    rest = {
        "trunk": -88.0,
        "lift": rest_lift,
        "other_lift": rest_lift + 2.0,
        "knee": 105.0,
        "other_knee": 103.0,
    }
    tl = Timeline({**rest, "arch": 2.0})
    tl.hold(3.0)
    for _ in range(reps):
        tl.to(1.0, trunk=-113.0, lift=top, other_lift=top + 2.0, knee=90.0, other_knee=88.0, arch=arch)
        tl.hold(squeeze_s).to(1.0, arch=2.0, **rest).hold(1.5)
    return tl


def single_leg_bridge_timeline(reps: int = 8, top: float = 0.0, squeeze_s: float = 3.5) -> Timeline:
    """The bridge's timeline with the free leg held out straight (knee 5 deg), its thigh in line with
    the planted one at the top and raised ~20 deg above it at rest."""
    tl = Timeline(
        {"trunk": -88.0, "lift": -52.0, "other_lift": -72.0, "knee": 105.0, "other_knee": 5.0, "arch": 2.0}
    )
    tl.hold(3.0)
    for _ in range(reps):
        tl.to(1.0, trunk=-113.0, lift=top, other_lift=top - 5.0, knee=90.0).hold(squeeze_s)
        tl.to(1.0, trunk=-88.0, lift=-52.0, other_lift=-72.0, knee=105.0).hold(1.5)
    return tl


def prone_frames(timeline: Timeline, side: Side = Side.RIGHT, **sample_options) -> list[FrameAngles]:
    """Keys: trunk (face down: +90), lift and other_lift (each thigh's trunk-thigh; the pillow under
    the pelvis flexes both hips a few degrees at rest), arch. Knees straight."""
    frames = []
    for i, (t, v) in enumerate(timeline.sample(**sample_options)):
        legs = {
            side: leg(v["trunk"], v["lift"], 5.0, v["arch"]),
            side.other: leg(v["trunk"], v["other_lift"], 5.0, v["arch"]),
        }
        frames.append(_frame(i, t, v["trunk"], legs, v["arch"], side))
    return frames


def prone_timeline(reps: int = 8, lift: float = 5.0, arch: float = 2.0, rest: float = -8.0) -> Timeline:
    """Lie face down on the pillow 3 s (both hips flexed ``-rest`` deg); each rep lifts the working
    thigh ``lift`` deg in 1 s (the arch rising to ``arch`` with it), holds 2 s, lowers in 1 s and
    rests 1.5 s."""
    tl = Timeline({"trunk": 88.0, "lift": rest, "other_lift": rest - 1.0, "arch": 2.0})
    tl.hold(3.0)
    for _ in range(reps):
        tl.to(1.0, lift=rest + lift, arch=arch).hold(2.0).to(1.0, lift=rest, arch=2.0).hold(1.5)
    return tl


def kneeling_timeline(
    hold_s: float = 40.0, rear_incl: float = 15.0, rear_shin: float = 95.0, arch: float = 2.0
) -> Timeline:
    """Stand 2 s, kneel down 2 s (knee to the floor, front foot forward), shift the hips forward 2 s,
    hold, stand up 2 s, stand 2 s. ``rear_height`` is in fiftieths of a thigh (the noise is degrees)."""
    standing = {"rear_incl": 0.0, "rear_shin": 5.0, "rear_height": 50.0, "front_incl": 0.0, "front_knee": 5.0}
    tl = Timeline({"trunk": 3.0, "arch": 2.0, **standing})
    tl.hold(2.0).to(
        2.0, rear_incl=0.0, rear_shin=rear_shin, rear_height=-3.0, front_incl=-80.0, front_knee=90.0
    )
    tl.to(2.0, rear_incl=rear_incl, arch=arch).hold(hold_s - 2.0)
    return tl.to(2.0, arch=2.0, **standing).hold(2.0)


def with_swapped_legs(frames: list[FrameAngles], start_s: float, end_s: float) -> list[FrameAngles]:
    """BlazePose's failure mode: left and right labels exchanged for a stretch of time."""
    out = []
    for f in frames:
        if start_s <= f.timestamp_s <= end_s:
            f = FrameAngles(
                f.index, f.timestamp_s, f.has_pose, f.view, f.trunk_inclination_deg, f.right, f.left, f.lumbar
            )
        out.append(f)
    return out


def run_analyzer(exercise, frames: list[FrameAngles], *, side: Side | None = None, profile=None):
    """Feed frames one by one as the live coach would; returns (result, events as emitted)."""
    from formcheck.exercises import create_analyzer

    analyzer = create_analyzer(exercise, profile=profile, side=side, fps=FPS)
    emitted = []
    for frame in frames:
        emitted.extend(analyzer.update(frame, None))
    return analyzer.finish(), emitted


def overlaps(mistake, start_s: float, end_s: float) -> bool:
    return mistake.start_s <= end_s and mistake.end_s >= start_s
