"""The runner's reading of a doc: which commands, and what output matches."""

from __future__ import annotations

from pathlib import Path

from tests.doc_examples.examples import commands, matches

DOC = """\
# A doc

```console
$ echo one \\
    two
one two
$ cat <<EOF
$ inside the here-document
EOF
$ inside the here-document
$ true
```

```console no-run
$ docker build .
```

```sh
echo not collected either
```
"""


def test_console_blocks_give_commands_with_their_output_and_no_run_blocks_none(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(DOC)
    found = commands(doc)
    assert [(c.line, c.text, c.expected) for c in found] == [
        (4, "echo one \\\n    two", "one two"),
        (7, "cat <<EOF\n$ inside the here-document\nEOF", ""),
        (10, "inside the here-document", ""),
        (11, "true", ""),
    ]
    assert found[0].where == "doc.md:4"


def test_output_matches_with_ellipses_and_any_spacing_but_not_other_text() -> None:
    printed = '{"code": 201, "data": {"id": 7, "token": "eyJabc"}}\n'
    assert matches('{"code":201,"data":{"id":7,"token":"eyJ..."}}', printed)
    assert matches('{"code": 201,\n "data": {...}}', printed)
    assert matches("", printed)
    assert not matches('{"code":200,...}', printed)
    assert not matches('{"code":201', printed)
