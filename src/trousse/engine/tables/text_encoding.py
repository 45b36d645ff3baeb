"""Detect a text file's encoding in one chunked pass and transcode it to UTF-8 when needed.

Policy (issue 3, "mixed encodings in one file"):

* a BOM decides (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM is recognised by its NUL pattern;
* otherwise the WHOLE file is validated as UTF-8 in large chunks (an incremental decoder
  carries a sequence cut at a chunk boundary into the next chunk);
* a file with no valid multi-byte UTF-8 sequence but some invalid bytes is single-byte:
  Windows-1252 when bytes 0x80–0x9F all decode to cp1252's printable characters (’, €, œ…),
  else Latin-1;
* a file with both valid UTF-8 and invalid bytes ("mostly UTF-8, a few lines pasted from a
  cp1252 export"; at least one valid multi-byte sequence per ten invalid bytes) is decoded as UTF-8, each undecodable byte decoded as cp1252 (so "Rivière"
  survives either way), and every such byte is reported as an ``encoding-error``
  (physical line numbers, a count). Frictionless fails the whole file there instead.
"""

from __future__ import annotations

import codecs
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.source import TableReadError

CHUNK_BYTES = 16 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024
_C1 = bytes(range(0x80, 0xA0))
_CP1252_UNDEFINED = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D])
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never appear in a text table (tab, LF, FF, CR and ESC-free text are fine).
_CONTROL = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D))
_MAX_EXAMPLES = 10


@dataclass
class EncodingReport:
    """What the byte scan found: the encoding to decode with, and undecodable bytes in a mixed file."""

    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1252", "latin-1"
    had_bom: bool = False
    mixed: bool = False  # UTF-8 with some undecodable bytes, repaired as cp1252
    bad_bytes: int = 0
    bad_lines: list[int] = field(default_factory=list)  # physical line numbers of the first examples
    # Empty lines in the UTF-8 bytes DuckDB will read, counted during the pass that reads every
    # byte anyway: DuckDB skips them silently, so the reader must know whether any exist.
    has_blank_lines: bool = False  # empty lines before the last content (see LineScan)
    trailing_blank_lines: int = 0
    longest_line: int = 0  # bytes, for lines crossing a chunk boundary (see LineScan)

    @property
    def needs_transcoding(self) -> bool:
        """Return True when DuckDB cannot read the bytes as they are (it reads UTF-8, BOM or not)."""
        return self.encoding not in ("utf-8", "utf-8-sig") or self.mixed


class LineScan:
    """Watch a byte stream fed in chunks for empty lines (LF or CRLF) and for very long lines."""

    def __init__(self) -> None:
        # An empty line followed by more content; empty lines at the very end (a common export
        # artifact) are only counted, since they shift no row number.
        self.has_blank_lines = False
        # Longest line crossing a chunk boundary; a line inside one chunk is shorter than a
        # chunk, and DuckDB reports those itself (it drops longer ones silently, hence this).
        self.longest_line = 0
        self._trail = b""  # the last two bytes of the run of line breaks ending the stream
        self._trail_breaks = 0  # LF count in that run
        self._run = 0

    @property
    def trailing_blank_lines(self) -> int:
        """Return how many empty lines end the stream (the first break ends the last line)."""
        return max(self._trail_breaks - 1, 0)

    def feed(self, chunk: bytes) -> None:
        """Scan ``chunk``, including patterns and lines cut by the previous chunk's end."""
        body = len(chunk.rstrip(b"\r\n"))
        if body:
            head = self._trail + chunk[:body]
            if self._trail_breaks >= 2 or b"\n\n" in head or b"\n\r\n" in head:
                self.has_blank_lines = True
            run = chunk[body:]
            self._trail, self._trail_breaks = run[-2:], run.count(b"\n")
        else:
            self._trail = (self._trail + chunk)[-2:]
            self._trail_breaks += chunk.count(b"\n")
        first = chunk.find(b"\n")
        if first < 0:
            self._run += len(chunk)
        else:
            self.longest_line = max(self.longest_line, self._run + first)
            self._run = len(chunk) - chunk.rfind(b"\n") - 1
        self.longest_line = max(self.longest_line, self._run)


