import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GameMode(_message.Message):
    __slots__ = ("type", "matchmaking", "vanilla")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    MATCHMAKING_FIELD_NUMBER: _ClassVar[int]
    VANILLA_FIELD_NUMBER: _ClassVar[int]
    type: str
    matchmaking: bool
    vanilla: bool
    def __init__(self, type: _Optional[str] = ..., matchmaking: bool = ..., vanilla: bool = ...) -> None: ...

class SteamInfo(_message.Message):
    __slots__ = ("name", "profile_url", "pfp", "pfp_hash", "profile_visibility", "time_created", "country_code", "vac_bans", "game_bans", "days_since_last_ban", "has_days_since_last_ban", "fetched")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROFILE_URL_FIELD_NUMBER: _ClassVar[int]
    PFP_FIELD_NUMBER: _ClassVar[int]
    PFP_HASH_FIELD_NUMBER: _ClassVar[int]
    PROFILE_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    VAC_BANS_FIELD_NUMBER: _ClassVar[int]
    GAME_BANS_FIELD_NUMBER: _ClassVar[int]
    DAYS_SINCE_LAST_BAN_FIELD_NUMBER: _ClassVar[int]
    HAS_DAYS_SINCE_LAST_BAN_FIELD_NUMBER: _ClassVar[int]
    FETCHED_FIELD_NUMBER: _ClassVar[int]
    name: str
    profile_url: str
    pfp: str
    pfp_hash: str
    profile_visibility: str
    time_created: int
    country_code: str
    vac_bans: int
    game_bans: int
    days_since_last_ban: int
    has_days_since_last_ban: bool
    fetched: int
    def __init__(self, name: _Optional[str] = ..., profile_url: _Optional[str] = ..., pfp: _Optional[str] = ..., pfp_hash: _Optional[str] = ..., profile_visibility: _Optional[str] = ..., time_created: _Optional[int] = ..., country_code: _Optional[str] = ..., vac_bans: _Optional[int] = ..., game_bans: _Optional[int] = ..., days_since_last_ban: _Optional[int] = ..., has_days_since_last_ban: bool = ..., fetched: _Optional[int] = ...) -> None: ...

class GameInfo(_message.Message):
    __slots__ = ("userid", "team", "ping", "loss", "state", "kills", "deaths", "time", "last_seen", "alive")
    USERID_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    PING_FIELD_NUMBER: _ClassVar[int]
    LOSS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    KILLS_FIELD_NUMBER: _ClassVar[int]
    DEATHS_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    ALIVE_FIELD_NUMBER: _ClassVar[int]
    userid: str
    team: int
    ping: int
    loss: int
    state: str
    kills: int
    deaths: int
    time: int
    last_seen: int
    alive: bool
    def __init__(self, userid: _Optional[str] = ..., team: _Optional[int] = ..., ping: _Optional[int] = ..., loss: _Optional[int] = ..., state: _Optional[str] = ..., kills: _Optional[int] = ..., deaths: _Optional[int] = ..., time: _Optional[int] = ..., last_seen: _Optional[int] = ..., alive: bool = ...) -> None: ...

