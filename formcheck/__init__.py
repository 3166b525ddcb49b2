"""formcheck: checks hip-flexor exercises on video, with numbers.

The whole loop::

    from formcheck.pipeline import analyze_video
    report = analyze_video("clip.mp4", exercise="couch-stretch")
    print(report.summary["verdict"])
    for mistake in report.mistakes:
        print(mistake.code.value, mistake.start_s, mistake.end_s, mistake.message)

Stages: sources -> pose -> smoothing -> kinematics -> exercises -> feedback -> outputs.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("formcheck")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
