"""Open ZIP archives safely: no path escapes, no zip bombs, everything inside the work directory."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.tables.source import ReadLimits, TableReadError

# Text and zeros compress well, but real data seldom beyond 100:1; bombs reach 1000:1 and more.
MAX_RATIO = 200
# Below this size a high ratio is harmless (a tiny file of blanks), so it is not judged.
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")


def extract_zip(path: Path, target: Path, limits: ReadLimits) -> list[Path]:
    """Extract the regular files of the ZIP at ``path`` under ``target``, refusing unsafe archives."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise _corrupt(str(error)) from error
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        _check_declared(members, limits)
        target.mkdir(parents=True, exist_ok=True)
        extracted: list[Path] = []
        written = 0
        try:
            for info in members:
                if _is_metadata(info.filename):
                    continue
                destination = target.joinpath(*_safe_parts(info.filename))
                destination.parent.mkdir(parents=True, exist_ok=True)
                written = _copy_bounded(archive, info, destination, written, limits)
                extracted.append(destination)
        except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as error:
            # RuntimeError: encrypted members; NotImplementedError: unsupported compression.
            shutil.rmtree(target, ignore_errors=True)
            raise _corrupt(str(error)) from error
        except TableReadError:
            shutil.rmtree(target, ignore_errors=True)
            raise
    return extracted


def find_shapefile(members: list[Path], *, required: bool = False) -> Path | None:
    """Return the .shp among extracted ``members``; raise when shapefile parts are incomplete."""
    by_suffix: dict[str, list[Path]] = {}
    for member in members:
        by_suffix.setdefault(member.suffix.lower(), []).append(member)
    present = [suffix for suffix in (*SHAPEFILE_PARTS, ".prj") if suffix in by_suffix]
    if not present and not required:
        return None
    shp = by_suffix.get(".shp", [])
    stem = shp[0].with_suffix("") if shp else None
    missing = [
        suffix for suffix in SHAPEFILE_PARTS
        if not any(stem is None or p.with_suffix("") == stem for p in by_suffix.get(suffix, []))
    ]
    if missing:
        parts = ", ".join(missing)
        raise TableReadError(
            "shapefile-incomplete",
            LocalizedText(
                f"The shapefile is incomplete: the archive lacks its {parts} part. "
                "Zip the .shp, .shx, .dbf and .prj files together.",
                f"Le fichier de formes est incomplet : il manque la partie {parts} dans l'archive. "
                "Compressez ensemble les fichiers .shp, .shx, .dbf et .prj.",
            ),
            detail=parts,
        )
    return shp[0]


def _check_declared(members: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    """Refuse archives whose directory already announces a bomb or an escape."""
    if len(members) > MAX_MEMBERS:
        raise _bomb(f"{len(members)} members")
    declared = sum(info.file_size for info in members)
    if declared > limits.max_expanded_bytes:
        raise _bomb(f"declared {declared} bytes > {limits.max_expanded_bytes}")
    for info in members:
        _safe_parts(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _unsafe(info.filename)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb(f"{info.filename}: ratio {info.file_size // max(info.compress_size, 1)}:1")


def _copy_bounded(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path, written: int, limits: ReadLimits
) -> int:
    """Copy one member, counting real bytes: the declared sizes of a crafted archive can lie."""
    with archive.open(info) as source, open(destination, "wb") as sink:
        member_bytes = 0
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            member_bytes += len(chunk)
            if written > limits.max_expanded_bytes:
                raise _bomb(f"more than {limits.max_expanded_bytes} bytes extracted")
            if member_bytes > RATIO_FLOOR and member_bytes > MAX_RATIO * max(info.compress_size, 1):
                raise _bomb(f"{info.filename}: ratio over {MAX_RATIO}:1")
            sink.write(chunk)
    return written


def _safe_parts(name: str) -> tuple[str, ...]:
    """Return the path parts of member ``name``, refusing absolute paths and parent references."""
    normalized = name.replace("\\", "/")
    pure = PurePosixPath(normalized)
    parts = pure.parts
    if (
        pure.is_absolute()
        or not parts
        or any(part in ("..", "") for part in parts)
        or ":" in parts[0]
        or "\x00" in normalized
    ):
        raise _unsafe(name)
    return parts


def _is_metadata(name: str) -> bool:
    """Tell whether a member is operating-system clutter (macOS resource forks, Windows thumbnails)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return "__MACOSX" in parts or parts[-1].startswith("._") or parts[-1] in ("Thumbs.db", ".DS_Store")


def _bomb(detail: str) -> TableReadError:
    return TableReadError(
        "zip-bomb",
        LocalizedText(
            "The archive expands to far more data than allowed; it was not opened.",
            "L'archive se décompresse en beaucoup plus de données que la limite permise; elle n'a pas été ouverte.",
        ),
        detail=detail,
    )


def _unsafe(name: str) -> TableReadError:
    return TableReadError(
        "unsafe-archive",
        LocalizedText(
            f"The archive contains a file whose path leaves the archive ({name}); it was not opened.",
            f"L'archive contient un fichier dont le chemin sort de l'archive ({name}); elle n'a pas été ouverte.",
        ),
        detail=name,
    )


def _corrupt(detail: str) -> TableReadError:
    return TableReadError(
        "corrupt-file",
        LocalizedText(
            "The archive is damaged or incomplete; send the file again.",
            "L'archive est endommagée ou incomplète; envoyez le fichier de nouveau.",
        ),
        detail=detail,
    )
