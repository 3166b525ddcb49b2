"""MediaPipe's native log lines never reach the terminal (the CLI's output stays readable)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import time
import numpy as np
from formcheck.pose import create_estimator
from formcheck.types import Frame
frame = Frame(0, 0.0, np.full((240, 320, 3), 90, np.uint8))
unused = create_estimator(segmentation=True)
time.sleep(0.5)  # the graph finishes opening on its own threads
unused.close()
with create_estimator(mode="video", segmentation=True) as estimator:
    estimator.estimate(frame)
    estimator.reset()
    estimator.estimate(frame)
print("done")
"""


def test_creating_using_resetting_and_closing_a_backend_prints_nothing_on_stderr() -> None:
    env = {key: value for key, value in os.environ.items() if key != "FORMCHECK_NATIVE_LOGS"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert result.stderr == ""