def _error(code: str, en: str, fr: str, detail: str = "") -> TableReadError:
    return TableReadError(code, LocalizedText(en=en, fr=fr), detail=detail)


def _chunks(path: Path, start: int = 0) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk


def _utf16_without_bom(head: bytes) -> str | None:
    """Return utf-16-le/-be when NULs sit on every other byte (Excel "Unicode text" saves)."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _check_text(head: bytes) -> None:
    """Raise not-text when the first bytes look binary (NULs or many control bytes)."""
    controls = len(head) - len(head.translate(None, _CONTROL))
    if b"\x00" in head or controls > 0.05 * len(head):
        raise _error(
            "not-text",
            "The file is not a text table: it contains binary data.",
            "Le fichier n’est pas un tableau texte : il contient des données binaires.",
            detail=f"{controls} control bytes in the first {len(head)} bytes",
        )


def detect_encoding(path: Path, pinned: str | None = None) -> EncodingReport:
    """Return the encoding of ``path``, validating UTF-8 over the whole file in chunks."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    for bom, name in _BOMS:
        if head.startswith(bom):
            if len(head.strip()) <= len(bom) or not head[len(bom) :].strip(b"\x00\r\n\t "):
                raise _empty()
            # A BOM outranks a pinned encoding: the file says what it is, byte for byte.
            if name != "utf-8-sig":
                return EncodingReport(encoding=name, had_bom=True)
            # DuckDB skips a UTF-8 BOM itself, but the bytes after it still need validating.
            found = _scan_utf8(path)
            if found.encoding != "utf-8":
                found = _scan_mixed(path)
            found.encoding, found.had_bom = "utf-8-sig", True
            return found
    if not head.strip():
        raise _empty()
    if pinned in ("utf-8", "utf-8-sig"):
        found = _scan_utf8(path)
        return found if found.encoding == "utf-8" else _scan_mixed(path)
    if pinned:
        return EncodingReport(encoding=pinned)
    if utf16 := _utf16_without_bom(head):
        return EncodingReport(encoding=utf16)
    _check_text(head)
    return _scan_utf8(path)


def sniff_utf8(path: Path, pinned: str | None = None) -> EncodingReport | None:
    """Return the report of a file whose first bytes say UTF-8, without reading the rest of it.

    For the reader's fast path only: it must have every other byte validated (Arrow's CSV reader
    checks each cell's UTF-8; the header is compared byte for byte), and it learns nothing about
    empty or long lines from this. Raise as ``detect_encoding`` does on empty or binary files;
    return None when ``detect_encoding`` must decide (UTF-16, a pinned non-UTF-8 encoding).
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        if len(head.strip()) <= len(codecs.BOM_UTF8) or not head[len(codecs.BOM_UTF8):].strip(b"\x00\r\n\t "):
            raise _empty()
        return EncodingReport(encoding="utf-8-sig", had_bom=True)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if not head.strip():
        raise _empty()
    if pinned not in (None, "utf-8", "utf-8-sig"):
        return None
    if pinned is None:
        if _utf16_without_bom(head):
            return None
        _check_text(head)
    return EncodingReport(encoding="utf-8")


def _empty() -> TableReadError:
    return _error("empty-file", "The file is empty.", "Le fichier est vide.")


def _scan_utf8(path: Path) -> EncodingReport:
    """Validate UTF-8 chunk by chunk; on failure, count valid and invalid sequences to choose."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines = LineScan()
    try:
        for chunk in _chunks(path):
            decoder.decode(chunk)
            lines.feed(chunk)
        decoder.decode(b"", final=True)
        return EncodingReport(
            encoding="utf-8",
            has_blank_lines=lines.has_blank_lines,
            trailing_blank_lines=lines.trailing_blank_lines,
            longest_line=lines.longest_line,
        )
    except UnicodeDecodeError:
        pass
    lenient = codecs.getincrementaldecoder("utf-8")("replace")
    valid_multibyte = invalid = c1 = undefined = 0
    for chunk in _chunks(path):
        text = lenient.decode(chunk)
        bad = text.count("\ufffd")
        invalid += bad
        valid_multibyte += len(text) - len(text.encode("ascii", "ignore")) - bad
        c1 += len(chunk) - len(chunk.translate(None, _C1))
        undefined += len(chunk) - len(chunk.translate(None, _CP1252_UNDEFINED))
    # Valid multi-byte sequences almost never occur by chance in cp1252 French text ("Ã©" is
    # not French), so even a few of them mean UTF-8 with some foreign lines pasted in.
    if valid_multibyte and valid_multibyte * 10 >= invalid:
        return _scan_mixed(path)
    single = "cp1252" if c1 and not undefined else "latin-1"
    return EncodingReport(encoding=single)


