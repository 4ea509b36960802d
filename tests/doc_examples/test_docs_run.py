"""Every shell example of README.md and docs/*.md runs as written, in order, against a platform
started as `make run` starts it, and prints what the doc shows.

The platform runs on free ports: the examples' default ports (8080, 50051, ...) are rewritten
to them, the only change made to what a doc says. Examples run in a scratch directory that
holds the repository's files (so `var/` is the platform's data directory, as with `make run`),
with the virtualenv's `bin` on PATH, as after `. .venv/bin/activate`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.doc_examples.examples import Command, blocks, commands, matches
from tests.doc_examples.shell import Shell
from tests.support.up import DEFAULT_PORTS, ROOT, platform_env, start_up, wait_healthy

COMMAND_TIMEOUT_SECONDS = 120
# Shell commands an example may start with; such a line outside a `console` block is an
# example the test would miss.
_SHELL_WORDS = re.compile(
    r"^\s*(\$ )?(curl|grpcurl|argus|argus-device|make|python|docker|kubectl)\b"
)
_SHELL_INFOS = {"", "sh", "bash", "shell"}


def documents() -> list[Path]:
    """README.md, then the docs in the order README lists them, then any it does not list."""
    listed = re.findall(r"\(docs/([\w.-]+\.md)\)", (ROOT / "README.md").read_text())
    ordered = [ROOT / "docs" / name for name in dict.fromkeys(listed)]
    rest = sorted(set((ROOT / "docs").glob("*.md")) - set(ordered))
    return [ROOT / "README.md", *ordered, *rest]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch directory with the repository's files in it (links), and `var/` empty."""
    work = tmp_path_factory.mktemp("docs")
    for entry in ROOT.iterdir():
        if entry.name not in {"var", ".git"}:
            (work / entry.name).symlink_to(entry)
    return work


_MAKE_VARIABLES = {"MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES"}


@pytest.fixture(scope="module")
def env(workdir: Path) -> Iterator[dict[str, str]]:
    """`argus up` with no configuration (free ports); the environment the examples run in."""
    platform = platform_env(workdir / "var")
    logs = (workdir / "argus-up.log").open("w")
    up = start_up(platform, workdir, stdout=subprocess.DEVNULL, stderr=logs)
    try:
        wait_healthy(platform["ARGUS_GATEWAY_PORT"])
        path = f"{Path(sys.executable).parent}:{platform['PATH']}"
        # argus-device keeps its spool under XDG_STATE_HOME: in the scratch directory. A reader's
        # shell is not inside make, even when the tests are (`make ci`): a nested make would
        # print "Entering directory" lines no doc shows.
        shell_env = {k: v for k, v in platform.items() if k not in _MAKE_VARIABLES}
        # The scratch directory links the repository's .venv: should a `make` example find its
        # install stale, it must write the virtualenv's scripts with the virtualenv's real path,
        # not one under the scratch directory that is gone after the tests.
        venv = str((ROOT / ".venv").resolve())
        yield {**shell_env, "PATH": path, "XDG_STATE_HOME": str(workdir / "state"), "VENV": venv}
    finally:
        up.terminate()
        up.wait(timeout=30)
        logs.close()


def _rewrite_ports(text: str, env: dict[str, str]) -> str:
    for setting, default in DEFAULT_PORTS.items():
        text = re.sub(rf"(?<=[:/]){default}\b", env[setting], text)
    return text


def _run(shell: Shell, command: Command, env: dict[str, str]) -> None:
    status, printed = shell.run(_rewrite_ports(command.text, env), COMMAND_TIMEOUT_SECONDS)
    expected = _rewrite_ports(command.expected, env)
    assert status == 0, f"{command.where}: `{command.text}` exited {status}:\n{printed}"
    assert matches(expected, printed), (
        f"{command.where}: `{command.text}` printed\n{printed}\n--- the doc shows ---\n{expected}"
    )


@pytest.mark.parametrize("document", documents(), ids=lambda p: p.name)
def test_every_example_of_the_doc_runs_and_prints_what_it_shows(
    document: Path, workdir: Path, env: dict[str, str]
) -> None:
    shell = Shell(workdir, env)
    try:
        for command in commands(document):
            _run(shell, command, env)
    finally:
        shell.close()


@pytest.mark.parametrize("document", documents(), ids=lambda p: p.name)
def test_every_shell_example_is_in_a_console_block(document: Path) -> None:
    """An example written another way (indented, ```sh) would silently escape the test."""
    text = document.read_text()
    info_of = {
        start + offset: info.split()[0] if info else ""
        for info, start, lines in blocks(text)
        for offset in range(len(lines))
    }
    stray = [
        f"{document.name}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if _SHELL_WORDS.match(line)
        and (info_of.get(number) in _SHELL_INFOS or (number not in info_of and line[:1] == " "))
    ]
    assert stray == [], "write these as `console` blocks (or `console no-run`)"
