"""Word-processor packages (.docx, .odt are zip archives) opened with bounds.

Before anything is unpacked, every member is checked: not encrypted, stored or deflated (the
methods Word and LibreOffice write), and all of them together no larger unpacked than
`ingest.max_unpacked_mb`. `zipfile` never unpacks more than a member's declared size, so a
"zip bomb" is refused from its directory alone, in milliseconds.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from themes.core.config import IngestConfig
from themes.core.errors import InputError
from themes.ingest.files import megabytes

MAX_MEMBERS = 10_000  # a .docx has a few dozen members; a folder of images may have hundreds
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ENCRYPTED = 0x1
# The damage zipfile and zlib report for broken members.
DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OSError)


def open_archive(data: bytes, source: str, config: IngestConfig, kind: str) -> zipfile.ZipFile:
    """The archive in `data`, checked; InputError naming `source` and the fix otherwise.

    `kind` names the format in messages, e.g. "an OpenDocument .odt".
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except DAMAGE:
        raise InputError(
            f"{source}: not a readable {kind} file (it is not a complete zip archive); skipped. "
            "Open it in Word or LibreOffice and save it again."
        ) from None
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"{source}: a package of {len(members)} parts, more than a document has "
            f"({MAX_MEMBERS} at most); skipped. Open it in Word or LibreOffice and save it again."
        )
    for member in members:
        if member.flag_bits & _ENCRYPTED:
            raise InputError(
                f"{source}: password-protected (encrypted); skipped. Save a copy without a "
                "password and ingest that."
            )
        if member.compress_type not in _METHODS:
            raise InputError(
                f"{source}: packed with a compression method themes does not read (method "
                f"{member.compress_type}); skipped. Open it in Word or LibreOffice and save it "
                "again."
            )
    unpacked = sum(member.file_size for member in members)
    if unpacked > config.max_unpacked_mb * 1_000_000:
        raise InputError(
            f"{source}: unpacks to {megabytes(unpacked)} MB, more than "
            f"ingest.max_unpacked_mb ({config.max_unpacked_mb:g} MB); skipped. It may be a "
            "'zip bomb'; if it is a real transcript, raise that setting."
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, source: str, kind: str) -> bytes:
    """One member, unpacked (within its declared size); InputError when missing or damaged."""
    try:
        return archive.read(name)
    except KeyError:
        raise InputError(
            f"{source}: not a complete {kind} file ({name} is missing); skipped. Open it in Word "
            "or LibreOffice and save it again."
        ) from None
    except DAMAGE:
        raise InputError(
            f"{source}: a damaged {kind} file ({name} cannot be unpacked); skipped. Open it in "
            "Word or LibreOffice and save it again."
        ) from None
