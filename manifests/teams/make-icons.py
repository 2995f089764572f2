#!/usr/bin/env python3
"""Writes color.png (192x192, opaque) and outline.png (32x32, white on transparent) for the
Teams app package. Pure standard library (zlib + struct), so the icons are reproducible here and
in CI without downloads. Run: python3 make-icons.py [out-dir]"""
import struct
import sys
import zlib
from pathlib import Path


def png(width, height, pixel):
    """pixel(x, y) -> (r, g, b, a); writes 8-bit RGBA, no interlace."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def bars(x, y, size, margin):
    """Three rising bars (a budget chart): True where a bar covers (x, y)."""
    inner = size - 2 * margin
    width = inner // 4
    gap = (inner - 3 * width) // 2
    for i, share in enumerate((0.45, 0.7, 0.95)):
        left = margin + i * (width + gap)
        top = margin + int(inner * (1 - share))
        if left <= x < left + width and top <= y < size - margin:
            return True
    return False


def color(x, y):
    # Opaque accent background (#4F46E5) with white bars.
    return (255, 255, 255, 255) if bars(x, y, 192, 40) else (0x4F, 0x46, 0xE5, 255)


def outline(x, y):
    # Teams wants white on transparent for the outline icon.
    return (255, 255, 255, 255) if bars(x, y, 32, 5) else (0, 0, 0, 0)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    (out / "color.png").write_bytes(png(192, 192, color))
    (out / "outline.png").write_bytes(png(32, 32, outline))
