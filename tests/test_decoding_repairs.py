"""Damaged text is repaired, not lost: a few invalid bytes in a UTF-8 file are replaced (not
the whole file decoded as cp1251/latin-1), stray NUL bytes are removed (not the file skipped),
and each repair is a warning naming the file."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from milgraph.cli import main
from milgraph.loaders.readers import ReadFailure, read_path

CYRILLIC = "Танкер прибыл в порт Тартус в понедельник."
FRENCH = "Le navire est arrivé à Tobrouk mercredi, selon la garde côtière."


def _read_one(path):
    (item,) = list(read_path(path))
    return item


def test_one_invalid_byte_in_a_utf8_file_is_replaced_and_the_rest_stays_utf8(tmp_path, caplog):
    path = tmp_path / "report.txt"
    path.write_bytes(f"Title\n\n{CYRILLIC} One stray byte \xff here.\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    with caplog.at_level(logging.WARNING, logger="milgraph"):
        doc = _read_one(path)
    assert CYRILLIC in doc.text
    assert "\ufffd" in doc.text
    assert any(str(path) in r.getMessage() and "not valid UTF-8 in 1 place" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", CYRILLIC),
    ("latin-1", FRENCH),
    ("utf-16", CYRILLIC),
    ("utf-16-le", FRENCH),
])
def test_files_in_other_encodings_are_still_detected(tmp_path, encoding, text):
    path = tmp_path / "report.txt"
    path.write_bytes(f"Title\n\n{text}\n".encode(encoding))
    assert _read_one(path).text == text


def test_a_stray_nul_byte_is_removed_with_a_warning_and_the_report_kept(tmp_path, caplog):
    path = tmp_path / "report.txt"
    path.write_bytes(b"Title\n\nRussia moved radars from Khmeimim\x00 to Benghazi.\n")
    with caplog.at_level(logging.WARNING, logger="milgraph"):
        doc = _read_one(path)
    assert doc.text == "Russia moved radars from Khmeimim to Benghazi."
    assert any(str(path) in r.getMessage() and "1 NUL byte removed" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\x03binary\x00\xff" * 20,
    b"\x7fELF\x02\x01\x01\x00" + bytes(200),
    bytes(range(256)) * 4,
])
def test_a_truly_binary_file_is_still_skipped_with_a_message(tmp_path, data):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    failure = _read_one(path)
    assert isinstance(failure, ReadFailure) and failure.skipped and "binary" in failure.reason


def test_the_command_prints_the_repair_as_one_warning_line_naming_the_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"Title\n\nRussia moved S-400 radars from Khmeimim\x00 to Benghazi on 13 December.\n")
    result = CliRunner().invoke(main, ["extract", "--json", str(path)])
    assert result.exit_code == 0
    assert f"warning: {path}: 1 NUL byte removed" in result.stderr
    assert "place:benghazi" in result.stdout
