"""Every registered exercise through every surface: analyze, live coaching, the HTML report, key
metrics, plots, history rows, the batch record and ``--exercise auto``.

The surfaces read the exercise's spec (``formcheck.exercises.spec``) and never branch on its name,
so a new exercise is checked here as soon as it is registered and has a contract clip (its
choreography in ``tests.exercises.test_exercises_contract.CLIPS``).
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from types import SimpleNamespace

import pytest

from formcheck.batch.records import ClipKey, ClipStatus
from formcheck.batch.scoring import ClipJob, ScoreOptions, score_clip
from formcheck.errors import UnknownName
from formcheck.exercises import all_specs, create_analyzer, spec_for
from formcheck.exercises.detect import recognise_exercise
from formcheck.exercises.profile import Profile
from formcheck.exercises.registry import ExerciseRegistrationError, build_registry
from formcheck.exercises.spec import ExerciseSpec, Posture, PostureEvidence
from formcheck.feedback.targets import exercise_gauges
from formcheck.history import records_from_report
from formcheck.live import coach_view
from formcheck.live.coach import CoachState, guided_step
from formcheck.live.measure import calibration_prompt
from formcheck.outputs.html_report import render_html_report
from formcheck.outputs.key_metrics import key_metrics
from formcheck.outputs.plots import angle_curves_png, panels_for
from formcheck.pipeline import frame_records, summarize
from formcheck.types import Exercise, Report
from tests.exercises.test_exercises_contract import CLIPS

SPECS = all_specs()


@pytest.fixture(params=SPECS, ids=lambda spec: spec.name)
def spec(request) -> ExerciseSpec:
    return request.param


@pytest.fixture
def analysed(spec):
    """(frames, result, report) of the exercise's contract clip, as the pipeline assembles them."""
    frames = CLIPS[spec.key]()
    analyzer = create_analyzer(spec.key, profile=Profile(), fps=15.0)
    analyzer.side = type(analyzer).choose_side(frames, None)
    for angles in frames:
        analyzer.update(angles, None)
    result = analyzer.finish()
    report = Report(
        source=f"{spec.name}.mp4",
        exercise=spec.key,
        side=result.side,
        fps=15.0,
        duration_s=frames[-1].timestamp_s,
        frames_total=len(frames),
        frames_with_pose=sum(f.has_pose for f in frames),
        frames=frame_records(frames, result.side, result.phases),
        mistakes=list(result.mistakes),
        summary=summarize(result, frames, result.side, 1.0),
    )
    return frames, result, report


def test_every_registered_exercise_has_a_contract_clip():
    assert sorted(e.value for e in CLIPS) == sorted(spec.name for spec in SPECS)


def test_the_spec_is_the_one_registered_under_its_name_and_names_its_analyzer(spec):
    assert spec_for(spec.name) is spec
    assert spec.analyzer.exercise is spec.key
    assert spec.coaching.title and spec.coaching.calibration_prompt and spec.reporting.title
    assert spec.working_side and spec.cues


def test_an_unknown_exercise_name_is_refused_with_the_valid_names():
    with pytest.raises(UnknownName, match="choose one of: " + ", ".join(s.name for s in SPECS)):
        spec_for("glute-bridge-deluxe")


def test_a_registry_that_does_not_fit_is_refused_at_import_time():
    first, second = SPECS[0], SPECS[1]
    with pytest.raises(ExerciseRegistrationError, match="registered twice"):
        build_registry([first, first], [first.key])
    with pytest.raises(ExerciseRegistrationError, match="is for"):
        build_registry([dataclasses.replace(first, key=second.key)], [second.key])
    with pytest.raises(ExerciseRegistrationError, match=f"no spec registered for exercise.*{second.name}"):
        build_registry([first], [first.key, second.key])


def test_auto_recognises_the_exercise_from_its_contract_clip(spec, analysed):
    frames, _, _ = analysed
    assert recognise_exercise(frames) is spec.key


