"""`argus-device stream`: register (or log in) and stream a folder of images or a video file.

Exit codes: 0 every frame acknowledged; 1 unexpected error; 2 bad command line; 3 the server
refused the device's credentials; 4 the server stayed unreachable (frames stay spooled);
5 the images or video cannot be read; 6 the server rejected some frames; 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from argus.core.errors import ConfigurationError
from argus.core.tls import ClientTls
from services.fleet.agent.runner import Agent, AgentConfig, AgentError
from services.fleet.agent.sources import SourceError, Video, image_files, read_images
from services.fleet.agent.spool import Spool, spool_path

EXIT_SOURCE = 5
EXIT_REJECTED = 6
EXIT_INTERRUPTED = 130


def default_spool_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "argus-device"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="argus-device", description=__doc__.splitlines()[0])
    commands = root.add_subparsers(dest="command", required=True)
    stream = commands.add_parser("stream", help="stream frames to the fleet service")
    stream.add_argument("--server", required=True, help="fleet gRPC address, HOST:PORT")
    stream.add_argument(
        "--tls", action="store_true", help="connect over TLS, verifying the server's certificate"
    )
    stream.add_argument(
        "--ca",
        type=Path,
        default=None,
        help="CA bundle (PEM) that signed the server's certificate (default: the system's; "
        "implies --tls)",
    )
    stream.add_argument("--mac", required=True, help="this device's MAC address")
    stream.add_argument(
        "--password",
        default=os.environ.get("ARGUS_DEVICE_PASSWORD"),
        help="device password (or ARGUS_DEVICE_PASSWORD)",
    )
    stream.add_argument(
        "--name", default="", help="truck name (new device: default the mac; known: renames)"
    )
    stream.add_argument(
        "--enrollment-secret",
        default=os.environ.get("ARGUS_DEVICE_ENROLLMENT_SECRET", ""),
        help="what a new device presents when the server's registration mode is `secret` "
        "(or ARGUS_DEVICE_ENROLLMENT_SECRET)",
    )
    source = stream.add_mutually_exclusive_group(required=True)
    source.add_argument("--images", type=Path, help="folder of .jpg/.png files, sent in name order")
    source.add_argument("--video", type=Path, help="video file, each frame sent as a JPEG")
    stream.add_argument(
        "--fps",
        type=float,
        default=None,
        help="frames per second (default: "
        "as fast as acknowledged for images, the video's own rate for a video)",
    )
    stream.add_argument(
        "--alert",
        metavar="BEHAVIOUR",
        default="",
        help="open an alert with this behaviour first, send its frames, close it",
    )
    stream.add_argument(
        "--spool", type=Path, default=None, help="folder of the unacknowledged-frames spool"
    )
    stream.add_argument("--window", type=int, default=64, help="frames in flight (default 64)")
    stream.add_argument(
        "--give-up-after",
        type=float,
        default=300.0,
        help="seconds without a connection before exiting with 4 (0: never)",
    )
    stream.add_argument(
        "--backoff-max",
        type=float,
        default=10.0,
        help="longest wait between reconnections, seconds",
    )
    return root


def _frames(args: argparse.Namespace) -> tuple[Iterator[bytes], float]:
    if args.images is not None:
        return read_images(image_files(args.images)), args.fps or 0.0
    video = Video(args.video)
    return video.frames(), args.fps if args.fps is not None else video.fps


async def _run(args: argparse.Namespace) -> int:
    frames, fps = _frames(args)
    config = AgentConfig(
        server=args.server,
        mac=args.mac,
        password=args.password,
        name=args.name or "",
        window=max(1, args.window),
        give_up_after=args.give_up_after,
        backoff_max=args.backoff_max,
        enrollment_secret=args.enrollment_secret,
        tls=ClientTls.from_files(str(args.ca) if args.ca else None)
        if args.tls or args.ca
        else None,
    )
    spool = Spool(spool_path(args.spool or default_spool_dir(), args.mac))
    agent = Agent(config, spool, sys.stdout)
    try:
        await agent.stream(frames, behavior=args.alert, fps=fps)
    finally:
        await agent.close()
        spool.close()
    return EXIT_REJECTED if agent.stats.rejected else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.password:
        print("argus-device: --password (or ARGUS_DEVICE_PASSWORD) is required", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_run(args))
    except ConfigurationError as exc:
        print(f"argus-device: {exc}", file=sys.stderr)
        return 2
    except SourceError as exc:
        print(f"argus-device: {exc}", file=sys.stderr)
        return EXIT_SOURCE
    except AgentError as exc:
        print(f"argus-device: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("argus-device: interrupted; unacknowledged frames stay spooled", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
