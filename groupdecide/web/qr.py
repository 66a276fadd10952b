"""QR codes of links, as SVG made by segno."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str, title: str) -> bytes:
    """A standalone SVG document of ``data`` (presentation attributes only, no style)."""
    code = segno.make(data, error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=6,
        border=3,
        dark="#111111",
        light="#ffffff",
        xmldecl=False,
        svgns=True,
        title=title,
    )
    return out.getvalue()
