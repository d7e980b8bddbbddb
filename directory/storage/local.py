"""Files in a local folder (``UPLOAD_DIR``): the single-machine default."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class LocalStore:
    name = "local"
    transactional = False

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        """The file's path; raises ``ValueError`` if the key leads outside the folder."""
        root = self.root.resolve()
        path = (root / key).resolve()
        if root not in path.parents:
            raise ValueError("File key is outside the upload folder.")
        return path

    def save(self, key: str, stream: BinaryIO) -> int:
        # Written under a temporary name and renamed, so a reader (or a crash) never
        # sees half a file; the temporary file goes if writing fails.
        target = self.path(key)
        if target.exists():
            raise FileExistsError(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=".part-", delete=False)
        try:
            with handle:
                shutil.copyfileobj(stream, handle)
                written = handle.tell()
                handle.flush()
                os.fsync(handle.fileno())  # a full disk often shows only here
            os.replace(handle.name, target)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        return written

    def open(self, key: str) -> BinaryIO:
        try:
            path = self.path(key)
        except ValueError as exc:
            raise FileNotFoundError(key) from exc
        return path.open("rb")

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).is_file()
        except ValueError:
            return False

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink(missing_ok=True)
        except ValueError:
            pass

    def keys(self, prefix: str = "") -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and not path.name.startswith(".part-") and key.startswith(prefix):
                yield key
