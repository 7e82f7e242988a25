"""The ``slow`` marker (the frozen build takes minutes), registered here so that the strict
marker check passes before pyproject.toml lists it too."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds or runs something that takes minutes (the frozen program)")
