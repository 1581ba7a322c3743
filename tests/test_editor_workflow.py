"""The editor's tools: `invoke new` and the pre-commit hook."""

import os
import subprocess
import sys
from datetime import datetime

from conftest import article
from site_build.check import check_content
from site_build.settings import ROOT
from union_core.dates import VIETNAM


def invoke(*args):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, text=True)


def test_new_creates_a_file_that_passes_check(site):
    result = invoke("new", "Đoàn viên Công ty May nhận quà Tết", "--unit", "Ban TC",
                    "--campaign", "Tháng Công nhân, phong-chong-covid-19", "--kind", "tin",
                    "--content", str(site.content))
    assert result.returncode == 0, result.stderr
    year = datetime.now(VIETNAM).year
    path = site.content / f"{year}/doan-vien-cong-ty-may-nhan-qua-tet.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("title: Đoàn viên Công ty May nhận quà Tết\ndate: ")
    assert "unit: ban-to-chuc\ncampaign: thang-cong-nhan, phong-chong-covid-19\nkind: tin\n" in text
    written = datetime.strptime(text.splitlines()[1][6:], "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    assert abs((datetime.now(VIETNAM) - written).total_seconds()) < 120
    checked = check_content(site.settings(BUILD_CLOCK=None))
    assert checked.log.errors == [] and checked.articles == 1
    assert invoke("check", "--content", str(site.content)).returncode == 0


def test_new_photo_story_gets_its_own_folder(site):
    assert invoke("new", "Ảnh: Ngày hội", "--unit", "ban-to-chuc", "--campaign", "thang-cong-nhan",
                  "--kind", "anh", "--content", str(site.content)).returncode == 0
    assert list(site.content.glob("*/anh-ngay-hoi/bai.md"))


def test_new_refuses_an_unknown_unit_with_a_suggestion(site):
    result = invoke("new", "Tin thử", "--unit", "Ban To chuc", "--campaign", "thang-cong-nhan",
                    "--content", str(site.content))
    assert result.returncode == 1
    assert 'không có đơn vị "Ban To chuc"' in result.stderr and "Ban Tổ chức" in result.stderr
    assert not list(site.content.rglob("tin-thu.md"))


def git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.org",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.org"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)


def test_pre_commit_hook_refuses_a_bad_commit_and_accepts_a_good_one(site):
    repo = site.content.parent
    git(repo, "init", "-q")
    site.write({"2026/tot.md": article("Bài tốt")})
    assert invoke("install-hooks", "--content", str(site.content)).returncode == 0
    assert git(repo, "add", "-A").returncode == 0
    assert git(repo, "commit", "-qm", "bài tốt").returncode == 0

    site.write({"2026/xau.md": article("Bài xấu", unit="Ban To chuc")})
    git(repo, "add", "content/2026/xau.md")
    refused = git(repo, "commit", "-qm", "bài xấu")
    assert refused.returncode != 0
    assert "2026/xau.md:3: unit: không có đơn vị" in refused.stderr
    assert "bài xấu" not in git(repo, "log", "--format=%s").stdout

    # the staged version is checked, not the working copy
    (site.content / "2026/xau.md").write_text(article("Bài xấu"), encoding="utf-8")
    assert git(repo, "commit", "-qm", "bài xấu").returncode != 0
    git(repo, "add", "content/2026/xau.md")
    accepted = git(repo, "commit", "-qm", "bài đã sửa")
    assert accepted.returncode == 0, accepted.stderr
