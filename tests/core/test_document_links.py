"""Links to documents by number: matching, the year that picks one of several, suggestions."""

import pytest

from union_core.document_links import DocumentIndex, number_key, parse_target

INDEX = DocumentIndex([
    ("45/KH-LĐLĐ", 2026, "kế hoạch 45"),
    ("02-NQ/TW", 2021, "nghị quyết 02"),
    ("01/KH-LĐLĐ", 2025, "kế hoạch 01 năm 2025"),
    ("01/KH-LĐLĐ", 2026, "kế hoạch 01 năm 2026"),
    ("", 2026, "tài liệu không số"),
])


@pytest.mark.parametrize("written", ["02-NQ/TW", "02-nq/tw", "02 – NQ/TW", "02‑NQ/TW", "02-NQ/TW "])
def test_numbers_match_whatever_the_case_spaces_or_dash(written):
    assert number_key(written) == number_key("02-NQ/TW")


@pytest.mark.parametrize("href, found", [
    ("van-ban:45/KH-LĐLĐ", "kế hoạch 45"),
    ("van-ban:45/KH-L%C4%90L%C4%90", "kế hoạch 45"),  # as a browser would encode it
    ("van-ban:45/kh-lđlđ", "kế hoạch 45"),
    ("van-ban:01/KH-LĐLĐ@2025", "kế hoạch 01 năm 2025"),
    ("van-ban:01/KH-LĐLĐ@2026", "kế hoạch 01 năm 2026"),
    ("van-ban:02-NQ/TW@2021", "nghị quyết 02"),
])
def test_a_number_with_or_without_its_year_finds_one_document(href, found):
    assert INDEX.find(href) == (found, None)


def test_a_number_shared_by_two_years_asks_for_the_year():
    document, (message, hint) = INDEX.find("van-ban:01/KH-LĐLĐ")
    assert document is None
    assert message == 'có 2 văn bản số "01/KH-LĐLĐ" (năm 2025, 2026)'
    assert "van-ban:01/KH-LĐLĐ@2025" in hint


def test_an_unknown_number_suggests_the_closest_ones():
    document, (message, hint) = INDEX.find("van-ban:54/KH-LĐLĐ")
    assert document is None and message == 'không có văn bản số "54/KH-LĐLĐ"'
    assert hint.startswith("số gần giống: van-ban:45/KH-LĐLĐ")
    _, (message, hint) = INDEX.find("van-ban:45/KH-LĐLĐ@2020")
    assert message == 'không có văn bản số "45/KH-LĐLĐ" năm 2020'
    _, (_, hint) = INDEX.find("van-ban:hoàn toàn khác")
    assert "number: …" in hint


def test_the_year_suffix_is_only_a_four_digit_year():
    assert parse_target("van-ban:12/KH@2026").year == 2026
    assert parse_target("van-ban:12/KH@abc").number == "12/KH@abc"
