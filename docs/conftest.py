"""Run the Markdown pages under docs/ as doctests (``--doctest-glob=*.md``).

Each page runs in a fresh temporary directory, so examples can write files the way a user
would ("results.csv", "sweep/"); files a page shows as

    <!-- file: NAME -->
    ```toml
    ...
    ```

are written there first, so examples can read them by name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\s*\n```[\w-]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def file_blocks(text: str) -> dict[str, str]:
    """``{name: content}`` of the files a page shows (see the module notes)."""
    return {name: body for name, body in FILE_BLOCK.findall(text)}


def write_files(page: Path, directory: Path) -> None:
    for name, body in file_blocks(page.read_text()).items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)


@pytest.fixture(autouse=True)
def _page_directory(request, tmp_path, monkeypatch):
    path = Path(str(request.node.path))
    if path.suffix == ".md":
        write_files(path, tmp_path)
        monkeypatch.chdir(tmp_path)
    yield