def test_the_declared_posture_is_the_one_the_set_up_check_accepts(spec, analysed):
    # auto matches lying exercises first: a spec that says "lying" but is set up upright (or the
    # reverse) would take other exercises' frames
    frames, _, _ = analysed
    general = Profile().general
    probe = create_analyzer(spec.key, profile=Profile())
    trunks = [
        abs(angles.trunk_inclination_deg)
        for angles in frames
        if (side := probe.working_side(angles)) is not None and probe.in_position(angles, side)
    ]
    assert trunks
    if spec.posture is Posture.LYING:
        assert min(trunks) >= general.lying_trunk_min_deg
    else:
        assert max(trunks) <= general.upright_trunk_max_deg


def test_no_two_exercises_of_one_posture_claim_the_same_clip():
    flexions = [None, 0.0, 10.0, 19.9, 20.0, 40.0, 64.9, 65.0, 80.0, 89.9, 90.0, 130.0]
    knee_ranges = [None, 0.0, 14.9, 15.0, 40.0]
    for posture in Posture:
        specs = [s for s in SPECS if s.posture is posture]
        for flexion, knee, sat in itertools.product(flexions, knee_ranges, (False, True)):
            evidence = PostureEvidence(flexion, knee, sat)
            claimants = [s.name for s in specs if s.recognition.claims(evidence)]
            assert len(claimants) <= 1, (evidence, claimants)


def test_live_coaching_shows_a_step_timers_counters_and_cues_for_every_frame(spec, analysed):
    frames, _, _ = analysed
    analyzer = create_analyzer(spec.key, profile=Profile(), fps=15.0)
    state, steps, cues_shown = CoachState(), set(), set()
    for angles in frames:
        for event in analyzer.update(angles, None):
            state.apply(event)
        t = angles.timestamp_s
        steps.add(guided_step(spec.key, state, t))
        timer = coach_view.hold_timer(spec.key, state, t)
        assert timer is None or timer.target_min_s <= timer.target_max_s
        counters = coach_view.counters(spec.key, state)
        assert [c.label for c in counters] == [c.label for c in spec.coaching.counters]
        cues_shown.add(coach_view.guidance_cue(spec.key, state))
        hip, arch = exercise_gauges(angles, analyzer.side, spec.key, Profile(), state.active_cues)
        assert arch.target_max_deg == Profile().rules_for(spec.key).back_arch_on_deg
    assert coach_view.title(spec.key, None).startswith(spec.coaching.title)
    assert calibration_prompt(spec.key) == spec.coaching.calibration_prompt
    assert len(steps) >= 2, "the guided sequence moves on as the set goes"
    assert cues_shown - {None}, "the coach says something in the seed's words"


def test_the_html_report_key_metrics_and_plots_follow_the_spec(spec, analysed):
    _, result, report = analysed
    page = render_html_report(report)
    assert spec.reporting.title in page
    metrics = key_metrics(report)
    assert metrics.peak_hip_extension_deg is not None
    assert set(metrics.mistake_codes) == {m.code.value for m in result.mistakes}
    if spec.reporting.test is not None:
        assert metrics.test_result is not None and spec.reporting.test.angle_label in page
    else:
        assert metrics.test_result is None and metrics.test_angle_deg is None
    thigh_panel = panels_for(spec.key)[1]
    assert thigh_panel.targets == spec.reporting.thigh_targets
    assert angle_curves_png(report).startswith(b"\x89PNG")


def test_history_rows_and_the_batch_record_carry_the_exercise(spec, analysed, tmp_path: Path):
    _, _, report = analysed
    rows = records_from_report(report)
    assert rows and {r.exercise for r in rows} == {spec.name}
    clip = tmp_path / f"{spec.name}.mp4"
    clip.write_bytes(b"not decoded: the analysis is given")
    job = ClipJob(clip, ClipKey.of(clip), tmp_path / "out", ScoreOptions(exercise=spec.name, html=False))
    fake = SimpleNamespace(report=report, track=SimpleNamespace(size=(64, 48), frames=[]), angles=[])
    outcome = score_clip(job, analyze=lambda _job: fake)
    assert outcome.record.status is ClipStatus.OK
    assert outcome.record.exercise == spec.name
    assert outcome.record.mistakes == key_metrics(report).mistake_codes


def test_every_exercise_name_has_a_spec():
    assert {spec.key for spec in SPECS} == set(Exercise)
