"""The import contracts in pyproject.toml hold on the tree, and break when a forbidden arrow
appears: each case adds one import to a copy of the tree and runs the same check as `make lint`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the code and its contracts, on which the check runs."""
    copy = tmp_path_factory.mktemp("tree")
    for package in ("argus", "services"):
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=shutil.ignore_patterns("__pycache__", "static", "migrations"),
        )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def _check(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, so it is what the check imports and reads.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_tree_keeps_every_contract(tree: Path) -> None:
    result = _check(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "services/fleet/accounts/service.py",
            "import grpc",
            "services.fleet.accounts.service -> grpc",
        ),
        (
            "services/players/mac/service.py",
            "import fastapi",
            "services.players.mac.service -> fastapi",
        ),
        (
            "services/gateway/health.py",
            "import services.players.models",
            "services.gateway.health -> services.players.models",
        ),
        (
            "services/players/halp/service.py",
            "from services.ocr import parse",
            "services.players.halp.service -> services.ocr.parse",
        ),
        ("argus/core/lru.py", "import services.fleet.models", "argus.core.lru -> services.fleet"),
    ],
)
def test_a_forbidden_import_breaks_the_check(
    tree: Path, module: str, line: str, broken: str
) -> None:
    path = tree / module
    original = path.read_text()
    path.write_text(f"{original}\n{line}  # noqa\n")
    try:
        result = _check(tree)
    finally:
        path.write_text(original)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
