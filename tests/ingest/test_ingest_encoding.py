"""Encodings: UTF-8 with/without BOM, UTF-16 LE/BE with BOM, cp1252 fallback, binary."""

from __future__ import annotations

import codecs

import pytest

from themes.core.errors import InputError
from themes.ingest.decode import decode

TEXT = "Interviewer: Café?\nP1: Naïve — “yes”.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings(data: bytes, encoding: str) -> None:
    decoded = decode(data, "P1.txt")
    assert (decoded.text, decoded.encoding, decoded.warning) == (TEXT, encoding, None)


def test_cp1252_fallback_warns() -> None:
    decoded = decode(TEXT.encode("cp1252"), "P1.txt")
    assert decoded.text == TEXT and decoded.encoding == "cp1252"
    assert decoded.warning and "P1.txt" in decoded.warning and "UTF-8" in decoded.warning
    assert "Café" not in decoded.warning


@pytest.mark.parametrize(
    "data",
    [
        b"Interviewer: hi\x00\x00\x01\x02",
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 10,
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"P1\.txt: not a text file"):
        decode(data, "P1.txt")
