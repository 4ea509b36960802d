"""The `argus` command: run one service, or the whole platform on one machine."""

from __future__ import annotations

import argparse
import importlib
import sys

from argus.core import event_loop
from argus.core.errors import ConfigurationError
from argus.core.logging import configure_logging
from argus.core.secrets_policy import refuse_weak_secrets

SERVICES = ("ocr", "players", "fleet", "gateway")

# service -> (settings class, server entry point), imported lazily so that each process loads
# only what it runs.
_ENTRY_POINTS = {
    "ocr": ("services.ocr.settings:OcrSettings", "services.ocr.server:build"),
    "players": ("services.players.settings:PlayersSettings", "services.players.server:build"),
    "fleet": ("services.fleet.settings:FleetSettings", "services.fleet.server:build"),
    "gateway": ("services.gateway.settings:GatewaySettings", "services.gateway.server:serve"),
}


def _load(path: str):  # type: ignore[no-untyped-def]
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def serve(service: str) -> int:
    settings_path, entry_path = _ENTRY_POINTS[service]
    settings = _load(settings_path)()
    configure_logging(service, settings.log_level, settings.log_json)
    entry = _load(entry_path)
    try:
        refuse_weak_secrets(settings)
        if service == "gateway":
            event_loop.run(entry(settings))
        else:
            from argus.core.grpc_server import serve as serve_grpc

            event_loop.run(serve_grpc(entry(settings), settings))
    except ConfigurationError as exc:
        print(f"argus serve {service}: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="argus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start every service as its own process; Ctrl-C stops all")
    serve_parser = commands.add_parser("serve", help="run one service (what a container runs)")
    serve_parser.add_argument("service", choices=SERVICES)
    from argus import rpc
    from services.fleet.accounts import admin as fleet_admin

    fleet_admin.add_commands(commands)
    rpc.add_command(commands)
    args = parser.parse_args(argv)

    if args.command == "up":
        from argus.supervisor import run_all

        return run_all(SERVICES)
    if args.command == "serve":
        return serve(args.service)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