_scan_state = threading.local()  # the report being filled by the error handler, per thread


def _count_bad(exc: UnicodeError) -> tuple[str, int]:
    """Count one undecodable sequence (and note its line) for the scan running in this thread."""
    assert isinstance(exc, UnicodeDecodeError)
    report: EncodingReport = _scan_state.report
    report.bad_bytes += exc.end - exc.start
    if len(report.bad_lines) < _MAX_EXAMPLES:
        # exc.object is the chunk, maybe after a cut sequence carried over (never a newline).
        line = _scan_state.lines_before + exc.object.count(b"\n", 0, exc.start) + 1
        if line not in report.bad_lines:
            report.bad_lines.append(line)
    return "", exc.end


codecs.register_error("trousse-count", _count_bad)


def _scan_mixed(path: Path) -> EncodingReport:
    """Count undecodable bytes of a mostly-UTF-8 file and the lines of the first examples."""
    # Invalid sequences are rare by construction here, so a Python callback per error is cheap.
    _scan_state.report = report = EncodingReport(encoding="utf-8", mixed=True)
    _scan_state.lines_before = 0
    decoder = codecs.getincrementaldecoder("utf-8")("trousse-count")
    for chunk in _chunks(path):
        decoder.decode(chunk)
        _scan_state.lines_before += chunk.count(b"\n")
    decoder.decode(b"", final=True)
    return report


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode each undecodable byte as cp1252 (Latin-1 for its five undefined bytes)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="ignore") or bad.decode("latin-1"), exc.end


codecs.register_error("trousse-cp1252", _cp1252_fallback)


def transcode_to_utf8(path: Path, workdir: Path, report: EncodingReport, max_bytes: int) -> Path:
    """Write ``path`` decoded with ``report.encoding`` as UTF-8 in ``workdir``, chunk by chunk."""
    target = workdir / f"{path.stem}.utf8.csv"
    errors = "trousse-cp1252" if report.mixed else "strict"
    name = report.encoding
    skip = 0
    if report.had_bom:
        name = {"utf-8-sig": "utf-8"}.get(name, name)
        skip = next(len(bom) for bom, enc in _BOMS if enc == report.encoding)
    decoder = codecs.getincrementaldecoder(name)(errors)
    written = 0
    lines = LineScan()
    try:
        with target.open("wb") as out:
            for chunk in _chunks(path, start=skip):
                data = decoder.decode(chunk).encode("utf-8")
                lines.feed(data)
                written += len(data)
                if written > max_bytes:
                    raise _error(
                        "too-large",
                        "The file is larger than the size limit.",
                        "Le fichier dépasse la taille maximale permise.",
                    )
                out.write(data)
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
        report.has_blank_lines, report.longest_line = lines.has_blank_lines, lines.longest_line
        report.trailing_blank_lines = lines.trailing_blank_lines
    except UnicodeDecodeError as exc:
        raise _error(
            "encoding-error",
            f"The file cannot be decoded as {report.encoding}.",
            f"Le fichier ne peut pas être décodé en {report.encoding}.",
            detail=str(exc),
        ) from exc
    return target
