#!/usr/bin/env python3
"""Rebuild the bundled demo study from its plain-text sources.

    python examples/build_demo.py          # needs python-docx for the two .docx files

The interviews are synthetic: written for the demo, about no real people or services.
Every interview is kept as plain text under ``examples/sources/<study>/<ID>.txt`` in one
simple canonical form:

    I: interviewer turn
    P: participant turn
    + a further paragraph of the previous turn

This script renders each source in the file format and labelling style listed in
``STUDIES`` (so the demo exercises every reader: .txt in several styles, .docx, .odt,
.vtt, .srt) and writes ``metadata.csv`` for each study. Output is deterministic: the same
sources always give byte-identical files (fixed zip timestamps, fixed document dates,
timings computed from word counts).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
ZIP_TIME = (2024, 3, 1, 12, 0, 0)
DOC_TIME = dt.datetime(2024, 3, 1, 12, 0, 0)
WORDS_PER_SECOND = 2.6


@dataclass(frozen=True)
class Spec:
    id: str
    fmt: str  # txt | docx | odt | vtt | srt
    interviewer: str  # speaker label of the interviewer
    participant: str  # speaker label of the participant
    org_context: str
    site: str
    role: str
    gender: str
    years_in_role: str  # "" for service users
    timestamps: bool = False  # txt: "[hh:mm:ss] Name: text"
    continuation: bool = False  # txt: "+" paragraphs become unlabelled lines
    blank_lines: bool = False  # txt: blank line between turns; docx: empty paragraph
    crlf: bool = False  # txt: Windows line endings
    bold_names: bool = False  # docx/odt: speaker name as a separate bold run
    smart_quotes: bool = False  # docx/odt: typographic apostrophes, as a word processor makes them


ST, VO, PA = "statutory", "voluntary", "partnership"
PW, SU, SF, MG = "peer worker", "service user", "staff", "manager"

# fmt: off
STUDIES: dict[str, list[Spec]] = {
    "peer-support-study": [
        Spec("STA1PW01", "txt", "Interviewer", "Participant", ST, "STA1", PW, "female", "3"),
        Spec("STA1PW02", "docx", "Interviewer", "Participant", ST, "STA1", PW, "male", "1.5",
             bold_names=True, smart_quotes=True),
        Spec("STA1SU01", "txt", "I", "R", ST, "STA1", SU, "female", ""),
        Spec("STA1SU02", "vtt", "Interviewer", "Participant", ST, "STA1", SU, "male", ""),
        Spec("STA1ST01", "txt", "INTERVIEWER", "MARGARET", ST, "STA1", SF, "female", "22",
             crlf=True),
        Spec("STA1MG01", "odt", "Interviewer", "Helen", ST, "STA1", MG, "female", "4",
             bold_names=True, smart_quotes=True),
        Spec("VOL2PW01", "txt", "Interviewer", "Participant", VO, "VOL2", PW, "female", "5",
             timestamps=True),
        Spec("VOL2PW02", "txt", "Interviewer", "Participant", VO, "VOL2", PW, "male", "2",
             continuation=True, blank_lines=True),
        Spec("VOL2SU01", "srt", "Interviewer", "Participant", VO, "VOL2", SU, "female", ""),
        Spec("VOL2SU02", "txt", "INTERVIEWER", "KEITH", VO, "VOL2", SU, "male", ""),
        Spec("VOL2ST01", "txt", "I", "R", VO, "VOL2", SF, "male", "6", blank_lines=True),
        Spec("VOL2MG01", "docx", "Interviewer", "Participant", VO, "VOL2", MG, "female", "7",
             blank_lines=True, smart_quotes=True),
        Spec("PAR3PW01", "txt", "INTERVIEWER", "JO", PA, "PAR3", PW, "female", "2"),
        Spec("PAR3PW02", "vtt", "Interviewer", "Marcus Reid", PA, "PAR3", PW, "male", "1"),
        Spec("PAR3SU01", "txt", "Interviewer", "Participant", PA, "PAR3", SU, "male", ""),
        Spec("PAR3SU02", "txt", "Interviewer", "Participant", PA, "PAR3", SU, "female", ""),
        Spec("PAR3ST01", "txt", "I", "R", PA, "PAR3", SF, "male", "9", continuation=True),
        Spec("PAR3MG01", "txt", "INTERVIEWER", "DAVE", PA, "PAR3", MG, "male", "2"),
    ],
    "peer-support-followup": [
        Spec("VOL2PW03", "txt", "Interviewer", "Participant", VO, "VOL2", PW, "female", "0.8"),
        Spec("STA1SU03", "txt", "I", "R", ST, "STA1", SU, "female", ""),
        Spec("PAR3PW03", "txt", "INTERVIEWER", "KERRY", PA, "PAR3", PW, "female", "3"),
    ],
}

# fmt: on

METADATA_FIELDS = ["transcript_id", "org_context", "site", "role", "gender", "years_in_role"]


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Turn:
    who: str  # "I" or "P"
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


def read_source(path: Path) -> list[Turn]:
    turns: list[Turn] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("+ "):
            if not turns:
                raise SystemExit(f"{path}:{n}: continuation before the first turn")
            last = turns[-1]
            turns[-1] = Turn(last.who, last.paragraphs + (line[2:].strip(),))
            continue
        m = re.match(r"^([IP]): (.+)$", line)
        if not m:
            raise SystemExit(f"{path}:{n}: expected 'I: ', 'P: ' or '+ '")
        who, text = m.groups()
        if turns and turns[-1].who == who:
            raise SystemExit(f"{path}:{n}: two {who} turns in a row")
        if ":" in text:
            raise SystemExit(f"{path}:{n}: no colons in turn text (keeps labels unambiguous)")
        turns.append(Turn(who, (text,)))
    if not turns or turns[0].who != "I":
        raise SystemExit(f"{path}: must start with an interviewer turn")
    return turns


def label(spec: Spec, turn: Turn) -> str:
    return spec.interviewer if turn.who == "I" else spec.participant


def smart(text: str) -> str:
    """Typographic apostrophes and quotes, as Word/LibreOffice autocorrect would type them."""
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)  # don't, it's
    text = re.sub(r"(?<=\s)'(?=\w)", "\u2018", text)
    text = re.sub(r"'", "\u2019", text)
    return text


def seed(*parts: str) -> int:
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16)


def timings(spec: Spec, turns: list[Turn]) -> list[tuple[float, float]]:
    """(start, end) seconds per turn, from word counts with small deterministic pauses."""
    t = 2.0 + seed(spec.id, "start") % 300 / 100
    out = []
    for i, turn in enumerate(turns):
        words = len(turn.text.split())
        dur = max(1.2, words / WORDS_PER_SECOND)
        out.append((t, t + dur))
        t += dur + 0.4 + seed(spec.id, str(i)) % 120 / 100
    return out


# --------------------------------------------------------------------------- writers


def write_txt(spec: Spec, turns: list[Turn], path: Path) -> None:
    lines: list[str] = []
    times = timings(spec, turns)
    for turn, (start, _) in zip(turns, times, strict=True):
        first, *rest = turn.paragraphs
        if not spec.continuation and rest:
            first, rest = turn.text, []
        prefix = ""
        if spec.timestamps:
            s = int(start)
            prefix = f"[{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}] "
        lines.append(f"{prefix}{label(spec, turn)}: {first}")
        lines.extend(rest)  # unlabelled continuation lines of the same turn
        if spec.blank_lines:
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    nl = "\r\n" if spec.crlf else "\n"
    path.write_bytes((nl.join(lines) + nl).encode("utf-8"))


def _chunks(text: str, max_words: int = 16) -> list[str]:
    """Split a turn into caption-sized pieces at sentence or clause ends, as Teams does."""
    pieces: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.split()
        while len(words) > max_words:
            # break after a comma near the limit if there is one
            cut = max_words
            for j in range(max_words, max_words // 2, -1):
                if words[j - 1].endswith(","):
                    cut = j
                    break
            pieces.append(" ".join(words[:cut]))
            words = words[cut:]
        if words:
            pieces.append(" ".join(words))
    # merge very short pieces into the previous one
    merged: list[str] = []
    for p in pieces:
        if merged and len(p.split()) < 4 and len(merged[-1].split()) + len(p.split()) <= max_words:
            merged[-1] += " " + p
        else:
            merged.append(p)
    return merged


def _vtt_time(s: float) -> str:
    ms = int(round(s * 1000))
    h, m, sec = ms // 3600000, ms % 3600000 // 60000, ms % 60000 // 1000
    return f"{h:02d}:{m:02d}:{sec:02d}.{ms % 1000:03d}"


def _srt_time(s: float) -> str:
    return _vtt_time(s).replace(".", ",")


def write_vtt(spec: Spec, turns: list[Turn], path: Path) -> None:
    """WebVTT as Microsoft Teams writes it: GUID/utterance-part cue ids, <v Name> voice tags."""
    h = hashlib.sha256(spec.id.encode()).hexdigest()
    guid = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"
    out = ["WEBVTT", ""]
    utterance = 7 + seed(spec.id, "utt") % 20
    for turn, (start, end) in zip(turns, timings(spec, turns), strict=True):
        pieces = _chunks(turn.text)
        total = sum(len(p.split()) for p in pieces)
        t = start
        for k, piece in enumerate(pieces):
            dur = (end - start) * len(piece.split()) / total
            out.append(f"{guid}/{utterance}-{k}")
            out.append(f"{_vtt_time(t)} --> {_vtt_time(t + dur)}")
            out.append(f"<v {label(spec, turn)}>{escape(piece)}</v>")
            out.append("")
            t += dur
        utterance += 1 + seed(spec.id, "gap", str(utterance)) % 3
    path.write_bytes("\n".join(out).encode("utf-8"))


def write_srt(spec: Spec, turns: list[Turn], path: Path) -> None:
    """SubRip: one numbered cue per turn; the cue text wraps over several lines."""
    out: list[str] = []
    for n, (turn, (start, end)) in enumerate(zip(turns, timings(spec, turns), strict=True), 1):
        out.append(str(n))
        out.append(f"{_srt_time(start)} --> {_srt_time(end)}")
        out.extend(textwrap.wrap(f"{label(spec, turn)}: {turn.text}", width=80))
        out.append("")
    path.write_bytes("\n".join(out).encode("utf-8"))


def _rezip(data: bytes, path: Path) -> None:
    """Rewrite a zip package with fixed timestamps so the bytes do not depend on the clock."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))


