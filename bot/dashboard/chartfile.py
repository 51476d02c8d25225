"""/stats' chart made light for the page: the same image in 32 colours (about a quarter of
the bytes; its colours are flat, so nothing visible is lost), so that the page's first
load stays small on a phone. Made once per image in a worker thread and kept (the chart
service already keeps an image until the team's figures change)."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections import OrderedDict

COLOURS = 32
KEPT = 64  # images kept, as many as the chart service keeps

_kept: OrderedDict[bytes, bytes] = OrderedDict()


def _lighter(png: bytes) -> bytes:
    from PIL import Image  # here: only a bot whose dashboard shows a chart loads Pillow

    with Image.open(io.BytesIO(png)) as image:
        fewer = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    out = io.BytesIO()
    fewer.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(png) else png


async def for_page(png: bytes) -> bytes:
    key = hashlib.sha256(png).digest()
    light = _kept.get(key)
    if light is None:
        light = await asyncio.to_thread(_lighter, png)
        _kept[key] = light
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    else:
        _kept.move_to_end(key)
    return light
