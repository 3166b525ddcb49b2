"""One person out of several: a search that finds someone where the whole-frame pass finds no one.

BlazePose tracks one person, and its whole-frame detector can lose even that one when several are
in view. Measured on a sample clip stacked beside itself (two identical people side by side): no
pose in any of its 90 frames, in video and in image mode, through the legacy API and the Tasks API
(also with ``num_poses=2``); the same frame with the second copy removed, shrunk to half size, cut
to 960 of its 1280 px, or stacked vertically instead, gives the person in every frame. So the two
equal detections are merged or rejected inside MediaPipe before the landmark model, and a window
holding one person is enough to get them back.

``PersonFocus`` wraps a pose estimator. While the whole frame gives a pose nothing changes. When it
gives none, the frame's left and right windows (each 60 % of its width) are searched in image mode;
the larger person found becomes the *focus*, and from then on the wrapped estimator sees a window
around them (it follows the hips), with landmarks and mask mapped back to the frame's pixels. The
focus is dropped (the whole frame tried again) when the person is lost in it for a second.

``others_present`` is set when a second person is seen: both search windows hold someone, or (when
the whole frame does give a pose) the window away from that person holds someone else. That check
costs one image-mode pass on the first pose and then every ``OTHERS_CHECK_EVERY_FRAMES`` frames.

Which person: the one doing the exercise (``exercise_likeness``), not the larger one. Every exercise
formcheck judges puts the body in a posture a bystander standing, walking past or watching does not
hold: lying (Thomas test), or the thighs split apart (split squat, couch stretch, kneeling
stretches). A person whose whole body is in the frame and who holds such a posture scores high; the
larger person is kept only when the two score alike. The choice is made the first time two people
are seen (at the search, or at the first look beside the person the whole frame gave) and then
kept through the clip: the focus follows that person's hips.

What it cannot do: separate two people standing close together in the middle (both windows hold
both), or tell a second person who also exercises from the one meant; it judges one frame's
posture, not whether the person stays steady.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from formcheck.landmarks import PoseLandmark
from formcheck.pose.base import PoseEstimator
from formcheck.types import Frame, Pose

WINDOW_FRACTION = 0.6  # each search window's share of the frame width
# While no one is found, search the windows on every n-th frame only: an empty clip costs
# 1 + 2/n model passes per frame instead of 3.
SEARCH_EVERY_FRAMES = 5
LOST_AFTER_FRAMES = 30  # a focus that finds no one this long is dropped (about 1 s of video)
RECENTRE_FRACTION = 0.2  # follow the hips when they drift this far (of the window) off its centre
OTHERS_CHECK_EVERY_FRAMES = 150
# Two poses are two people when their hips lie this far apart (in body heights); one person seen
# through two overlapping windows gives the same hips within a few pixels.
SAME_PERSON_MAX_SHIFT = 0.25
# A person found in a window counts only when every landmark stays this far (of the window width)
# inside it: a body cut by the window's edge (a lying person wider than the window) would be
# tracked cut, with landmarks guessed beyond the edge. Such frames keep "no pose".
INSIDE_MARGIN_FRACTION = 0.05
_HIPS = (int(PoseLandmark.LEFT_HIP), int(PoseLandmark.RIGHT_HIP))
# One person is taken over another only when their exercise likeness (0..1) is higher by this much;
# otherwise the larger one is kept (as before), which suits a small bystander far behind.
LIKENESS_MARGIN = 0.2
# The landmarks that make "the whole body": a person cut at the knees by the frame's edge, or half
# hidden behind the one in front, is not the one being filmed.
_BODY = tuple(
    int(getattr(PoseLandmark, f"{side}_{part}"))
    for side in ("LEFT", "RIGHT")
    for part in ("SHOULDER", "HIP", "KNEE", "ANKLE")
)
BODY_VISIBILITY = 0.5
# Posture ramps (deg). Trunk from vertical: a lying trunk is 70-90, standing 0-15, a deep forward
# lean in a split squat stays under 45. Angle between the two thighs: standing 0-10, a walking stride
# 20-35 at its widest, a split squat or a kneeling lunge 60-100.
LYING_FROM_DEG, LYING_FULL_DEG = 45.0, 70.0
SPLIT_FROM_DEG, SPLIT_FULL_DEG = 30.0, 55.0


@dataclass(frozen=True, slots=True)
class Window:
    """A full-height vertical strip of the frame: columns ``x0`` (inclusive) to ``x1`` (exclusive)."""

    x0: int
    x1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    def crop(self, frame: Frame) -> Frame:
        return Frame(frame.index, frame.timestamp_s, np.ascontiguousarray(frame.image[:, self.x0 : self.x1]))

    def centred_on(self, x: float, frame_width: int) -> Window:
        x0 = int(round(min(max(x - self.width / 2, 0), frame_width - self.width)))
        return Window(x0, x0 + self.width)


def search_windows(frame_width: int) -> tuple[Window, Window]:
    width = max(1, round(frame_width * WINDOW_FRACTION))
    return Window(0, width), Window(frame_width - width, frame_width)


def to_frame(pose: Pose, window: Window, frame_size: tuple[int, int]) -> Pose:
    """A pose found in ``window`` in the whole frame's pixels (same scale: the window is a plain crop)."""
    landmarks = pose.landmarks_px + np.array([window.x0, 0.0])
    mask = None
    if pose.mask is not None:
        width, height = frame_size
        mask = np.zeros((height, width), np.float32)
        mask[:, window.x0 : window.x1] = pose.mask
    return replace(pose, landmarks_px=landmarks, image_size=frame_size, mask=mask)


