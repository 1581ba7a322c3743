import unicodedata
from datetime import date, datetime

import pytest

from union_core.dates import VIETNAM, DateFormatError, parse_datetime
from union_core.vietnamese import (format_date, format_datetime, format_month, match_key, slugify,
                                   sort_key)


@pytest.mark.parametrize("text, slug", [
    ("Đoàn viên Công đoàn", "doan-vien-cong-doan"),
    ("ĐẠI HỘI đại biểu", "dai-hoi-dai-bieu"),
    ("Phòng, chống dịch Covid-19", "phong-chong-dich-covid-19"),
    ("Ban Tuyên giáo – Nữ công", "ban-tuyen-giao-nu-cong"),
    ("  Tháng   Công nhân 2026 ", "thang-cong-nhan-2026"),
    (unicodedata.normalize("NFD", "Người lao động"), "nguoi-lao-dong"),
    ("Đường", "duong"),
    ("Dương", "duong"),
])
def test_slugify_turns_vietnamese_into_ascii_slugs(text, slug):
    assert slugify(text) == slug


def test_match_key_is_the_same_for_nfc_nfd_case_and_spacing():
    nfc = "Ban Tổ chức"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert match_key(nfd) == match_key("  BAN tổ   CHỨC ") == match_key(nfc)


@pytest.mark.parametrize("unordered, expected", [
    (["Đông", "Dương", "Duy", "Em"], ["Duy", "Dương", "Đông", "Em"]),
    (["Bán", "Bàn", "Ban", "Banh", "Bạn", "Bản", "Bãn"], ["Ban", "Bàn", "Bản", "Bãn", "Bán", "Bạn", "Banh"]),
    (["Ư", "U", "Uy", "Ủy"], ["U", "Uy", "Ủy", "Ư"]),
    (["ô", "o", "ơ", "p"], ["o", "ô", "ơ", "p"]),
    (["ăn", "ân", "an", "anh"], ["an", "anh", "ăn", "ân"]),
    (["Huyện Yên", "huyện An"], ["huyện An", "Huyện Yên"]),
])
def test_vietnamese_alphabetical_order(unordered, expected):
    assert sorted(unordered, key=sort_key) == expected


def test_sort_ignores_normalisation_form():
    for word in ["Đường", "Ủy ban", "Nguyễn Thị Ánh"]:
        assert sort_key(unicodedata.normalize("NFD", word)) == sort_key(word)


@pytest.mark.parametrize("when, text", [
    (datetime(2020, 5, 1, 8, 30), "Thứ Sáu, 01/05/2020 08:30"),
    (datetime(2026, 11, 22, 19, 5), "Chủ Nhật, 22/11/2026 19:05"),
    (datetime(2026, 11, 21, 0, 0), "Thứ Bảy, 21/11/2026 00:00"),
    (datetime(2026, 11, 16, 7, 0), "Thứ Hai, 16/11/2026 07:00"),
])
def test_vietnamese_datetime(when, text):
    assert format_datetime(when) == text


def test_dates_and_months():
    assert format_date(date(2026, 5, 1)) == "01/05/2026"
    assert format_month(date(2026, 5, 1)) == "Tháng 5/2026"


@pytest.mark.parametrize("text, expected", [
    ("2026-05-01 08:30", datetime(2026, 5, 1, 8, 30, tzinfo=VIETNAM)),
    ("2026-05-01", datetime(2026, 5, 1, tzinfo=VIETNAM)),
    ("01/05/2026 08:30", datetime(2026, 5, 1, 8, 30, tzinfo=VIETNAM)),
    ("1/5/2026", datetime(2026, 5, 1, tzinfo=VIETNAM)),
    ("2026-05-01T01:30:00Z", datetime(2026, 5, 1, 8, 30, tzinfo=VIETNAM)),
    ("2026-05-01 08:30+07:00", datetime(2026, 5, 1, 8, 30, tzinfo=VIETNAM)),
])
def test_dates_are_read_in_vietnam_time_day_first(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize("text", ["2026-13-01", "31/02/2026", "ngày mai", "2026/05/01", "05-01-2026"])
def test_bad_dates_are_refused(text):
    with pytest.raises(DateFormatError):
        parse_datetime(text)
