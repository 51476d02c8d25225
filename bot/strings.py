"""Every user-facing string, one instance per language.

A dataclass rather than a dict: a string missing from one language is an error at
import time, not a ``KeyError`` in front of a user. Vietnamese is the default; English
serves users whose Telegram language is English. Strings containing ``{name}`` are
``str.format`` templates; values are escaped by the caller when the text is HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Strings:
    lang: str
    # tips and sources
    source_label: str
    source_title: str
    source_author: str
    source_publisher: str
    source_date: str
    source_tip_id: str
    # search
    no_results: str
    try_random: str
    empty_query: str
    results_header: str
    tip_not_found: str
    query_too_long: str


VI = Strings(
    lang="vi",
    source_label="Nguồn",
    source_title="Bài viết",
    source_author="Tác giả",
    source_publisher="Nơi đăng",
    source_date="Ngày đăng",
    source_tip_id="Mã mẹo",
    no_results="Không tìm thấy mẹo nào phù hợp với “{query}”.",
    try_random="Bạn thử từ khóa khác (ví dụ: “giữ chân khách hàng”, “đam mê”, “khiếu nại”), "
    "hoặc xem một mẹo ngẫu nhiên.",
    empty_query="Bạn chưa nhập từ khóa. Ví dụ: “giữ chân khách hàng cũ” hoặc “thái độ phục vụ”.",
    results_header="Các mẹo phù hợp với “{query}”:",
    tip_not_found="Không có mẹo nào mang mã “{tip_id}”.",
    query_too_long="Câu hỏi dài quá nên mình chỉ đọc phần đầu.",
)

EN = Strings(
    lang="en",
    source_label="Source",
    source_title="Article",
    source_author="Author",
    source_publisher="Published by",
    source_date="Date",
    source_tip_id="Tip id",
    no_results="No tip matches “{query}”.",
    try_random="Try other words (for example “customer loyalty”, “passion”, “complaints”), "
    "or read a random tip.",
    empty_query="Please type a few words. For example: “keep existing customers” or "
    "“service attitude”.",
    results_header="Tips matching “{query}”:",
    tip_not_found="There is no tip with the id “{tip_id}”.",
    query_too_long="Your question is very long, so I only read the beginning.",
)

LANGUAGES = {"vi": VI, "en": EN}


def for_language(code: str | None) -> Strings:
    """Strings for a Telegram ``language_code`` (``en-GB`` → English; else Vietnamese)."""
    if code and code.lower().split("-")[0] == "en":
        return EN
    return VI


def _check_complete() -> None:
    for strings in LANGUAGES.values():
        for f in fields(strings):
            if not getattr(strings, f.name):
                raise ValueError(f"strings[{strings.lang}].{f.name} is empty")


_check_complete()
