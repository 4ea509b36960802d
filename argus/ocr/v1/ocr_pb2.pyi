from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReadPlayerListRequest(_message.Message):
    __slots__ = ("image",)
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    def __init__(self, image: _Optional[bytes] = ...) -> None: ...

class PlayerRow(_message.Message):
    __slots__ = ("text", "name", "crew_tag", "confidence", "row")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREW_TAG_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    text: str
    name: str
    crew_tag: str
    confidence: float
    row: int
    def __init__(self, text: _Optional[str] = ..., name: _Optional[str] = ..., crew_tag: _Optional[str] = ..., confidence: _Optional[float] = ..., row: _Optional[int] = ...) -> None: ...

class ReadPlayerListResponse(_message.Message):
    __slots__ = ("rows", "engine")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[PlayerRow]
    engine: str
    def __init__(self, rows: _Optional[_Iterable[_Union[PlayerRow, _Mapping]]] = ..., engine: _Optional[str] = ...) -> None: ...

class ReadPlayerCountRequest(_message.Message):
    __slots__ = ("image",)
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    image: bytes
    def __init__(self, image: _Optional[bytes] = ...) -> None: ...

class ReadPlayerCountResponse(_message.Message):
    __slots__ = ("found", "count", "lobby_type", "raw_text", "confidence", "engine")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    LOBBY_TYPE_FIELD_NUMBER: _ClassVar[int]
    RAW_TEXT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    found: bool
    count: int
    lobby_type: str
    raw_text: str
    confidence: float
    engine: str
    def __init__(self, found: bool = ..., count: _Optional[int] = ..., lobby_type: _Optional[str] = ..., raw_text: _Optional[str] = ..., confidence: _Optional[float] = ..., engine: _Optional[str] = ...) -> None: ...
