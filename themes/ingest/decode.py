"""Bytes -> text: BOM-aware UTF-8/UTF-16, a cp1252 fallback, and binary detection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from themes.core.errors import InputError

_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


@dataclass(frozen=True)
class Decoded:
    text: str  # newlines normalised to "\n"
    encoding: str
    warning: str | None = None


def decode(data: bytes, source: str) -> Decoded:
    """Decode a text transcript; raise InputError (naming `source`) if it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data[3:], "utf-8", source), "utf-8-sig"
    elif data.startswith(codecs.BOM_UTF16_LE):
        text, encoding = _strict(data[2:], "utf-16-le", source), "utf-16-le"
    elif data.startswith(codecs.BOM_UTF16_BE):
        text, encoding = _strict(data[2:], "utf-16-be", source), "utf-16-be"
    else:
        if b"\x00" in data:
            raise _binary(source)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = _strict(data, "cp1252", source)
            _check_text(text, source)
            return Decoded(
                _newlines(text),
                "cp1252",
                f"{source}: not valid UTF-8; read as Windows-1252 (cp1252). Check accented "
                "characters, or save the file as UTF-8 to silence this warning.",
            )
    _check_text(text, source)
    return Decoded(_newlines(text), encoding)


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _binary(source) from exc


def _check_text(text: str, source: str) -> None:
    controls = sum(1 for ch in text[:100_000] if ord(ch) in _CONTROL)
    if "\x00" in text or controls > max(2, len(text[:100_000]) // 100):
        raise _binary(source)


def _binary(source: str) -> InputError:
    return InputError(
        f"{source}: not a text file (binary content or an unknown encoding); skipped. "
        "Export it as plain text (UTF-8) or use a supported document format."
    )


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
