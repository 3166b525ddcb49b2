"""Fixtures of the history tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def short_lock_wait(monkeypatch):
    """Locked files give up after 0.3 s instead of the real few seconds, to keep tests fast."""
    from formcheck.history import failures

    monkeypatch.setattr(failures, "BUSY_TIMEOUT_S", 0.3)
    return 0.3
