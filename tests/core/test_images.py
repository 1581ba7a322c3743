"""The image core without Pelican: inspecting files, sizes of derivatives, the social crop."""

import pytest
from PIL import Image

from image_samples import (animated_gif, cmyk_jpeg, marked, motion_photo, phone_photo, png16,
                           png_header, truncated_jpeg)
from content_model.report import SettingError
from responsive_images.options import DEFAULTS, read_options
from union_core.derivatives import DeriveSpec, derive, social_crop, target_sizes
from union_core.images import inspect_image

WIDTHS = (480, 960, 1600)


@pytest.mark.parametrize("size, expected", [
    ((4000, 3000), [(480, 360), (960, 720), (1600, 1200)]),
    ((1600, 1067), [(480, 320), (960, 640), (1600, 1067)]),
    ((1200, 800), [(480, 320), (960, 640), (1200, 800)]),
    ((960, 640), [(480, 320), (960, 640)]),
    ((300, 200), [(300, 200)]),
    ((60000, 3), [(480, 1), (960, 1), (1600, 1)]),
    ((3, 60000), [(1, 8192)]),  # no side beyond 8192 pixels
])
def test_target_sizes_never_upscale(size, expected):
    assert target_sizes(size, WIDTHS) == expected


@pytest.mark.parametrize("size, expected", [
    ((4000, 3000), (1200, 630)),
    ((1000, 3000), (1000, 525)),  # smaller than the card: kept smaller, same shape
    ((3000, 300), (571, 300)),
    ((1200, 630), (1200, 630)),
])
def test_social_crop_has_the_card_shape(size, expected):
    assert social_crop(Image.new("RGB", size), (1200, 630)).size == expected


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, size, problem", [
    ("a.jpg", phone_photo(800, 600), (800, 600), None),
    ("b.jpg", phone_photo(800, 600, orientation=6), (600, 800), None),
    ("c.jpg", motion_photo(), (800, 600), None),
    ("d.png", png16(), (600, 400), None),
    ("e.jpg", cmyk_jpeg(), (600, 400), None),
    ("f.gif", animated_gif(), (300, 200), "ảnh động"),
    ("g.jpg", truncated_jpeg(), (800, 600), "cắt cụt"),
    ("h.png", png_header(10000, 9000), None, "ảnh quá lớn"),
    ("i.png", png_header(30000, 30000), None, "ảnh quá lớn"),
    ("j.jpg", b"", None, "không phải tệp ảnh"),
    ("k.jpg", b"<html>not a photo</html>", None, "không phải tệp ảnh"),
    ("l.jpg", phone_photo(800, 600)[:400], None, None),  # cut inside the header: broken or truncated
])
def test_inspect_image(tmp_path, name, data, size, problem):
    info, problems = inspect_image(write(tmp_path, name, data))
    if size:
        assert (info.width, info.height) == size
    else:
        assert info is None
    if problem:
        assert problem in problems[0].message
    elif size:
        assert problems == []
    else:
        assert problems


def test_derive_writes_a_clean_upright_set(tmp_path):
    source = write(tmp_path, "a.jpg", phone_photo(1200, 800, orientation=8))
    outcome = derive(DeriveSpec(str(source), str(tmp_path / "out")))
    assert [(f.file, f.width, f.height) for f in outcome.files] == [
        ("w480.webp", 480, 720), ("w480.jpg", 480, 720),
        ("w800.webp", 800, 1200), ("w800.jpg", 800, 1200)]
    with Image.open(tmp_path / "out/w800.jpg") as image:
        assert not image.getexif() and "icc_profile" not in image.info and "comment" not in image.info
        # orientation 8: the stored top-left corner is shown at the bottom left
        assert image.convert("RGB").getpixel((3, image.height - 3))[0] > 180


def test_derive_reports_a_broken_file_instead_of_raising(tmp_path):
    source = write(tmp_path, "a.jpg", truncated_jpeg())
    outcome = derive(DeriveSpec(str(source), str(tmp_path / "out")))
    assert not outcome.ok and "hỏng" in outcome.problems[0].message


def test_options_default_and_fingerprint():
    options = read_options({"CACHE_PATH": "/tmp/c"})
    assert options.widths == DEFAULTS["widths"] and str(options.cache_path) == "/tmp/c/responsive_images"
    other = read_options({"CACHE_PATH": "/tmp/c", "RESPONSIVE_IMAGES": {"widths": [400, 800]}})
    assert options.fingerprint("responsive") != other.fingerprint("responsive")
    assert options.fingerprint("social") == other.fingerprint("social")  # the card ignores widths
    with pytest.raises(SettingError, match=r"\['workers'\]: expected an integer of at least 1"):
        read_options({"RESPONSIVE_IMAGES": {"workers": 0.5}})


def test_marked_sample_is_what_the_orientation_tests_assume():
    image = marked(40, 40)
    assert image.getpixel((1, 1))[0] > 200 and image.getpixel((38, 38))[2] > 150
