import pytest

from union_core.header import parse_source


def test_header_fields_keep_their_line_numbers():
    source = parse_source("title: Tiêu đề\ndate: 2026-05-01\n\nThân bài\n".encode())
    assert [(f.key, f.value, f.line) for f in source.fields] == [
        ("title", "Tiêu đề", 1), ("date", "2026-05-01", 2)]
    assert source.body.strip() == "Thân bài"
    assert source.body_line == 4


@pytest.mark.parametrize("raw", [
    "\ufefftitle: Tiêu đề\r\ndate: 2026-05-01\r\n\r\nThân bài\r\n".encode(),  # BOM + Windows ends
    "---\ntitle: Tiêu đề\ndate: 2026-05-01\n---\nThân bài\n".encode(),  # YAML-like fences
    "title:\tTiêu đề\nDate : 2026-05-01\n\nThân bài\n".encode(),  # tab, capitalised key
])
def test_header_variants_give_the_same_fields(raw):
    source = parse_source(raw)
    assert {f.key: f.value for f in source.fields} == {"title": "Tiêu đề", "date": "2026-05-01"}
    assert source.body.strip() == "Thân bài"


def test_continuation_lines_join_the_previous_field():
    source = parse_source("summary: Một câu\n    nối tiếp\ntitle: X\n\nB".encode())
    assert source.first("summary").value == "Một câu nối tiếp"


def test_text_is_nfc_normalised():
    nfd = "title: Co\u0302ng đoa\u0300n\n\nx".encode()
    assert parse_source(nfd).first("title").value == "Công đoàn"


def test_invalid_utf8_is_a_problem_with_its_line():
    source = parse_source(b"title: ok\ndate: \xff\xfe\n\nbody")
    assert source.problems[0][0] == 2
    assert "UTF-8" in source.problems[0][2]
