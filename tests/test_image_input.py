"""Bad photos: each gets a clear error naming the article, the line and the image, or a safe
result; none crashes the build or writes outside the output."""

import pytest
from PIL import Image

from conftest import article, jpeg_bytes
from image_samples import (RED, animated_gif, cmyk_jpeg, damaged_png, motion_photo,
                           palette_png_with_transparency, png16, png_header, truncated_jpeg)
from site_build.check import check_content

BODY = "![Ảnh minh họa](anh.jpg)"  # on line 7 of an article without extra fields
PNG_BODY = BODY.replace("jpg", "png")

REFUSED = {
    "missing image": ({"2026/a.md": article("A", body="![Ảnh](khong-co.jpg)")},
                      (7, "image", 'không tìm thấy tệp "khong-co.jpg"', "cạnh bài viết")),
    "not an image": ({"2026/a.md": article("A", body=BODY), "2026/anh.jpg": b"Day khong phai anh"},
                     (7, "image", 'ảnh "anh.jpg": không phải tệp ảnh', "JPEG")),
    "a document shown as an image": (
        {"2026/a.md": article("A", body="![Kế hoạch](ke-hoach.pdf)"), "2026/ke-hoach.pdf": b"%PDF-1.4"},
        (7, "image", 'ảnh "ke-hoach.pdf": không phải tệp ảnh', None)),
    "a cover that is not an image": (
        {"2026/a.md": article("A", cover="ke-hoach.docx"), "2026/ke-hoach.docx": b"PK\x03\x04"},
        (6, "cover", 'ảnh "ke-hoach.docx": không phải tệp ảnh', None)),
    "iPhone HEIC": ({"2026/a.md": article("A", body="![Ảnh](anh.heic)"),
                     "2026/anh.heic": b"\x00\x00\x00\x18ftypheic"},
                    (7, "image", "không phải tệp ảnh", "HEIC")),
    "truncated upload": ({"2026/a.md": article("A", body=BODY), "2026/anh.jpg": truncated_jpeg()},
                         (7, "image", 'ảnh "anh.jpg": tệp ảnh bị cắt cụt', "chép lại")),
    "decompression bomb": ({"2026/a.md": article("A", body=PNG_BODY),
                            "2026/anh.png": png_header(30000, 30000)},
                           (7, "image", "ảnh quá lớn", "thu nhỏ")),
    "beyond the pixel limit": ({"2026/a.md": article("A", body=PNG_BODY),
                                "2026/anh.png": png_header(10000, 9000)},
                               (7, "image", "ảnh quá lớn: 10000×9000 điểm ảnh (90 triệu)", None)),
    "outside the content folder": ({"2026/a.md": article("A", body="![Mật khẩu](../../../../etc/passwd)")},
                                   (7, "image", "nằm ngoài thư mục content", None)),
    "cover outside the content folder": ({"2026/a.md": article("A", cover="../../../../etc/passwd")},
                                         (6, "cover", "nằm ngoài thư mục content", None)),
}


def find(issues, expected):
    line, field, message, hint = expected
    matches = [i for i in issues
               if i.path.endswith("content/2026/a.md") and (i.line, i.field) == (line, field)
               and message in i.message and (hint is None or hint in i.hint)]
    assert matches, f"{expected} not in:\n" + "\n".join(i.format() for i in issues)


@pytest.mark.parametrize("files, expected", REFUSED.values(), ids=REFUSED.keys())
def test_check_names_article_line_and_image(site, files, expected):
    site.write(files)
    find(check_content(site.settings()).log.errors, expected)


@pytest.mark.parametrize("files, expected", REFUSED.values(), ids=REFUSED.keys())
def test_build_refuses_and_writes_nothing_anywhere(site, tmp_path, files, expected):
    site.write(files)
    find(site.build_fails().log.errors, expected)
    assert not site.output.exists() or not any(site.output.iterdir())
    assert {p.name for p in tmp_path.iterdir()} <= {"content", "cache", "output"}


def test_damage_found_only_by_decoding_is_reported_by_the_build(site):
    site.write({"2026/a.md": article("A", body=PNG_BODY), "2026/anh.png": damaged_png()})
    assert not check_content(site.settings()).log.errors  # header and end of file look fine
    find(site.build_fails().log.errors, (7, "image", 'ảnh "anh.png": tệp ảnh bị hỏng', "chép lại"))


def build_one(site, name, data, body=None):
    site.write({"2026/a/bai.md": article("Ảnh thử", body=body or f"![Ảnh thử]({name})"),
                f"2026/a/{name}": data})
    site.build()
    img = site.page("2026/05/anh-thu/").select_one(".prose img")
    webp = img.find_previous_sibling("source")["srcset"].split()[0]
    return Image.open(site.output / img["src"].lstrip("/")), Image.open(site.output / webp.lstrip("/"))


def test_cmyk_jpeg_is_converted_to_srgb(site):
    jpeg, webp = build_one(site, "cmyk.jpg", cmyk_jpeg())
    for image in (jpeg, webp):
        assert image.mode == "RGB" and max(abs(a - b) for a, b in zip(image.getpixel((10, 10)), RED)) < 45


def test_sixteen_bit_png_keeps_its_tones(site):
    jpeg, webp = build_one(site, "xam.png", png16())
    for image in (jpeg, webp):
        grey = image.convert("L")
        assert grey.getpixel((50, 50)) > 245 and 118 < grey.getpixel((image.width - 50, 50)) < 138


def test_palette_png_with_transparency_keeps_it_in_webp_and_gets_white_in_jpeg(site):
    jpeg, webp = build_one(site, "trong.png", palette_png_with_transparency())
    assert webp.mode == "RGBA"
    assert webp.getpixel((20, 20))[3] == 0 and webp.getpixel((webp.width - 20, 20))[3] == 255
    assert jpeg.mode == "RGB" and min(jpeg.getpixel((20, 20))) > 245
    assert max(abs(a - b) for a, b in zip(jpeg.getpixel((jpeg.width - 20, 20)), RED)) < 45


def test_animated_gif_becomes_its_first_frame_with_a_warning(site, capsys):
    jpeg, webp = build_one(site, "dong.gif", animated_gif())
    assert not getattr(webp, "is_animated", False) and not getattr(jpeg, "is_animated", False)
    assert max(abs(a - b) for a, b in zip(webp.convert("RGB").getpixel((10, 10)), RED)) < 45
    assert 'content/2026/a/bai.md:7: image: ảnh "dong.gif": ảnh động' in capsys.readouterr().err


def test_phone_data_after_the_end_of_a_jpeg_is_not_a_truncation(site):
    jpeg, _ = build_one(site, "motion.jpg", motion_photo())
    assert jpeg.size == (800, 600)


def test_an_unusable_colour_profile_is_a_warning_not_an_error(site, capsys):
    jpeg, _ = build_one(site, "icc.jpg", jpeg_bytes(300, 200, icc_profile=b"not a real profile" * 10))
    assert jpeg.size == (300, 200)
    assert 'bai.md:7: image: ảnh "icc.jpg": hồ sơ màu (ICC)' in capsys.readouterr().err


def test_a_page_cannot_take_the_images_folder(site):
    site.write({"pages/anh.md": "title: Ảnh\n\nThư viện ảnh.\n"})
    for issues in (check_content(site.settings()).log.errors, site.build_fails().log.errors):
        assert any(i.field == "slug" and "trùng với một mục của trang" in i.message for i in issues)
