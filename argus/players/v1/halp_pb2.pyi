import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmissionMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBMISSION_MODE_UNSPECIFIED: _ClassVar[SubmissionMode]
    SUBMISSION_MODE_RAW_COUNT: _ClassVar[SubmissionMode]
    SUBMISSION_MODE_OCR: _ClassVar[SubmissionMode]
SUBMISSION_MODE_UNSPECIFIED: SubmissionMode
SUBMISSION_MODE_RAW_COUNT: SubmissionMode
SUBMISSION_MODE_OCR: SubmissionMode

class ListSessionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, sessions: _Optional[_Iterable[str]] = ...) -> None: ...

class OcrImages(_message.Message):
    __slots__ = ("player_list", "count_image")
    PLAYER_LIST_FIELD_NUMBER: _ClassVar[int]
    COUNT_IMAGE_FIELD_NUMBER: _ClassVar[int]
    player_list: bytes
    count_image: bytes
    def __init__(self, player_list: _Optional[bytes] = ..., count_image: _Optional[bytes] = ...) -> None: ...

class SubmitPlayerCountRequest(_message.Message):
    __slots__ = ("session", "raw_count", "ocr", "raw_count_text")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    RAW_COUNT_FIELD_NUMBER: _ClassVar[int]
    OCR_FIELD_NUMBER: _ClassVar[int]
    RAW_COUNT_TEXT_FIELD_NUMBER: _ClassVar[int]
    session: str
    raw_count: int
    ocr: OcrImages
    raw_count_text: str
    def __init__(self, session: _Optional[str] = ..., raw_count: _Optional[int] = ..., ocr: _Optional[_Union[OcrImages, _Mapping]] = ..., raw_count_text: _Optional[str] = ...) -> None: ...

class Submission(_message.Message):
    __slots__ = ("id", "session", "mode", "player_count", "names", "player_list_upload", "count_upload", "submitted_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PLAYER_COUNT_FIELD_NUMBER: _ClassVar[int]
    NAMES_FIELD_NUMBER: _ClassVar[int]
    PLAYER_LIST_UPLOAD_FIELD_NUMBER: _ClassVar[int]
    COUNT_UPLOAD_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    id: int
    session: str
    mode: SubmissionMode
    player_count: int
    names: _containers.RepeatedScalarFieldContainer[str]
    player_list_upload: str
    count_upload: str
    submitted_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., session: _Optional[str] = ..., mode: _Optional[_Union[SubmissionMode, str]] = ..., player_count: _Optional[int] = ..., names: _Optional[_Iterable[str]] = ..., player_list_upload: _Optional[str] = ..., count_upload: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReadPlayerListRequest(_message.Message):
    __slots__ = ("session", "player_list")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PLAYER_LIST_FIELD_NUMBER: _ClassVar[int]
    session: str
    player_list: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, session: _Optional[str] = ..., player_list: _Optional[_Iterable[str]] = ...) -> None: ...

class Unmatched(_message.Message):
    __slots__ = ("name", "match_chance", "match_name", "sub_match_chance", "sub_match_name")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MATCH_CHANCE_FIELD_NUMBER: _ClassVar[int]
    MATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    SUB_MATCH_CHANCE_FIELD_NUMBER: _ClassVar[int]
    SUB_MATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    match_chance: int
    match_name: str
    sub_match_chance: int
    sub_match_name: str
    def __init__(self, name: _Optional[str] = ..., match_chance: _Optional[int] = ..., match_name: _Optional[str] = ..., sub_match_chance: _Optional[int] = ..., sub_match_name: _Optional[str] = ...) -> None: ...

class SessionMatch(_message.Message):
    __slots__ = ("session", "matched", "unmatched", "player_count")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    MATCHED_FIELD_NUMBER: _ClassVar[int]
    UNMATCHED_FIELD_NUMBER: _ClassVar[int]
    PLAYER_COUNT_FIELD_NUMBER: _ClassVar[int]
    session: str
    matched: _containers.RepeatedScalarFieldContainer[str]
    unmatched: _containers.RepeatedCompositeFieldContainer[Unmatched]
    player_count: int
    def __init__(self, session: _Optional[str] = ..., matched: _Optional[_Iterable[str]] = ..., unmatched: _Optional[_Iterable[_Union[Unmatched, _Mapping]]] = ..., player_count: _Optional[int] = ...) -> None: ...

class ReadPlayerListResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[SessionMatch]
    def __init__(self, sessions: _Optional[_Iterable[_Union[SessionMatch, _Mapping]]] = ...) -> None: ...

class GetUploadRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class Upload(_message.Message):
    __slots__ = ("name", "content_type", "data")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    name: str
    content_type: str
    data: bytes
    def __init__(self, name: _Optional[str] = ..., content_type: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class ListSubmissionsRequest(_message.Message):
    __slots__ = ("session", "limit", "since")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    session: str
    limit: int
    since: _timestamp_pb2.Timestamp
    def __init__(self, session: _Optional[str] = ..., limit: _Optional[int] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListSubmissionsResponse(_message.Message):
    __slots__ = ("submissions",)
    SUBMISSIONS_FIELD_NUMBER: _ClassVar[int]
    submissions: _containers.RepeatedCompositeFieldContainer[Submission]
    def __init__(self, submissions: _Optional[_Iterable[_Union[Submission, _Mapping]]] = ...) -> None: ...
