"""No manifest repeats a mapping key: YAML keeps the last one silently, so a second
`configMapGenerator:` in an overlay (as two branches merged can leave) drops the first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.manifests import K8S


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key repeated in one mapping."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} repeated", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

FILES = sorted(
    path for pattern in ("*.yaml", "*.yml") for path in K8S.rglob(pattern) if path.is_file()
)


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(K8S)))
def test_no_mapping_repeats_a_key(path: Path) -> None:
    list(yaml.load_all(path.read_text(), Loader=_StrictLoader))


def test_a_repeated_key_is_caught() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="repeated"):
        yaml.load("a: 1\na: 2\n", Loader=_StrictLoader)
