"""Pictures a brief may use: files in the brief's own folder that really are sane PNG or JPEG images.

An SVG drawing is refused (it can carry script, links and outside references): convert it to PNG.
What the outputs embed is `clean`: the pixels re-encoded, without the file's metadata (EXIF, GPS, text)."""

from __future__ import annotations

import warnings
from pathlib import Path

from . import files

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class ImageProblem(files.FileProblem):
    """Why a picture cannot be used, said for the person who wrote the brief."""


def resolve(src: str, folder: Path) -> Path:
    """The picture's real path: inside `folder`, a regular file, a PNG or JPEG of sane size."""
    try:
        path = files.local(src, folder, MAX_BYTES)
    except files.FileProblem as problem:
        raise ImageProblem(str(problem)) from None
    check(path, src)
    return path


def check(path: Path, name: str) -> str:
    """Open and verify the picture without decoding more than its header; return its MIME type."""
    from PIL import Image

    if _is_svg(path):
        raise ImageProblem(f"'{name}' is an SVG drawing, which Dossier does not take (it may hold script or "
                           "outside references): convert it to PNG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(f"'{name}' is {width}×{height} pixels; the limit is "
                                       f"{MAX_PIXELS // 1_000_000} megapixels: scale it down")
                image.verify()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(f"'{name}' is too many pixels to be a sane picture; scale it down") from None
    except Exception:
        raise ImageProblem(f"'{name}' is not a readable PNG or JPEG picture (corrupt or another kind of file)") \
            from None
    if kind not in FORMATS:
        raise ImageProblem(f"'{name}' is a {kind} picture; use PNG or JPEG")
    return FORMATS[kind]


def _is_svg(path: Path) -> bool:
    """Whether the file is an SVG drawing, by its name or its first bytes."""
    with open(path, "rb") as file:
        head = file.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return path.suffix.lower() in (".svg", ".svgz") or (head.startswith(b"<") and b"<svg" in head)


def clean(path: Path) -> tuple[bytes, str]:
    """The picture (already `check`ed) as the outputs embed it, and its MIME type: turned upright as its
    EXIF says, its pixels re-encoded with its colour profile and nothing else, the same bytes every time."""
    import io

    from PIL import Image, ImageOps

    with Image.open(path) as image:
        kind, profile = image.format, image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if kind == "JPEG":
            upright = upright if upright.mode in ("RGB", "L", "CMYK") else upright.convert("RGB")
            upright.save(out, "JPEG", quality=92, icc_profile=profile, optimize=False)
        else:
            upright.save(out, "PNG", icc_profile=profile)
    return out.getvalue(), FORMATS[kind]
