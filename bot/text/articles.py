"""Scraped articles made readable: the seed loader's clean-up.

The seeds come from ebook and document sites and from blogs, through a word-segmenting
scraper. What it leaves is undone here: underscores between syllables, hard-wrapped
lines, the sites' download prompts and ads, stray spaces before punctuation, a first
letter lost. ``is_boilerplate`` also tells the lookup that a message is such residue
pasted back at the bot. Typing normalisation and folding are ``normalize``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.normalize import nfc, strip_controls

# Lines that are never content: the ebook site's header, the document site's download
# prompts, a contact-form ad and an image plugin's settings panel.
_BOILERPLATE_LINE_RES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^số chương\s*:",
        r"^phí download\s*:",
        r"^nhóm đọc/download\s*:",
        r"^số lần đọc/download\s*:",
        r"^cập nhật\s*:\s*\d",
        r"^link download\s*:",
        r"^tải bản đầy đủ",
        r"^bạn đang xem bản rút gọn",
        r"^tài liệu bạn tìm kiếm đã sẵn sàng",
        r"^xem và tải ngay",
        r"^thông tin tài liệu\s*:?$",
        r"^nội dung trích xuất từ tài liệu\s*:?$",
        r"^liên hệ tư vấn$",
        r"^khách hàng quan tâm nhiều$",
        r"^only creative commons$",
        r"^warning: all images from google images",
        r"^(title|caption|file name|size|alignment|link to|open new windows|rel nofollow)$",
        r"^để tìm hiểu rõ hơn về .* vui lòng truy cập",
        r"^[×x•·\-–—]$",
        r"^\d{1,4}$",
        r"^by [^\n]{2,60} (january|february|march|april|may|june|july|august|september|"
        r"october|november|december) \d{1,2}, \d{4}$",
    )
)
# Ads spliced into a sentence by the scraper's host site.
_INLINE_AD_RES = (re.compile(r",?\s*đặc biệt là với công ty đồng hồ đôi giá r[ẻe]", re.IGNORECASE),)

_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?…)\]%])")
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[])\s+")
_MULTISPACE_RE = re.compile(r"[ \t\u00a0]+")
_AT_SPLIT_RE = re.compile(r"(\w)\s+@\s*(\w)")
_STRAIGHT_QUOTED_RE = re.compile(r'"\s*([^"]*?)\s*"')
_MISSING_SPACE_AFTER_COMMA_RE = re.compile(r"(?<=[^\W\d_]),(?=[^\W\d_])")


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is scrape residue rather than article text."""
    stripped = line.strip()
    return any(r.search(stripped) for r in _BOILERPLATE_LINE_RES)


def tidy_spacing(text: str) -> str:
    """Fix the spacing a word-segmenting scraper leaves: ``khách_hàng .`` → ``khách hàng.``"""
    text = text.replace("_", " ")
    text = _AT_SPLIT_RE.sub(r"\1@\2", text)
    text = _STRAIGHT_QUOTED_RE.sub(lambda m: f"“{m.group(1)}”", text)
    text = _MULTISPACE_RE.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN_RE.sub(r"\1", text)
    text = re.sub(r"“\s+", "“", text)
    text = re.sub(r"\s+”", "”", text)
    text = _MISSING_SPACE_AFTER_COMMA_RE.sub(", ", text)
    return text.strip()


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or ``None`` if it was not wrapped.

    Scraped PDFs break every line near one width; web pages keep a paragraph per line.
    When most lines cluster around one length well under a paragraph's, it is wrapped.
    """
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    if len(lengths) < 5:
        return None
    upper = lengths[int(len(lengths) * 0.75)]
    lower = lengths[int(len(lengths) * 0.25)]
    if upper <= 120 and upper - lower <= 20:
        return upper
    return None


def join_wrapped_lines(lines: Iterable[str]) -> list[str]:
    """Rebuild paragraphs from hard-wrapped lines.

    In a wrapped text a line continues the previous one unless the previous was short
    (the last line of a paragraph or a heading); a blank line always ends a paragraph.
    In an unwrapped text only a line starting in lower case continues the previous one.
    """
    lines = [line.strip() for line in lines]
    width = _wrap_width(lines)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
            continue
        last_line_len = len(current) - current.rfind("\n") - 1
        continues = line[0].islower() or current.endswith((",", "-", "–"))
        if width is not None and last_line_len >= 0.75 * width:
            continues = True
        if continues:
            current = f"{current}\n{line}"
        else:
            paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    return [p.replace("\n", " ") for p in paragraphs]


def restore_lost_initial(paragraph: str) -> str:
    """Put back the first letter a scraper dropped: ``ể thành công`` → ``Để thành công``.

    The text starts with a lower-case fragment that is a known word with its capital
    cut off. Only the fragments seen in scraped Vietnamese prose are restored, to
    avoid guessing.
    """
    for lost, whole in (("ể ", "Để "), ("ột ", "Một "), ("hi ", "Khi "), ("ác ", "Các ")):
        if paragraph.startswith(lost):
            return whole + paragraph[len(lost) :]
    return paragraph


def clean_article(raw: str) -> list[str]:
    """Readable paragraphs from a scraped article, boilerplate and ads removed."""
    text = strip_controls(nfc(raw)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [] if not text else text.split("\n")
    kept = ["" if is_boilerplate(line) else line for line in lines]
    paragraphs = []
    for para in join_wrapped_lines(kept):
        for ad in _INLINE_AD_RES:
            para = ad.sub("", para)
        para = restore_lost_initial(tidy_spacing(para))
        if para and not is_boilerplate(para):
            paragraphs.append(para)
    return paragraphs
