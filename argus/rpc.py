"""`argus grpc`: call any Argus RPC with JSON, taking grpcurl's arguments (a subset).

    argus grpc [-plaintext] [-H 'name: value']... [-d JSON | -d @] TARGET (list | SERVICE/METHOD)

`-d @` reads the request(s) from stdin: one JSON object, or several in a row for a streaming
call. Answers print as indented JSON, one per message, as grpcurl prints them. It knows the
Argus services and the standard health service from their compiled descriptors.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from google.protobuf.descriptor import MethodDescriptor

_DESCRIPTOR_MODULES = (
    "argus.ocr.v1.ocr_pb2",
    "argus.players.v1.halp_pb2",
    "argus.players.v1.mac_pb2",
    "argus.players.v1.fairplay_pb2",
    "argus.fleet.v1.fleet_pb2",
    "grpc_health.v1.health_pb2",
)


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `argus grpc`."""
    call = commands.add_parser(
        "grpc", help="call an Argus RPC with JSON (grpcurl's arguments)", description=__doc__
    )
    call.add_argument("-plaintext", action="store_true", help="accepted; always plaintext")
    call.add_argument("-H", dest="headers", action="append", default=[], metavar="'NAME: VALUE'")
    call.add_argument("-d", dest="data", default="", help="request JSON, or @ for stdin")
    call.add_argument("target", help="host:port")
    call.add_argument("method", help="`list`, or SERVICE/METHOD")
    call.set_defaults(handler=run)


def _method(name: str) -> MethodDescriptor:
    for module in _DESCRIPTOR_MODULES:
        importlib.import_module(module)
    service, _, method = name.rpartition("/")
    pool = descriptor_pool.Default()
    return pool.FindServiceByName(service).FindMethodByName(method)


def _requests(data: str, message_type: Any) -> Iterator[Any]:
    """The request messages: JSON objects one after another (none: one empty message)."""
    text = sys.stdin.read() if data == "@" else data
    decoder, index, count = json.JSONDecoder(), 0, 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            break
        value, index = decoder.raw_decode(text, index)
        count += 1
        yield json_format.ParseDict(value, message_type())
    if count == 0:
        yield message_type()


def _metadata(headers: list[str]) -> list[tuple[str, str]]:
    pairs = [header.partition(":") for header in headers]
    return [(name.strip().lower(), value.strip()) for name, _, value in pairs]


def _print(message: Any) -> None:
    print(json_format.MessageToJson(message, indent=2))


def _list(channel: grpc.Channel) -> int:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    for reply in stub.ServerReflectionInfo(iter([request])):
        for service in sorted(s.name for s in reply.list_services_response.service):
            print(service)
    return 0


def _call(channel: grpc.Channel, args: argparse.Namespace) -> int:
    method = _method(args.method)
    request_type = message_factory.GetMessageClass(method.input_type)
    reply_type = message_factory.GetMessageClass(method.output_type)
    path = f"/{method.containing_service.full_name}/{method.name}"
    kind = {
        (False, False): channel.unary_unary,
        (False, True): channel.unary_stream,
        (True, False): channel.stream_unary,
        (True, True): channel.stream_stream,
    }[(method.client_streaming, method.server_streaming)]
    rpc = kind(
        path,
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=reply_type.FromString,
    )
    requests = _requests(args.data, request_type)
    argument = requests if method.client_streaming else next(requests)
    reply = rpc(argument, metadata=_metadata(args.headers))
    for message in reply if method.server_streaming else [reply]:
        _print(message)
    return 0


def run(args: argparse.Namespace) -> int:
    """Exit status 0, or 1 with grpcurl's error lines when the call fails."""
    with grpc.insecure_channel(args.target) as channel:
        try:
            return _list(channel) if args.method == "list" else _call(channel, args)
        except grpc.RpcError as error:
            code = error.code()  # type: ignore[attr-defined]
            print(f"ERROR:\n  Code: {code.name}\n  Message: {error.details()}", file=sys.stderr)  # type: ignore[attr-defined]
            return 1
        except (KeyError, ValueError, json_format.ParseError) as error:
            print(f"argus grpc: {error}", file=sys.stderr)
            return 2