class Player(_message.Message):
    __slots__ = ("steam_id64", "name", "is_self", "local_verdict", "convicted", "tags", "previous_names", "friends", "friends_is_public", "custom_data", "steam_info", "game_info", "namespaces", "created", "modified", "last_seen")
    STEAM_ID64_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IS_SELF_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VERDICT_FIELD_NUMBER: _ClassVar[int]
    CONVICTED_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_NAMES_FIELD_NUMBER: _ClassVar[int]
    FRIENDS_FIELD_NUMBER: _ClassVar[int]
    FRIENDS_IS_PUBLIC_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_DATA_FIELD_NUMBER: _ClassVar[int]
    STEAM_INFO_FIELD_NUMBER: _ClassVar[int]
    GAME_INFO_FIELD_NUMBER: _ClassVar[int]
    NAMESPACES_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    steam_id64: str
    name: str
    is_self: bool
    local_verdict: str
    convicted: bool
    tags: _containers.RepeatedScalarFieldContainer[str]
    previous_names: _containers.RepeatedScalarFieldContainer[str]
    friends: _containers.RepeatedScalarFieldContainer[str]
    friends_is_public: bool
    custom_data: _struct_pb2.Struct
    steam_info: SteamInfo
    game_info: GameInfo
    namespaces: _struct_pb2.Struct
    created: _timestamp_pb2.Timestamp
    modified: _timestamp_pb2.Timestamp
    last_seen: _timestamp_pb2.Timestamp
    def __init__(self, steam_id64: _Optional[str] = ..., name: _Optional[str] = ..., is_self: bool = ..., local_verdict: _Optional[str] = ..., convicted: bool = ..., tags: _Optional[_Iterable[str]] = ..., previous_names: _Optional[_Iterable[str]] = ..., friends: _Optional[_Iterable[str]] = ..., friends_is_public: bool = ..., custom_data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., steam_info: _Optional[_Union[SteamInfo, _Mapping]] = ..., game_info: _Optional[_Union[GameInfo, _Mapping]] = ..., namespaces: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Game(_message.Message):
    __slots__ = ("hostname", "map", "ip", "max_players", "num_players", "gamemode", "players", "etag", "not_modified")
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    MAP_FIELD_NUMBER: _ClassVar[int]
    IP_FIELD_NUMBER: _ClassVar[int]
    MAX_PLAYERS_FIELD_NUMBER: _ClassVar[int]
    NUM_PLAYERS_FIELD_NUMBER: _ClassVar[int]
    GAMEMODE_FIELD_NUMBER: _ClassVar[int]
    PLAYERS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    NOT_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    hostname: str
    map: str
    ip: str
    max_players: int
    num_players: int
    gamemode: GameMode
    players: _containers.RepeatedCompositeFieldContainer[Player]
    etag: str
    not_modified: bool
    def __init__(self, hostname: _Optional[str] = ..., map: _Optional[str] = ..., ip: _Optional[str] = ..., max_players: _Optional[int] = ..., num_players: _Optional[int] = ..., gamemode: _Optional[_Union[GameMode, _Mapping]] = ..., players: _Optional[_Iterable[_Union[Player, _Mapping]]] = ..., etag: _Optional[str] = ..., not_modified: bool = ...) -> None: ...

class GetGameRequest(_message.Message):
    __slots__ = ("if_none_match",)
    IF_NONE_MATCH_FIELD_NUMBER: _ClassVar[int]
    if_none_match: str
    def __init__(self, if_none_match: _Optional[str] = ...) -> None: ...

class LookupPlayersRequest(_message.Message):
    __slots__ = ("steam_id64", "name", "include_records")
    STEAM_ID64_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RECORDS_FIELD_NUMBER: _ClassVar[int]
    steam_id64: _containers.RepeatedScalarFieldContainer[str]
    name: _containers.RepeatedScalarFieldContainer[str]
    include_records: bool
    def __init__(self, steam_id64: _Optional[_Iterable[str]] = ..., name: _Optional[_Iterable[str]] = ..., include_records: bool = ...) -> None: ...

class LookupPlayersResponse(_message.Message):
    __slots__ = ("players", "errors")
    class ErrorsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PLAYERS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    players: _containers.RepeatedCompositeFieldContainer[Player]
    errors: _containers.ScalarMap[str, str]
    def __init__(self, players: _Optional[_Iterable[_Union[Player, _Mapping]]] = ..., errors: _Optional[_Mapping[str, str]] = ...) -> None: ...

class UpdatePlayersRequest(_message.Message):
    __slots__ = ("updates",)
    class UpdatesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Struct
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...
    UPDATES_FIELD_NUMBER: _ClassVar[int]
    updates: _containers.MessageMap[str, _struct_pb2.Struct]
    def __init__(self, updates: _Optional[_Mapping[str, _struct_pb2.Struct]] = ...) -> None: ...

class UpdatePlayersResponse(_message.Message):
    __slots__ = ("errors",)
    class ErrorsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    errors: _containers.ScalarMap[str, str]
    def __init__(self, errors: _Optional[_Mapping[str, str]] = ...) -> None: ...

class GetPrefsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Prefs(_message.Message):
    __slots__ = ("prefs",)
    PREFS_FIELD_NUMBER: _ClassVar[int]
    prefs: _struct_pb2.Struct
    def __init__(self, prefs: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class UpdatePrefsRequest(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _struct_pb2.Struct
    def __init__(self, changes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class UpdatePrefsResponse(_message.Message):
    __slots__ = ("changes", "errors")
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    changes: _struct_pb2.Struct
    errors: _struct_pb2.Struct
    def __init__(self, changes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., errors: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class LobbyPlayer(_message.Message):
    __slots__ = ("steam_id64", "name", "game_info", "is_self")
    STEAM_ID64_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    GAME_INFO_FIELD_NUMBER: _ClassVar[int]
    IS_SELF_FIELD_NUMBER: _ClassVar[int]
    steam_id64: str
    name: str
    game_info: GameInfo
    is_self: bool
    def __init__(self, steam_id64: _Optional[str] = ..., name: _Optional[str] = ..., game_info: _Optional[_Union[GameInfo, _Mapping]] = ..., is_self: bool = ...) -> None: ...

class LobbySnapshot(_message.Message):
    __slots__ = ("hostname", "map", "ip", "max_players", "gamemode", "players", "self_steam_id64")
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    MAP_FIELD_NUMBER: _ClassVar[int]
    IP_FIELD_NUMBER: _ClassVar[int]
    MAX_PLAYERS_FIELD_NUMBER: _ClassVar[int]
    GAMEMODE_FIELD_NUMBER: _ClassVar[int]
    PLAYERS_FIELD_NUMBER: _ClassVar[int]
    SELF_STEAM_ID64_FIELD_NUMBER: _ClassVar[int]
    hostname: str
    map: str
    ip: str
    max_players: int
    gamemode: GameMode
    players: _containers.RepeatedCompositeFieldContainer[LobbyPlayer]
    self_steam_id64: str
    def __init__(self, hostname: _Optional[str] = ..., map: _Optional[str] = ..., ip: _Optional[str] = ..., max_players: _Optional[int] = ..., gamemode: _Optional[_Union[GameMode, _Mapping]] = ..., players: _Optional[_Iterable[_Union[LobbyPlayer, _Mapping]]] = ..., self_steam_id64: _Optional[str] = ...) -> None: ...

class SubmitStatusRequest(_message.Message):
    __slots__ = ("text", "self_steam_id64")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SELF_STEAM_ID64_FIELD_NUMBER: _ClassVar[int]
    text: str
    self_steam_id64: str
    def __init__(self, text: _Optional[str] = ..., self_steam_id64: _Optional[str] = ...) -> None: ...

class SubmitStatusResponse(_message.Message):
    __slots__ = ("understood", "skipped")
    UNDERSTOOD_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    understood: LobbySnapshot
    skipped: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, understood: _Optional[_Union[LobbySnapshot, _Mapping]] = ..., skipped: _Optional[_Iterable[str]] = ...) -> None: ...

class ListHistoryRequest(_message.Message):
    __slots__ = ("to",)
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    to: int
    def __init__(self, to: _Optional[int] = ..., **kwargs) -> None: ...

class ListPlayerRecordsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PlayerList(_message.Message):
    __slots__ = ("players",)
    PLAYERS_FIELD_NUMBER: _ClassVar[int]
    players: _containers.RepeatedCompositeFieldContainer[Player]
    def __init__(self, players: _Optional[_Iterable[_Union[Player, _Mapping]]] = ...) -> None: ...

class QueueCommandsRequest(_message.Message):
    __slots__ = ("commands",)
    COMMANDS_FIELD_NUMBER: _ClassVar[int]
    commands: _containers.RepeatedCompositeFieldContainer[_struct_pb2.Struct]
    def __init__(self, commands: _Optional[_Iterable[_Union[_struct_pb2.Struct, _Mapping]]] = ...) -> None: ...

class QueueCommandsResponse(_message.Message):
    __slots__ = ("queued",)
    QUEUED_FIELD_NUMBER: _ClassVar[int]
    queued: int
    def __init__(self, queued: _Optional[int] = ...) -> None: ...

class DrainCommandsRequest(_message.Message):
    __slots__ = ("max",)
    MAX_FIELD_NUMBER: _ClassVar[int]
    max: int
    def __init__(self, max: _Optional[int] = ...) -> None: ...

class DrainCommandsResponse(_message.Message):
    __slots__ = ("commands",)
    COMMANDS_FIELD_NUMBER: _ClassVar[int]
    commands: _containers.RepeatedCompositeFieldContainer[_struct_pb2.Struct]
    def __init__(self, commands: _Optional[_Iterable[_Union[_struct_pb2.Struct, _Mapping]]] = ...) -> None: ...

class ListClientsRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class ClientLobby(_message.Message):
    __slots__ = ("client", "hostname", "map", "players", "verdicts", "updated_at")
    class VerdictsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    CLIENT_FIELD_NUMBER: _ClassVar[int]
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    MAP_FIELD_NUMBER: _ClassVar[int]
    PLAYERS_FIELD_NUMBER: _ClassVar[int]
    VERDICTS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    client: str
    hostname: str
    map: str
    players: int
    verdicts: _containers.ScalarMap[str, int]
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, client: _Optional[str] = ..., hostname: _Optional[str] = ..., map: _Optional[str] = ..., players: _Optional[int] = ..., verdicts: _Optional[_Mapping[str, int]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListClientsResponse(_message.Message):
    __slots__ = ("clients",)
    CLIENTS_FIELD_NUMBER: _ClassVar[int]
    clients: _containers.RepeatedCompositeFieldContainer[ClientLobby]
    def __init__(self, clients: _Optional[_Iterable[_Union[ClientLobby, _Mapping]]] = ...) -> None: ...
