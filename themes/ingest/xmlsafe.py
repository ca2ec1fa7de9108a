"""XML from documents, parsed with bounds (the protections of defusedxml, plus a depth limit).

expat is a streaming parser without recursion: elements nested deeper than
`ingest.max_xml_depth`, entity declarations (the "billion laughs" expansion) and external
entities are refused; nothing is fetched from anywhere. A `Handler` sees elements as
ElementTree names them (``{namespace}local``) and their text, in document order.
"""

from __future__ import annotations

from typing import Protocol
from xml.parsers import expat

from themes.core.errors import InputError


class Handler(Protocol):
    def start(self, tag: str, attrs: dict[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def text(self, data: str) -> None: ...


class _Refused(Exception):
    def __init__(self, what: str) -> None:
        self.what = what


def _name(raw: str) -> str:
    return "{" + raw if "}" in raw else raw


def parse(data: bytes, source: str, part: str, max_depth: int, handler: Handler | None) -> None:
    """Parse `data` (the member `part` of `source`), calling `handler`; InputError when the XML
    is broken, too deep or declares entities. Exceptions raised by the handler pass through."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > max_depth:
            raise _Refused("deep")
        if handler is not None:
            handler.start(_name(tag), {_name(k): v for k, v in attrs.items()})

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        if handler is not None:
            handler.end(_name(tag))

    def entity(*_: object) -> None:
        raise _Refused("entity")

    def external(*_: object) -> int:
        raise _Refused("entity")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if handler is not None:
        parser.CharacterDataHandler = handler.text
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise _refusal(source, part, refused.what, max_depth) from None
    except expat.ExpatError as exc:
        raise InputError(
            f"{source}: a damaged document ({part} is not well-formed XML at line {exc.lineno}); "
            "skipped. Open it in Word or LibreOffice and save it again."
        ) from None


def _refusal(source: str, part: str, what: str, max_depth: int) -> InputError:
    if what == "deep":
        return InputError(
            f"{source}: {part} nests XML elements more than ingest.max_xml_depth ({max_depth}) "
            "deep; skipped. Open it in Word or LibreOffice and save it again; if it is a real "
            "transcript, raise that setting."
        )
    return InputError(
        f"{source}: {part} declares XML entities, which documents never need (they can expand "
        "without bound); skipped. Open it in Word or LibreOffice and save it again."
    )
