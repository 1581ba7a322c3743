"""Fixtures that build real sites into temporary folders and read what was written."""

import hashlib
import io
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from content_model.report import ContentErrors
from site_build.runner import run_pelican
from site_build.settings import PREVIEW, PUBLISH, ROOT, load_settings

# A build clock fixed for the tests: "today" is 21/11/2026 at noon, Vietnam time.
CLOCK = "2026-11-21 12:00"

UNITS_TOML = """
[[group]]
slug = "ban"
name = "Các Ban"

[[group]]
slug = "ldld-huyen"
name = "LĐLĐ huyện, thị xã, thành phố"

[[group]]
slug = "cdcs"
name = "Công đoàn cơ sở"

[[unit]]
slug = "ban-to-chuc"
name = "Ban Tổ chức"
short_name = "Ban TC"
group = "ban"

[[unit]]
slug = "ban-tuyen-giao"
name = "Ban Tuyên giáo"
group = "ban"

[[unit]]
slug = "ldld-dong-ha"
name = "LĐLĐ huyện Đông Hà"
group = "ldld-huyen"

[[unit]]
slug = "ldld-duong-minh"
name = "LĐLĐ huyện Dương Minh"
group = "ldld-huyen"

[[unit]]
slug = "ldld-an-phu"
name = "LĐLĐ huyện An Phú"
group = "ldld-huyen"

[[unit]]
slug = "cdcs-may"
name = "Công đoàn Công ty May"
group = "cdcs"
parent = "ldld-dong-ha"
"""

CAMPAIGNS_TOML = """
[[campaign]]
slug = "thang-cong-nhan"
name = "Tháng Công nhân"
description = "Chăm lo đoàn viên trong tháng 5."
featured = true
order = 1

[[campaign]]
slug = "phong-chong-covid-19"
name = "Phòng, chống dịch Covid-19"
start = 2021-05-01
end = 2021-12-31
per_week = 2
"""

SITE_TOML = """
name = "Liên đoàn Lao động tỉnh Thử Nghiệm"
tagline = "Trang thử"
url = "https://thu.example"
"""


def article(title, date="2026-05-01 08:30", unit="ban-to-chuc", campaign="thang-cong-nhan",
            kind="tin", body="Nội dung bài viết.", **extra) -> str:
    """The text of an article file with the given header fields."""
    fields = {"title": title, "date": date, "unit": unit, "campaign": campaign, "kind": kind, **extra}
    header = "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)
    return f"{header}\n\n{textwrap.dedent(body).strip()}\n"


def snapshot(folder) -> dict:
    """Every file under ``folder`` → the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def tree(folder):
    """Every folder and file under ``folder``, folders with a trailing slash."""
    return sorted(p.relative_to(folder).as_posix() + ("/" if p.is_dir() else "") for p in folder.rglob("*"))


def jpeg_bytes(width=64, height=48, color=(200, 30, 30), **save) -> bytes:
    """A real JPEG photo of one colour (``save`` passes e.g. ``exif=`` to Pillow)."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def base_files() -> dict:
    return {
        "data/site.toml": SITE_TOML,
        "data/units.toml": UNITS_TOML,
        "data/campaigns.toml": CAMPAIGNS_TOML,
    }


class Site:
    """A content folder in ``tmp_path`` and the site built from it."""

    def __init__(self, root: Path):
        self.content = root / "content"
        self.output = root / "output"
        self.cache = root / "cache"
        self.write(base_files())

    def write(self, files: dict) -> "Site":
        for relative, text in files.items():
            path = self.content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return self

    def settings(self, publish=False, **overrides):
        overrides.setdefault("BUILD_CLOCK", CLOCK)
        overrides.setdefault("CACHE_PATH", str(self.cache))
        return load_settings(PUBLISH if publish else PREVIEW, self.content, self.output, **overrides)

    def build(self, publish=False, **overrides) -> Path:
        run_pelican(self.settings(publish, **overrides))
        return self.output

    def build_fails(self, publish=False, **overrides) -> ContentErrors:
        with pytest.raises(ContentErrors) as raised:
            self.build(publish, **overrides)
        return raised.value

    def page(self, relative: str) -> BeautifulSoup:
        path = self.output / relative
        if path.is_dir() or relative.endswith("/") or relative == "":
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def all_text(self) -> str:
        """Every text file of the output, concatenated (for "appears nowhere" checks)."""
        return "\n".join(
            p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(self.output.rglob("*"))
            if p.is_file() and p.suffix in {".html", ".xml", ".json", ".csv", ".txt", ".opml", ".ics", ".js"}
        )


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> Path:
    """The demo content of the repository, built once with the publishing settings."""
    output = tmp_path_factory.mktemp("demo") / "output"
    settings = load_settings(PUBLISH, ROOT / "content", output, BUILD_CLOCK=CLOCK,
                             CACHE_PATH=str(output.parent / "cache"))
    run_pelican(settings)
    return output


def read_page(output: Path, relative: str) -> BeautifulSoup:
    path = output / relative
    if path.is_dir():
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
