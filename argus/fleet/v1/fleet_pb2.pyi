import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AlertEventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_EVENT_KIND_UNSPECIFIED: _ClassVar[AlertEventKind]
    ALERT_EVENT_KIND_OPENED: _ClassVar[AlertEventKind]
    ALERT_EVENT_KIND_CLOSED: _ClassVar[AlertEventKind]
    ALERT_EVENT_KIND_FRAME_ADDED: _ClassVar[AlertEventKind]
ALERT_EVENT_KIND_UNSPECIFIED: AlertEventKind
ALERT_EVENT_KIND_OPENED: AlertEventKind
ALERT_EVENT_KIND_CLOSED: AlertEventKind
ALERT_EVENT_KIND_FRAME_ADDED: AlertEventKind

class LoginRequest(_message.Message):
    __slots__ = ("username", "password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class NewUser(_message.Message):
    __slots__ = ("username", "password", "role", "email")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    role: str
    email: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., role: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class RegisterUserRequest(_message.Message):
    __slots__ = ("new_user",)
    NEW_USER_FIELD_NUMBER: _ClassVar[int]
    new_user: NewUser
    def __init__(self, new_user: _Optional[_Union[NewUser, _Mapping]] = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ("new_user",)
    NEW_USER_FIELD_NUMBER: _ClassVar[int]
    new_user: NewUser
    def __init__(self, new_user: _Optional[_Union[NewUser, _Mapping]] = ...) -> None: ...

class TokenResponse(_message.Message):
    __slots__ = ("id", "token", "expires_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    id: int
    token: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RegisterDeviceRequest(_message.Message):
    __slots__ = ("mac", "password", "name", "enrollment_secret")
    MAC_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ENROLLMENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    mac: str
    password: str
    name: str
    enrollment_secret: str
    def __init__(self, mac: _Optional[str] = ..., password: _Optional[str] = ..., name: _Optional[str] = ..., enrollment_secret: _Optional[str] = ...) -> None: ...

class DeviceRegistration(_message.Message):
    __slots__ = ("id", "truck_id", "token", "expires_at", "pending")
    ID_FIELD_NUMBER: _ClassVar[int]
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    id: int
    truck_id: int
    token: str
    expires_at: _timestamp_pb2.Timestamp
    pending: bool
    def __init__(self, id: _Optional[int] = ..., truck_id: _Optional[int] = ..., token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., pending: bool = ...) -> None: ...

class ApproveDeviceRequest(_message.Message):
    __slots__ = ("mac",)
    MAC_FIELD_NUMBER: _ClassVar[int]
    mac: str
    def __init__(self, mac: _Optional[str] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("id", "truck_id", "behavior", "alert_init", "alert_end", "started")
    ID_FIELD_NUMBER: _ClassVar[int]
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    ALERT_INIT_FIELD_NUMBER: _ClassVar[int]
    ALERT_END_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    id: int
    truck_id: int
    behavior: str
    alert_init: _timestamp_pb2.Timestamp
    alert_end: _timestamp_pb2.Timestamp
    started: bool
    def __init__(self, id: _Optional[int] = ..., truck_id: _Optional[int] = ..., behavior: _Optional[str] = ..., alert_init: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., alert_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started: bool = ...) -> None: ...

class OpenAlertRequest(_message.Message):
    __slots__ = ("truck_id", "alert_init", "behavior")
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_INIT_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    truck_id: int
    alert_init: _timestamp_pb2.Timestamp
    behavior: str
    def __init__(self, truck_id: _Optional[int] = ..., alert_init: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., behavior: _Optional[str] = ...) -> None: ...

class CloseAlertRequest(_message.Message):
    __slots__ = ("alert_id", "alert_end")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_END_FIELD_NUMBER: _ClassVar[int]
    alert_id: int
    alert_end: _timestamp_pb2.Timestamp
    def __init__(self, alert_id: _Optional[int] = ..., alert_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Page(_message.Message):
    __slots__ = ("page", "per_page", "total_pages", "total_items")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_PAGES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_ITEMS_FIELD_NUMBER: _ClassVar[int]
    page: int
    per_page: int
    total_pages: int
    total_items: int
    def __init__(self, page: _Optional[int] = ..., per_page: _Optional[int] = ..., total_pages: _Optional[int] = ..., total_items: _Optional[int] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("page", "behavior", "alert_init", "started", "truck_id")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    ALERT_INIT_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    page: int
    behavior: str
    alert_init: _timestamp_pb2.Timestamp
    started: bool
    truck_id: int
    def __init__(self, page: _Optional[int] = ..., behavior: _Optional[str] = ..., alert_init: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started: bool = ..., truck_id: _Optional[int] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts", "page")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    page: Page
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ..., page: _Optional[_Union[Page, _Mapping]] = ...) -> None: ...

class Frame(_message.Message):
    __slots__ = ("id", "alert_id", "truck_id", "frame_index", "frame_timestamp", "image", "safe")
    ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_INDEX_FIELD_NUMBER: _ClassVar[int]
    FRAME_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    SAFE_FIELD_NUMBER: _ClassVar[int]
    id: int
    alert_id: int
    truck_id: int
    frame_index: int
    frame_timestamp: _timestamp_pb2.Timestamp
    image: bytes
    safe: bool
    def __init__(self, id: _Optional[int] = ..., alert_id: _Optional[int] = ..., truck_id: _Optional[int] = ..., frame_index: _Optional[int] = ..., frame_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., image: _Optional[bytes] = ..., safe: bool = ...) -> None: ...

class AddFrameRequest(_message.Message):
    __slots__ = ("alert_id", "frame_timestamp", "image", "frame_index")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    FRAME_INDEX_FIELD_NUMBER: _ClassVar[int]
    alert_id: int
    frame_timestamp: _timestamp_pb2.Timestamp
    image: bytes
    frame_index: int
    def __init__(self, alert_id: _Optional[int] = ..., frame_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., image: _Optional[bytes] = ..., frame_index: _Optional[int] = ...) -> None: ...

class ListFramesRequest(_message.Message):
    __slots__ = ("alert_id", "page", "frame_timestamp", "frame_index")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    FRAME_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    FRAME_INDEX_FIELD_NUMBER: _ClassVar[int]
    alert_id: int
    page: int
    frame_timestamp: _timestamp_pb2.Timestamp
    frame_index: int
    def __init__(self, alert_id: _Optional[int] = ..., page: _Optional[int] = ..., frame_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., frame_index: _Optional[int] = ...) -> None: ...

class ListFramesResponse(_message.Message):
    __slots__ = ("frames", "page")
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    frames: _containers.RepeatedCompositeFieldContainer[Frame]
    page: Page
    def __init__(self, frames: _Optional[_Iterable[_Union[Frame, _Mapping]]] = ..., page: _Optional[_Union[Page, _Mapping]] = ...) -> None: ...

class AddSafeFrameRequest(_message.Message):
    __slots__ = ("truck_id", "frame_timestamp", "image")
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    truck_id: int
    frame_timestamp: _timestamp_pb2.Timestamp
    image: bytes
    def __init__(self, truck_id: _Optional[int] = ..., frame_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., image: _Optional[bytes] = ...) -> None: ...

class GetLastStatusRequest(_message.Message):
    __slots__ = ("truck_id",)
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    truck_id: int
    def __init__(self, truck_id: _Optional[int] = ...) -> None: ...

class Truck(_message.Message):
    __slots__ = ("id", "name", "device_mac", "last_alert")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEVICE_MAC_FIELD_NUMBER: _ClassVar[int]
    LAST_ALERT_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    device_mac: str
    last_alert: Alert
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., device_mac: _Optional[str] = ..., last_alert: _Optional[_Union[Alert, _Mapping]] = ...) -> None: ...

class ListTrucksRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: int
    def __init__(self, page: _Optional[int] = ...) -> None: ...

class ListTrucksResponse(_message.Message):
    __slots__ = ("trucks", "page")
    TRUCKS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    trucks: _containers.RepeatedCompositeFieldContainer[Truck]
    page: Page
    def __init__(self, trucks: _Optional[_Iterable[_Union[Truck, _Mapping]]] = ..., page: _Optional[_Union[Page, _Mapping]] = ...) -> None: ...

class StreamedFrame(_message.Message):
    __slots__ = ("sequence", "alert_id", "frame_timestamp", "frame_index", "image")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    FRAME_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    FRAME_INDEX_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    alert_id: int
    frame_timestamp: _timestamp_pb2.Timestamp
    frame_index: int
    image: bytes
    def __init__(self, sequence: _Optional[int] = ..., alert_id: _Optional[int] = ..., frame_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., frame_index: _Optional[int] = ..., image: _Optional[bytes] = ...) -> None: ...

class StreamFramesRequest(_message.Message):
    __slots__ = ("frame", "open_alert", "close_alert", "request_id")
    FRAME_FIELD_NUMBER: _ClassVar[int]
    OPEN_ALERT_FIELD_NUMBER: _ClassVar[int]
    CLOSE_ALERT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    frame: StreamedFrame
    open_alert: OpenAlertRequest
    close_alert: CloseAlertRequest
    request_id: int
    def __init__(self, frame: _Optional[_Union[StreamedFrame, _Mapping]] = ..., open_alert: _Optional[_Union[OpenAlertRequest, _Mapping]] = ..., close_alert: _Optional[_Union[CloseAlertRequest, _Mapping]] = ..., request_id: _Optional[int] = ...) -> None: ...

class FrameAck(_message.Message):
    __slots__ = ("sequence", "frame_id")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    FRAME_ID_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    frame_id: int
    def __init__(self, sequence: _Optional[int] = ..., frame_id: _Optional[int] = ...) -> None: ...

class FrameNack(_message.Message):
    __slots__ = ("sequence", "code", "message")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    code: str
    message: str
    def __init__(self, sequence: _Optional[int] = ..., code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class AlertResult(_message.Message):
    __slots__ = ("request_id", "alert", "error_code", "error_message")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    request_id: int
    alert: Alert
    error_code: str
    error_message: str
    def __init__(self, request_id: _Optional[int] = ..., alert: _Optional[_Union[Alert, _Mapping]] = ..., error_code: _Optional[str] = ..., error_message: _Optional[str] = ...) -> None: ...

class StreamFramesResponse(_message.Message):
    __slots__ = ("ack", "nack", "alert")
    ACK_FIELD_NUMBER: _ClassVar[int]
    NACK_FIELD_NUMBER: _ClassVar[int]
    ALERT_FIELD_NUMBER: _ClassVar[int]
    ack: FrameAck
    nack: FrameNack
    alert: AlertResult
    def __init__(self, ack: _Optional[_Union[FrameAck, _Mapping]] = ..., nack: _Optional[_Union[FrameNack, _Mapping]] = ..., alert: _Optional[_Union[AlertResult, _Mapping]] = ...) -> None: ...

class WatchAlertsRequest(_message.Message):
    __slots__ = ("truck_id", "after_event_id")
    TRUCK_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    truck_id: int
    after_event_id: int
    def __init__(self, truck_id: _Optional[int] = ..., after_event_id: _Optional[int] = ...) -> None: ...

class AlertEvent(_message.Message):
    __slots__ = ("kind", "alert", "frame", "at", "id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ALERT_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    kind: AlertEventKind
    alert: Alert
    frame: Frame
    at: _timestamp_pb2.Timestamp
    id: int
    def __init__(self, kind: _Optional[_Union[AlertEventKind, str]] = ..., alert: _Optional[_Union[Alert, _Mapping]] = ..., frame: _Optional[_Union[Frame, _Mapping]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., id: _Optional[int] = ...) -> None: ...

class GetCurrentUserRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class User(_message.Message):
    __slots__ = ("id", "username", "role")
    ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    id: int
    username: str
    role: str
    def __init__(self, id: _Optional[int] = ..., username: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class GetAlertRequest(_message.Message):
    __slots__ = ("alert_id",)
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    alert_id: int
    def __init__(self, alert_id: _Optional[int] = ...) -> None: ...
