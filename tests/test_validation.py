"""Every content mistake is reported as path:line: field: message, all at once, and stops the build."""

import subprocess
import sys

import pytest

from conftest import article
from site_build.check import check_content
from site_build.settings import ROOT

CASES = {
    "unknown unit": (
        {"2026/a.md": article("A", unit="Ban To chuc")},
        ("2026/a.md", 3, "unit", 'không có đơn vị "Ban To chuc"', "Ban Tổ chức"),
    ),
    "unknown campaign": (
        {"2026/a.md": article("A", campaign="Tháng công nhan")},
        ("2026/a.md", 4, "campaign", 'không có chuyên mục "Tháng công nhan"', "Tháng Công nhân"),
    ),
    "missing required field": (
        {"2026/a.md": "title: A\ndate: 2026-05-01\nunit: ban-to-chuc\nkind: tin\n\nx\n"},
        ("2026/a.md", 5, "campaign", "thiếu trường bắt buộc", "campaign: …"),
    ),
    "unparseable date": (
        {"2026/a.md": article("A", date="hôm qua")},
        ("2026/a.md", 2, "date", 'không đọc được ngày giờ "hôm qua"', "2026-05-01 08:30"),
    ),
    "impossible date": (
        {"2026/a.md": article("A", date="30/02/2026")},
        ("2026/a.md", 2, "date", "không có thật", "2026-05-01 08:30"),
    ),
    "unknown kind": (
        {"2026/a.md": article("A", kind="phóng sự")},
        ("2026/a.md", 5, "kind", '"phóng sự" không phải loại tin bài', "tin"),
    ),
    "two articles, one URL": (
        {"2026/a.md": article("Trùng tên"), "2026/khac/b.md": article("Trùng tên", date="2026-05-09")},
        ("2026/a.md", 1, "title", 'trùng đường dẫn "2026/05/trung-ten/index.html"', "slug"),
    ),
    "tags that differ only by tone": (
        {"2026/a.md": article("A", tags="Bán hàng"),
         "2026/b.md": article("B", tags="Bàn hàng", date="2026-05-02"),
         "2026/c.md": article("C", tags="Bán hàng", date="2026-05-03")},
        ("2026/b.md", 6, "tags", "cùng đường dẫn \"ban-hang\"", "Bán hàng"),
    ),
    "duplicate header key": (
        {"2026/a.md": article("A", tags="x") + ""},
        None,
    ),
    "not UTF-8": (
        {"2026/a.md": "title: Tiêu đề\n".encode("utf-16")},
        ("2026/a.md", 1, "encoding", "không phải UTF-8", "UTF-8"),
    ),
    "unknown field": (
        {"2026/a.md": article("A", catagory="x")},
        ("2026/a.md", 6, "catagory", "trường không được hỗ trợ", None),
    ),
    "missing image": (
        {"2026/a.md": article("A", body="![Ảnh](khong-co.jpg)")},
        ("2026/a.md", 7, "image", 'không tìm thấy tệp "khong-co.jpg"', None),
    ),
    "image without alt text": (
        {"2026/a.md": article("A", body="Đoạn đầu.\n\n![](anh.jpg)"), "2026/anh.jpg": b"x"},
        ("2026/a.md", 9, "image", "thiếu mô tả (alt)", "![Mô tả ảnh]"),
    ),
    "file outside content": (
        {"2026/a.md": article("A", cover="../../../etc/passwd")},
        ("2026/a.md", 6, "cover", "nằm ngoài thư mục content", None),
    ),
    "modified before date": (
        {"2026/a.md": article("A", modified="2026-04-01 08:00")},
        ("2026/a.md", 6, "modified", "ngày sửa đổi trước ngày đăng", None),
    ),
    "link to a missing article": (
        {"2026/a.md": article("A", body="Xem [bài trước](../2025/khong-co.md).")},
        ("2026/a.md", 7, "link", 'liên kết "../2025/khong-co.md" không trỏ tới tệp nào', None),
    ),
    "link to a draft": (
        {"2026/a.md": article("A", body="Xem [bài kia](nhap.md)."),
         "2026/nhap.md": article("Nháp", status="draft")},
        ("2026/a.md", 7, "link", "tới bản nháp", None),
    ),
    "link to a page the site does not have": (
        {"2026/a.md": article("A", body="Xem [trang](/2026/05/khong-co-bai/).")},
        ("2026/a.md", 7, "link", "không dẫn tới trang nào", None),
    ),
    "one article as a file and as a folder": (
        {"2026/le.md": article("Lễ một"), "2026/le/bai.md": article("Lễ hai", date="2026-05-02")},
        ("2026/le.md", None, "id", "là cùng một bài", "bai.md"),
    ),
    "registry: unknown parent": (
        {"data/units.toml": '[[group]]\nslug = "ban"\nname = "Ban"\n\n[[unit]]\nslug = "a"\nname = "A"\ngroup = "ban"\nparent = "b"\n'},
        ("data/units.toml", 9, "parent", 'không có đơn vị cấp trên "b"', None),
    ),
}
CASES["duplicate header key"] = (
    {"2026/a.md": "title: A\ndate: 2026-05-01\nunit: ban-to-chuc\ncampaign: thang-cong-nhan\nkind: tin\nunit: ban-tuyen-giao\n\nx\n"},
    ("2026/a.md", 6, "unit", "khai báo hai lần (dòng 3 và 6)", "dấu phẩy"),
)


