# SPDX-License-Identifier: MIT
"""The rows of a PNG screenshot, for the script checks that look at what
headless Chromium drew (check-report.sh, check-audit-sheet.sh). Only what
Chromium writes: 8-bit RGB or RGBA, not interlaced."""
import struct
import zlib


def read(path):
    """(width, height, bytes per pixel, rows): rows yields each row's pixel
    bytes, top to bottom, with the PNG filters undone."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "unexpected PNG format"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    return w, h, bpp, _rows(zlib.decompress(idat), w, h, bpp)


def _rows(raw, w, h, bpp):
    stride = w * bpp
    # Up, the commonest filter, on whole rows at once: bytewise addition
    # modulo 256 of two big integers.
    M7 = int.from_bytes(b"\x7f" * stride, "big")
    M8 = int.from_bytes(b"\x80" * stride, "big")
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            A, B = int.from_bytes(line, "big"), int.from_bytes(prev, "big")
            line = bytearray((((A & M7) + (B & M7)) ^ ((A ^ B) & M8)).to_bytes(stride, "big"))
        elif f == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif f == 4:
            for i in range(bpp):
                line[i] = (line[i] + prev[i]) & 255
            for i in range(bpp, stride):
                a, b, c = line[i - bpp], prev[i], prev[i - bpp]
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - c - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        yield line
