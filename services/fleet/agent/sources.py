"""Where the agent's frames come from: a folder of images or a video file (OpenCV)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


class SourceError(Exception):
    """The frames cannot be read; the message tells the user what to fix."""


def image_files(directory: Path) -> list[Path]:
    """The images of a folder in name order; an error when there is none."""
    if not directory.is_dir():
        raise SourceError(f"--images {directory}: not a directory")
    files = sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    )
    if not files:
        raise SourceError(f"--images {directory}: no .jpg, .jpeg or .png file in it")
    return files


def read_images(files: list[Path]) -> Iterator[bytes]:
    """The encoded bytes of each image, sent as they are (JPEG or PNG)."""
    for path in files:
        yield path.read_bytes()


class Video:
    """A video file decoded with OpenCV, each frame re-encoded as JPEG."""

    def __init__(self, path: Path, jpeg_quality: int = 85) -> None:
        import cv2

        if not path.is_file():
            raise SourceError(f"--video {path}: no such file")
        self._cv2 = cv2
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise SourceError(f"--video {path}: OpenCV cannot open it (unknown format?)")
        self.fps = float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0)
        self._quality = jpeg_quality
        self._path = path

    def frames(self) -> Iterator[bytes]:
        cv2 = self._cv2
        try:
            while True:
                ok, image = self._capture.read()
                if not ok:
                    return
                ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, self._quality])
                if not ok:
                    raise SourceError(f"--video {self._path}: a frame cannot be encoded as JPEG")
                yield encoded.tobytes()
        finally:
            self._capture.release()
