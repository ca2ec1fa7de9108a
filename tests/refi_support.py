"""Helpers for the REFI-QDA tests: small projects, the published schemas, reading exports back.

The project schema (REFI's Project.xsd, QDA-XML 1.0) comes from the `qualitative-coding`
package; the codebook schema (Codebook.xsd) is written from the standard in
tests/export/data/ because no package ships it.
"""

from __future__ import annotations

import importlib.resources
import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from fakes import TOPICS, FakeEmbedder, write_study

from themes.core.config import load_config
from themes.discovery.pipeline import run

CODEBOOK_XSD = Path(__file__).parent / "export" / "data" / "Codebook.xsd"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


def _qualitative_coding() -> None:
    pytest.importorskip(
        "qualitative_coding",
        reason="qualitative-coding is installed by `bash scripts/setup.sh --dev` (with --no-deps)",
    )


def project_xsd() -> Path:
    _qualitative_coding()
    return Path(str(importlib.resources.files("qualitative_coding") / "refi_qda" / "schema.xsd"))


def nvivo_sample() -> Path:
    _qualitative_coding()
    files = importlib.resources.files("qualitative_coding") / "refi_qda" / "nvivo_project.qdpx"
    return Path(str(files))


@lru_cache(maxsize=2)
def _schema(path: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(path)


def validate_codebook(data: bytes) -> None:
    _schema(str(CODEBOOK_XSD)).validate(io.BytesIO(data))


def validate_project(data: bytes) -> None:
    _schema(str(project_xsd())).validate(io.BytesIO(data))


def make_project(root: Path, study: Path | None = None) -> Path:
    """A project folder made with the fake embedder from `study` (default: `write_study`)."""
    if study is None:
        study = root / "study"
        write_study(study)
    run(study, root / "p", CONFIG, embedder=FakeEmbedder())
    return root / "p"


def write_awkward_study(folder: Path) -> None:
    """Transcripts where offsets break in practice: CRLF line ends, byte-order marks (UTF-8
    and UTF-16), accented names, emoji outside the BMP, combining accents, smart quotes and
    turns that run over two lines."""
    folder.mkdir(parents=True, exist_ok=True)
    names = ["Zoë", "José", "Siobhán", "Ngozi", "Łukasz", "Ana"]
    for p, name in enumerate(names):
        lines = []
        for topic, words in TOPICS.items():
            lines.append(f"Interviewer: Tell me about “{topic}” in your work — honestly?")
            ws = words.split()
            for k in range(4):
                chosen = " ".join(ws[(k + j + p) % len(ws)] for j in range(5))
                lines.append(f"{name}: Well 😀 I think the {chosen} really matters to us here.")
                if k % 2:
                    lines.append(f"and the cafe\u0301 ‘{ws[k % len(ws)]}’ too 👩‍👩‍👧, it’s true.")
        text = "\r\n".join(lines) + "\r\n"
        path = folder / f"P{p + 1}.txt"
        if p == 4:
            path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))  # UTF-16 with a BOM
        else:
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # UTF-8 with a BOM
    (folder / "metadata.csv").write_text(
        "transcript_id,site,role\n" + "".join(f"P{p + 1},site{p % 2},peer\n" for p in range(6)),
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Selection:
    source: str  # the TextSource's name (transcript id)
    name: str
    start: int
    end: int
    codes: tuple[str, ...]  # CodeRef target GUIDs
    users: tuple[str, ...]  # creatingUser of each coding


@dataclass(frozen=True)
class Qdpx:
    """A .qdpx read back: its names, project.qde, the parsed root and the source texts."""

    names: tuple[str, ...]
    qde: bytes
    root: ET.Element
    texts: dict[str, str]  # TextSource name -> exported text
    raw: dict[str, bytes]  # TextSource name -> exported bytes

    def find(self, path: str) -> list[ET.Element]:
        return self.root.findall(path, {"q": PROJECT_NS})

    def selections(self) -> list[Selection]:
        out = []
        for source in self.find("q:Sources/q:TextSource"):
            for sel in source.findall("q:PlainTextSelection", {"q": PROJECT_NS}):
                codings = sel.findall("q:Coding", {"q": PROJECT_NS})
                out.append(
                    Selection(
                        source.get("name", ""),
                        sel.get("name", ""),
                        int(sel.get("startPosition", "-1")),
                        int(sel.get("endPosition", "-1")),
                        tuple(
                            c.find("q:CodeRef", {"q": PROJECT_NS}).get("targetGUID", "")
                            for c in codings
                        ),
                        tuple(c.get("creatingUser", "") for c in codings),
                    )
                )
        return out


def read_qdpx(data: bytes) -> Qdpx:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = tuple(archive.namelist())
        qde = archive.read("project.qde")
        root = ET.fromstring(qde)
        texts, raw = {}, {}
        for source in root.findall("q:Sources/q:TextSource", {"q": PROJECT_NS}):
            inner = source.get("plainTextPath", "").removeprefix("internal://")
            raw[source.get("name", "")] = archive.read(f"sources/{inner}")
            texts[source.get("name", "")] = raw[source.get("name", "")].decode("utf-8")
    return Qdpx(names, qde, root, texts, raw)
