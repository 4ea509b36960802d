"""Shell examples of the Markdown docs: found, and their printed output compared.

An example is a fenced block with the info string `console`: lines starting with `$ ` are
commands (a line ending in a backslash, or a here-document, goes on to the next lines); the
lines after a command, up to the next one, are what it prints. In that output `...` (or `…`)
stands for any text, and whitespace is ignored (spacing and line breaks may differ). A
command followed by no output is only required to succeed. `console no-run` marks a block that
cannot run where the tests run (a container build, a cluster, the platform's own start); it is
not collected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RUNNABLE = "console"
NOT_RUN = "no-run"
_FENCE = re.compile(r"^```(.*)$")
_HEREDOC = re.compile(r"(?<!<)<<-?(?!<)\s*(['\"]?)(\w+)\1")
_ELLIPSIS = re.compile(r"\.\.\.|…")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Command:
    """One `$ ` command of a doc, where it is, and what the doc shows it printing."""

    path: Path
    line: int
    text: str
    expected: str

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """Fenced blocks of a Markdown text: (info string, first line number, lines)."""
    found: list[tuple[str, int, list[str]]] = []
    info: str | None = None
    start, lines = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line)
        if fence and info is None:
            info, start, lines = fence.group(1).strip(), number + 1, []
        elif fence and line.strip() == "```":
            found.append((info or "", start, lines))
            info = None
        elif info is not None:
            lines.append(line)
    return found


def _commands_of_block(path: Path, start: int, lines: list[str]) -> list[Command]:
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("$ "):
            index += 1
            continue
        first = index
        text = [lines[index][2:]]
        terminator = _heredoc_terminator(text[0])
        while text[-1].endswith("\\") or terminator:
            index += 1
            text.append(lines[index])
            if terminator and lines[index].strip() == terminator:
                terminator = None
            elif not terminator:
                terminator = _heredoc_terminator(lines[index])
        index += 1
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        commands.append(Command(path, start + first, "\n".join(text), "\n".join(output).strip()))
    return commands


def _heredoc_terminator(line: str) -> str | None:
    match = _HEREDOC.search(line)
    return match.group(2) if match else None


def commands(path: Path) -> list[Command]:
    """The commands of every runnable block of the doc, in order."""
    found: list[Command] = []
    for info, start, lines in blocks(path.read_text()):
        words = info.split()
        if words[:1] == [RUNNABLE] and NOT_RUN not in words:
            found.extend(_commands_of_block(path, start, lines))
    return found


def matches(expected: str, printed: str) -> bool:
    """Whether the printed text is what the doc shows (see the module's docstring): compared
    without whitespace, so that spacing, indentation and line breaks may differ."""
    if not expected:
        return True
    parts = [re.escape(_SPACE.sub("", literal)) for literal in _ELLIPSIS.split(expected)]
    return re.fullmatch(".*?".join(parts), _SPACE.sub("", printed), flags=re.DOTALL) is not None
