"""One registry of readers (extension -> reader) and reading a file or a whole folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from themes.core.config import Config
from themes.core.errors import InputError, StrictModeError
from themes.core.types import Corpus, SkippedFile, Transcript
from themes.ingest.base import Reader
from themes.ingest.csv_reader import read_csv
from themes.ingest.docx_reader import read_docx
from themes.ingest.files import Refusal, read_limited, refusal
from themes.ingest.metadata import MetadataTable, metadata_for, read_metadata, unmatched_warnings
from themes.ingest.odt import read_odt
from themes.ingest.srt import read_srt
from themes.ingest.txt import read_md, read_txt
from themes.ingest.vtt import read_vtt

# extension -> (format name, reader)
READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", read_txt),
    ".md": ("txt", read_md),
    ".docx": ("docx", read_docx),
    ".odt": ("odt", read_odt),
    ".vtt": ("vtt", read_vtt),
    ".srt": ("srt", read_srt),
    ".csv": ("csv", read_csv),
}


def supported(config: Config) -> list[str]:
    """The extensions read: those configured that have a reader."""
    return [e.lower() for e in config.ingest.extensions if e.lower() in READERS]


def read_file(
    path: Path, folder: Path, config: Config, metadata: MetadataTable | None = None
) -> Transcript:
    """Read one transcript; raise InputError naming the file when it cannot be used."""
    source = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
    extension = path.suffix.lower()
    if extension not in supported(config):
        raise InputError(
            f"{source}: not a transcript format themes reads; expected one of "
            f"{', '.join(supported(config))}. Convert it or move it out of the folder."
        )
    refused = refusal(path, folder, config.ingest)
    data = read_limited(path, config.ingest.max_file_mb) if refused is None else refused
    if isinstance(data, Refusal):
        raise InputError(f"{source}: {data.what}; skipped. {data.fix}")
    if not data.strip():
        raise InputError(
            f"{source}: the file is empty; skipped. Remove it or add the transcript text."
        )
    name, reader = READERS[extension]
    try:
        parsed = reader(data, source, config.ingest)
    except InputError:
        raise
    except Exception as exc:  # a reader's bug must not stop the folder
        raise InputError(_reader_failed(source, name, exc)) from None
    transcript_id = path.stem
    return Transcript(
        id=transcript_id,
        source=source,
        format=name,
        text=parsed.text,
        turns=parsed.turns,
        metadata=metadata_for(transcript_id, source, metadata or MetadataTable({}), config.ingest),
        encoding=parsed.encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
        warnings=parsed.warnings,
    )


def ingest_folder(folder: Path | str, config: Config, strict: bool = False) -> Corpus:
    """Read every transcript in the top level of `folder`, in sorted order of file name.

    Subfolders are not read (they are listed as skipped). Files that cannot be used are
    skipped with a reason; with `strict`, any warning or skipped transcript is an error.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: folder not found; give the folder that holds the transcripts.")
    table = read_metadata(folder, config.ingest)
    warnings: list[str] = list(table.warnings)
    skipped: list[SkippedFile] = []
    problems: list[str] = []
    kept: list[Transcript] = []
    by_id: dict[str, str] = {}
    by_content: dict[str, str] = {}
    for path in _entries(folder):
        name = path.name
        if _ignored(name, config):
            continue
        try:
            is_folder = path.is_dir()
        except OSError:
            is_folder = False  # read_file says why it cannot be read
        if is_folder:
            skipped.append(
                SkippedFile(
                    name,
                    "subfolder: not read; move its transcripts into the top folder or ingest "
                    "it separately.",
                )
            )
            continue
        if path.suffix.lower() not in supported(config):
            skipped.append(
                SkippedFile(
                    name, f"not a supported format (expected {', '.join(supported(config))})."
                )
            )
            continue
        try:
            transcript = read_file(path, folder, config, table)
        except InputError as exc:
            skipped.append(_skip(name, str(exc)))
            problems.append(str(exc))
            continue
        except Exception as exc:  # one bad file never stops the folder
            reason = _reader_failed(name, path.suffix.lower().lstrip(".") or "file", exc)
            skipped.append(_skip(name, reason))
            problems.append(reason)
            continue
        clash = by_id.get(transcript.id.casefold())
        if clash is not None:
            reason = (
                f"{name}: gives the same transcript id {transcript.id!r} as {clash}; skipped. "
                "Rename one of the files (ids are file names without the extension)."
            )
            skipped.append(_skip(name, reason))
            problems.append(reason)
            continue
        same = by_content.get(transcript.content_hash) or by_content.get(_fingerprint(transcript))
        if same is not None:
            reason = (
                f"{name}: same content as {same}; skipped as a duplicate. "
                "Remove one of the two files."
            )
            skipped.append(_skip(name, reason))
            warnings.append(reason)
            continue
        by_id[transcript.id.casefold()] = name
        by_content[transcript.content_hash] = name
        by_content[_fingerprint(transcript)] = name
        kept.append(transcript)
        warnings.extend(transcript.warnings)
    if not kept:
        raise InputError(_nothing_usable(folder, config, skipped))
    warnings.extend(unmatched_warnings(table, {t.id: t.source for t in kept}, config.ingest))
    if strict and (warnings or problems):
        raise StrictModeError(_strict_message(problems + warnings))
    return Corpus(
        folder=str(folder),
        transcripts=tuple(kept),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


def _entries(folder: Path) -> list[Path]:
    """The folder's entries in sorted order of name; InputError if it cannot be listed."""
    try:
        return sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise InputError(
            f"{folder}: cannot list the folder ({exc.strerror or type(exc).__name__}); check "
            "that you may read it (and open it), or give another folder."
        ) from None


def _reader_failed(source: str, reader: str, exc: Exception) -> str:
    """A reader stumbled over something unforeseen: the file is skipped, never the folder.

    Only the exception's type is named: its message may quote the file's text."""
    return (
        f"{source}: the {reader} reader failed on it ({type(exc).__name__}); skipped. Open it "
        "and save it again (or export it as plain text); if it looks fine, please report this."
    )


def _ignored(name: str, config: Config) -> bool:
    """Hidden files, office lock files and the metadata file are not transcripts."""
    return name.startswith((".", "~$")) or name.casefold() == config.ingest.metadata_file.casefold()


def _skip(name: str, message: str) -> SkippedFile:
    """A skipped file; its reason without the file name, which `source` already holds."""
    prefix = f"{name}: "
    return SkippedFile(name, message[len(prefix) :] if message.startswith(prefix) else message)


def _fingerprint(transcript: Transcript) -> str:
    words = " ".join(f"{t.speaker}: {t.text}" for t in transcript.turns).casefold().split()
    return "text:" + hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _nothing_usable(folder: Path, config: Config, skipped: list[SkippedFile]) -> str:
    message = (
        f"{folder}: no usable transcripts; expected files ending in {', '.join(supported(config))}"
    )
    if skipped:
        reasons = "; ".join(
            s.reason if s.reason.startswith(s.source) else f"{s.source}: {s.reason}"
            for s in skipped[:5]
        )
        more = f" (and {len(skipped) - 5} more)" if len(skipped) > 5 else ""
        message += f". Skipped: {reasons}{more}"
    return message.rstrip(".") + "."


def _strict_message(problems: list[str]) -> str:
    shown = "\n  ".join(problems[:10])
    more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
    return (
        f"--strict: {len(problems)} problem(s) with the input:\n  {shown}{more}\n"
        "Fix them, or run without --strict to read the folder anyway."
    )
