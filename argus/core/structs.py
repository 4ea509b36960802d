"""google.protobuf.Struct <-> plain JSON values, keeping whole numbers as ints."""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2

# Struct numbers are doubles; beyond 2**53 a whole float is not an exact integer anymore.
_MAX_EXACT = 2**53


def plain(value: Any) -> Any:
    """`value` with whole floats turned back into ints, recursively."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= _MAX_EXACT:
        return int(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _value(value: struct_pb2.Value) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return from_struct(value.struct_value)
    if kind == "list_value":
        return [_value(item) for item in value.list_value.values]
    if kind == "number_value":
        return plain(value.number_value)
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    return None


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A Struct as a dict; numbers that were whole come back as ints."""
    if not struct.fields:
        return {}
    return {key: _value(item) for key, item in struct.fields.items()}


def to_struct(value: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(value)
    return struct
