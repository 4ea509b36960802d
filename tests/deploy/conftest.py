"""Fixtures of the deployment tests: the rendered manifests of every overlay."""

from __future__ import annotations

import pytest

from tests.deploy.manifests import OVERLAYS, Manifests, manifests


@pytest.fixture(params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> Manifests:
    """The output of `kubectl kustomize` for each overlay (dev, prod)."""
    return manifests(request.param)