def find(issues, site, expected):
    relative, line, field, message, hint = expected
    for issue in issues:
        if (issue.path.endswith(f"content/{relative}") and issue.line == line and issue.field == field
                and message in issue.message and (hint is None or hint in issue.hint)):
            return issue
    raise AssertionError(f"{expected} not in:\n" + "\n".join(i.format() for i in issues))


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_check_reports_each_mistake_with_file_line_and_field(site, files, expected):
    site.write(files)
    result = check_content(site.settings())
    find(result.log.errors, site, expected)


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_build_refuses_with_the_same_report_and_writes_nothing(site, files, expected):
    site.write(files)
    stop = site.build_fails()
    find(stop.log.errors, site, expected)
    assert not site.output.exists() or not any(site.output.iterdir())


def test_all_problems_are_reported_in_one_run(site):
    site.write({
        "2026/a.md": article("A", unit="khong-co"),
        "2026/b.md": article("B", kind="sai", date="2026-05-02"),
        "2026/c.md": article("C", date="sai ngày"),
    })
    errors = check_content(site.settings()).log.errors
    assert {(e.path.rsplit("/", 1)[-1], e.field) for e in errors} == {
        ("a.md", "unit"), ("b.md", "kind"), ("c.md", "date")}


def run(*args, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_plain_pelican_refuses_to_build_and_prints_no_traceback(site, tmp_path):
    site.write({"2026/a.md": article("A", unit="Ban To chuc")})
    out = tmp_path / "pelican-out"
    result = run(sys.executable, "-m", "pelican", str(site.content), "-s", "publishconf.py", "-o", str(out))
    assert result.returncode == 1
    assert "2026/a.md:3: unit: không có đơn vị \"Ban To chuc\"" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())


def test_invoke_check_exits_non_zero_with_the_report(site):
    site.write({"2026/a.md": article("A", kind="bài dài")})
    result = run(sys.executable, "-m", "invoke", "check", "--content", str(site.content))
    assert result.returncode == 1
    assert "2026/a.md:5: kind:" in result.stderr
    assert "Traceback" not in result.stderr


def test_invoke_check_passes_on_the_demo_content():
    result = run(sys.executable, "-m", "invoke", "check")
    assert result.returncode == 0, result.stderr
    assert "Nội dung hợp lệ" in result.stdout


def test_failed_build_leaves_the_previous_site_untouched(site):
    from site_build.runner import build_site
    from site_build.settings import PREVIEW

    site.write({"2026/a.md": article("Bài tốt")})
    assert build_site(PREVIEW, site.content, site.output).ok
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write({"2026/b.md": article("Bài lỗi", unit="khong-co")})
    result = build_site(PREVIEW, site.content, site.output)
    assert not result.ok and result.errors
    after = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before
    # nothing beside the site but the refused build's folder, kept for the next build
    assert [p.name for p in site.output.parent.iterdir() if p.name.startswith(".output.")] == [".output.spare"]


def test_invoke_build_exits_non_zero_and_keeps_the_old_output(site, tmp_path):
    out = tmp_path / "site-out"
    site.write({"2026/a.md": article("Bài tốt")})
    assert run(sys.executable, "-m", "invoke", "build", "--content", str(site.content), "--output", str(out)).returncode == 0
    site.write({"2026/b.md": article("Bài lỗi", date="ngày 5")})
    result = run(sys.executable, "-m", "invoke", "build", "--content", str(site.content), "--output", str(out))
    assert result.returncode == 1
    assert "2026/b.md:2: date:" in result.stderr and "Traceback" not in result.stderr
    assert (out / "2026/05/bai-tot/index.html").exists()
