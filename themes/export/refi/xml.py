"""Small helpers to build REFI-QDA XML: elements, text safe for XML 1.0, the document."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement, indent, tostring

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"

# Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """`text` as XML can carry it: newlines as ``\\n`` and each character XML 1.0 cannot
    hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def node(tag: str, attrs: dict[str, str] | None = None) -> Element:
    return Element(tag, {k: clean(v) for k, v in (attrs or {}).items()})


def sub(parent: Element, tag: str, attrs: dict[str, str] | None = None) -> Element:
    return SubElement(parent, tag, {k: clean(v) for k, v in (attrs or {}).items()})


def text_child(parent: Element, tag: str, text: str) -> Element:
    child = SubElement(parent, tag)
    child.text = clean(text)
    return child


def boolean(value: bool) -> str:
    return "true" if value else "false"


def document(root: Element, namespace: str) -> bytes:
    """The UTF-8 bytes of a document whose root (and, unprefixed, every element) is in
    `namespace`."""
    root.set("xmlns", namespace)
    indent(root, space="  ")
    body = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