def fits_inside(pose: Pose, window: Window, frame_width: int) -> bool:
    """Whether the pose's landmarks keep clear of the window's edges (a frame edge may be touched)."""
    margin = INSIDE_MARGIN_FRACTION * window.width
    xs = pose.landmarks_px[:, 0]
    clear_left = window.x0 == 0 or xs.min() >= window.x0 + margin
    clear_right = window.x1 == frame_width or xs.max() <= window.x1 - margin
    return bool(clear_left and clear_right)


def different_people(a: Pose, b: Pose) -> bool:
    height = max(body_height_px(a), body_height_px(b), 1.0)
    return abs(hips_x(a) - hips_x(b)) > SAME_PERSON_MAX_SHIFT * height


def body_height_px(pose: Pose) -> float:
    ys = pose.landmarks_px[:, 1]
    return float(ys.max() - ys.min())


def hips_x(pose: Pose) -> float:
    return float(pose.landmarks_px[list(_HIPS), 0].mean())


def _ramp(value: float, start: float, full: float) -> float:
    return min(1.0, max(0.0, (value - start) / (full - start)))


def _angle_between_deg(a: np.ndarray, b: np.ndarray) -> float:
    norms = float(np.hypot(*a) * np.hypot(*b))
    if norms < 1e-9:
        return 0.0
    return float(np.degrees(np.arccos(np.clip(np.dot(a, b) / norms, -1.0, 1.0))))


def whole_body_share(pose: Pose) -> float:
    """Share of shoulders, hips, knees and ankles that are visible and inside the frame."""
    width, height = pose.image_size
    inside = 0
    for landmark in _BODY:
        x, y = pose.landmarks_px[landmark]
        if pose.visibility[landmark] >= BODY_VISIBILITY and 0 <= x < width and 0 <= y < height:
            inside += 1
    return inside / len(_BODY)


def exercise_posture(pose: Pose) -> float:
    """0..1: how much the pose looks like one of the exercises' postures (lying, or thighs split)."""
    points = pose.landmarks_px
    lm = PoseLandmark
    mid_hip = (points[lm.LEFT_HIP] + points[lm.RIGHT_HIP]) / 2
    mid_shoulder = (points[lm.LEFT_SHOULDER] + points[lm.RIGHT_SHOULDER]) / 2
    trunk = mid_shoulder - mid_hip
    from_vertical = _angle_between_deg(trunk, np.array((0.0, -1.0)))
    lying = _ramp(min(from_vertical, 180.0 - from_vertical), LYING_FROM_DEG, LYING_FULL_DEG)
    thighs = _angle_between_deg(
        points[lm.LEFT_KNEE] - points[lm.LEFT_HIP], points[lm.RIGHT_KNEE] - points[lm.RIGHT_HIP]
    )
    split = _ramp(thighs, SPLIT_FROM_DEG, SPLIT_FULL_DEG)
    return max(lying, split)


def exercise_likeness(pose: Pose) -> float:
    """0..1: a whole body in view, in an exercise's posture (see the module docstring)."""
    return whole_body_share(pose) * exercise_posture(pose)


def the_exerciser(poses: list[Pose]) -> Pose:
    """Of several people's poses, the one doing the exercise; the larger one when they score alike."""
    scored = sorted(poses, key=exercise_likeness, reverse=True)
    best = scored[0]
    if len(scored) > 1 and exercise_likeness(best) - exercise_likeness(scored[1]) < LIKENESS_MARGIN:
        return max(poses, key=body_height_px)
    return best