def write_docx(spec: Spec, turns: list[Turn], path: Path) -> None:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover
        msg = "python-docx is needed for the .docx files: pip install python-docx"
        raise SystemExit(msg) from exc
    document = docx.Document()
    props = document.core_properties
    props.author = "themes demo"
    props.last_modified_by = "themes demo"
    props.title = f"Interview {spec.id}"
    props.created = DOC_TIME
    props.modified = DOC_TIME
    props.last_printed = DOC_TIME
    props.revision = 1
    for i, turn in enumerate(turns):
        text = smart(turn.text) if spec.smart_quotes else turn.text
        p = document.add_paragraph()
        if spec.bold_names:
            p.add_run(f"{label(spec, turn)}:").bold = True
            p.add_run(f" {text}")
        else:
            p.add_run(f"{label(spec, turn)}: {text}")
        if spec.blank_lines and i < len(turns) - 1:
            document.add_paragraph()
    buf = io.BytesIO()
    document.save(buf)
    _rezip(buf.getvalue(), path)


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def write_odt(spec: Spec, turns: list[Turn], path: Path) -> None:
    """OpenDocument text from the standard library: mimetype first and stored."""
    paras = []
    for turn in turns:
        text = escape(smart(turn.text) if spec.smart_quotes else turn.text)
        name = escape(label(spec, turn))
        if spec.bold_names:
            body = f'<text:span text:style-name="T1">{name}:</text:span> {text}'
        else:
            body = f"{name}: {text}"
        paras.append(f'<text:p text:style-name="Standard">{body}</text:p>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {ODF_NS} office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" '
        'style:font-weight-complex="bold"/></style:style>'
        "</office:automatic-styles>"
        "<office:body><office:text>\n" + "\n".join(paras) + "\n</office:text></office:body>"
        "</office:document-content>\n"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-styles {ODF_NS} office:version="1.2">'
        "<office:styles>"
        '<style:default-style style:family="paragraph">'
        '<style:paragraph-properties fo:margin-bottom="0.2cm"/>'
        '<style:text-properties fo:font-size="11pt"/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        "</office:styles>"
        "</office:document-styles>\n"
    )
    stamp = DOC_TIME.isoformat()
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {ODF_NS} office:version="1.2"><office:meta>'
        "<meta:generator>themes examples/build_demo.py</meta:generator>"
        f"<dc:title>Interview {spec.id}</dc:title>"
        f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date>"
        "</office:meta></office:document-meta>\n"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">\n'
        ' <manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>\n'
        ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\n'
        ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\n'
        ' <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\n'
        "</manifest:manifest>\n"
    )
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("mimetype", date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_STORED
        z.writestr(info, "application/vnd.oasis.opendocument.text")
        for name, data in [
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))


WRITERS = {
    "txt": write_txt,
    "docx": write_docx,
    "odt": write_odt,
    "vtt": write_vtt,
    "srt": write_srt,
}


# --------------------------------------------------------------------------- main


def build(out_root: Path = HERE) -> None:
    for study, specs in STUDIES.items():
        folder = out_root / study
        folder.mkdir(parents=True, exist_ok=True)
        wanted = {f"{s.id}.{s.fmt}" for s in specs} | {"metadata.csv"}
        for old in folder.iterdir():  # drop files a previous build wrote under another name
            if old.is_file() and old.name not in wanted:
                old.unlink()
        rows = []
        for spec in specs:
            turns = read_source(SOURCES / study / f"{spec.id}.txt")
            WRITERS[spec.fmt](spec, turns, folder / f"{spec.id}.{spec.fmt}")
            rows.append(
                [spec.id, spec.org_context, spec.site, spec.role, spec.gender, spec.years_in_role]
            )
        with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(METADATA_FIELDS)
            writer.writerows(rows)
        print(f"{study}: {len(specs)} transcripts")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