class PersonFocus:
    """A :class:`PoseEstimator` that keeps one person in view when several confuse the whole-frame pass."""

    def __init__(self, estimator: PoseEstimator, make_searcher: Callable[[], PoseEstimator]) -> None:
        self._estimator = estimator
        self.wrapped = estimator  # the backend itself (its own attributes, for tests and tools)
        self._make_searcher = make_searcher
        self._searcher: PoseEstimator | None = None
        self.name = estimator.name
        self.others_present = False
        self._focus: Window | None = None
        self._misses = 0  # consecutive frames without a pose (whole frame or focus)
        self._since_others_check: int | None = None  # None: not checked yet
        self._chosen = False  # the exerciser was picked from two people: keep them from now on

    def estimate(self, frame: Frame) -> Pose | None:
        if self._focus is not None:
            return self._estimate_in_focus(frame)
        pose = self._estimator.estimate(frame)
        if pose is not None:
            self._misses = 0
            self._maybe_check_others(frame, pose)
            return pose if self._focus is None else self._estimate_in_focus(frame)
        self._misses += 1
        if (self._misses - 1) % SEARCH_EVERY_FRAMES:
            return None
        window = self._search(frame)
        if window is None:
            return None
        self._switch_to(window)
        return self._estimate_in_focus(frame)

    def _estimate_in_focus(self, frame: Frame) -> Pose | None:
        assert self._focus is not None
        found = self._estimator.estimate(self._focus.crop(frame))
        if found is None:
            self._misses += 1
            if self._misses >= LOST_AFTER_FRAMES:
                self._switch_to(None)
            return None
        self._misses = 0
        pose = to_frame(found, self._focus, frame.size)
        offset = hips_x(pose) - (self._focus.x0 + self._focus.x1) / 2
        if abs(offset) > RECENTRE_FRACTION * self._focus.width:
            self._focus = self._focus.centred_on(hips_x(pose), frame.size[0])
        return pose

    def _search_in(self, frame: Frame, window: Window) -> Pose | None:
        if self._searcher is None:
            self._searcher = self._make_searcher()
        pose = self._searcher.estimate(window.crop(frame))
        return None if pose is None else to_frame(pose, window, frame.size)

    def _search(self, frame: Frame) -> Window | None:
        """The window around the largest person found in the frame's left and right windows."""
        width = frame.size[0]
        windows = search_windows(width)
        found = [
            pose
            for pose, window in ((self._search_in(frame, w), w) for w in windows)
            if pose is not None and fits_inside(pose, window, width)
        ]
        if not found:
            return None
        if len(found) == 2 and different_people(*found):
            self.others_present = True
            self._chosen = True
            person = the_exerciser(found)
        else:
            person = max(found, key=body_height_px)
        focus = windows[0].centred_on(hips_x(person), width)
        return focus if fits_inside(person, focus, width) else None

    def _maybe_check_others(self, frame: Frame, pose: Pose) -> None:
        """Now and then, look for someone else in the window away from the person found."""
        if self.others_present:
            return
        if self._since_others_check is not None and self._since_others_check < OTHERS_CHECK_EVERY_FRAMES:
            self._since_others_check += 1
            return
        self._since_others_check = 0
        left, right = search_windows(frame.size[0])
        away = right if hips_x(pose) < frame.size[0] / 2 else left
        other = self._search_in(frame, away)
        if other is not None and different_people(pose, other):
            self.others_present = True
            if not self._chosen and fits_inside(other, away, frame.size[0]):
                self._chosen = True
                if exercise_likeness(other) - exercise_likeness(pose) >= LIKENESS_MARGIN:
                    # the whole frame gave the bystander: look at the other person from now on
                    focus = away.centred_on(hips_x(other), frame.size[0])
                    if fits_inside(other, focus, frame.size[0]):
                        self._switch_to(focus)

    def _switch_to(self, focus: Window | None) -> None:
        """Change what the wrapped estimator sees; its tracking state belongs to the old picture."""
        self._focus = focus
        self._misses = 0
        reset = getattr(self._estimator, "reset", None)
        if reset is not None:
            reset()

    def reset(self) -> None:
        self._focus = None
        self._misses = 0
        self.others_present = False
        self._since_others_check = None
        self._chosen = False
        reset = getattr(self._estimator, "reset", None)
        if reset is not None:
            reset()

    def close(self) -> None:
        self._estimator.close()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> PersonFocus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
