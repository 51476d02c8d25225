"""Details in a message that point at a person or an order: phone numbers, e-mail
addresses, links, order codes and one-time codes (OTP).

One rule with two uses. The search ignores them (pasted contact details carry no
question, and their digits would match nothing useful), and the log of unanswered
questions replaces each with a placeholder *before* anything is kept or grouped, so a
customer's phone number typed into a question never reaches the database, and "gọi
0912 345 678 không được" counts together with the same question about another number.

The patterns lean towards what Vietnamese customer care pastes (09xx xxx xxx, +84 …,
028.3822.1234, 1900 xxxx, Shopee/GHN/GHTK order codes, t.me and bit.ly links) and away
from what questions are made of: prices (500k, 1.500.000đ, 350.000 VND), times (8h30,
07:30), dates (12/03/2024, 2024-03-12), percentages and counts stay as typed.
"""

from __future__ import annotations

import re

PHONE = "[số điện thoại]"
EMAIL = "[email]"
LINK = "[liên kết]"
ORDER = "[mã đơn]"
CODE = "[mã xác thực]"

# Between two digits of a phone number: nothing, or a space, dot or dash (also " - "),
# or the closing bracket of an area code: "(028) 3822 1234".
_SEP = r"(?:\)\s?|\s?[.\-–]\s?|\s)?"
_DIGIT = rf"(?:{_SEP}\d)"
_PHONE = (
    # +84 …, (+84) …, 0084 …, +84 (0) …
    r"(?<![\w+])(?:\((?=\+84\)))?(?:\+|00)\s?84\)?\s?(?:\(0\)\s?)?[1-9]" + _DIGIT + r"{8,9}"
    r"|(?<![\w+])84[35789]\d{8}"  # 84912345678: the country code without the plus
    r"|(?<![\w+])\+\d{1,3}" + _DIGIT + r"{9,13}"  # other countries: 10 digits or more
    # 0xx… (10 digits, mobiles), 02x… (11, landlines; "(028) 3822 1234")
    r"|(?<![\d.,/+])(?:\((?=0\d{1,3}\)))?0(?:[12]" + _DIGIT + r"{9}|[3-9]" + _DIGIT + r"{8})"
    r"|(?<![\d.,/+])1[89]00(?:[ .]?\d){4}(?:(?:[ .]?\d){2})?"  # hotlines: 1900 xxxx
)
_PHONE_END = r"(?![\d]|[.,]\d)"

_EMAIL = r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}(?![\w\-])"

# A link's tail stops before the punctuation that ends the sentence around it.
_TAIL = r"""(?:[^\s]*[^\s.,;:!?)\]}»”'"])?"""
# Bare domains need a top-level domain that is not also a word in a question typed
# without diacritics ("co" = có, "me" = mẹ, "to"); those count only with a path: t.me/x.
_TLD = (r"(?:com|vn|net|org|info|io|ly|gl|link|shop|store|online|site|xyz|app|dev|biz|edu"
        r"|gov|asia|page)")
_LINK = (
    rf"(?:https?|ftp)://{_TAIL}"
    rf"|(?<![\w.@\-])www\.{_TAIL}"
    rf"|(?<![\w.@\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+{_TLD}(?![\w\-])(?:[/?#]{_TAIL})?"
    rf"|(?<![\w.@\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{{2,6}}/{_TAIL}"
)

# Money written right after digits is a price, not part of a code.
_MONEY = r"(?:vn[dđ]?|usd|dong|đồng|đ|d|k|tr|trieu|triệu|%|\$)(?![\w])"
_ORDER = (
    # DH2403150087, SPX-VN123456, #ORD-2024-000981, EB123456789VN, S123.BO.456789
    r"(?<![\w#])#?[a-z]{1,6}(?:[-_][a-z]{1,6})?[-_]?(?!0\d{9,10}(?!\w))\d{4,}+[a-z0-9]*+"
    r"(?:[-_./][a-z0-9]++)*(?![\w])"
    # #123456: a number someone marked as a code
    r"|(?<![\w#])#\d{4,}+[a-z0-9]*+(?:[-_./][a-z0-9]++)*(?![\w])"
    # 240315ABCD1234 (Shopee): digits, then letters that are not a currency
    rf"|(?<![\w.,])\d{{6,}}(?!{_MONEY})[a-z]{{2,}}[a-z0-9]*(?![\w])"
    # 8 digits or more in one run (tracking and account numbers), unless it is a price
    rf"|(?<![\w.,])\d{{8,}}(?![\w]|[.,]\d|\s?{_MONEY})"
)

_DETAIL_RE = re.compile(
    rf"(?P<email>{_EMAIL})|(?P<link>{_LINK})|(?P<phone>(?:{_PHONE}){_PHONE_END})"
    rf"|(?P<order>{_ORDER})",
    re.IGNORECASE)

# A one-time code: 4 to 8 digits beside what names it ("Mã OTP của Quý khách là
# 482913", "123456 la ma xac thuc", "your verification code is 1234"). A bank's or a
# shop's text pasted at the bot asks nothing, and the code must never be kept.
_CODE_LABEL = (r"(?:otp|m[aã]\s+(?:x[aá]c\s+(?:th[uự]c|nh[aậ]n|minh)|k[ií]ch\s+ho[aạ]t"
               r"|b[aả]o\s+m[aậ]t|giao\s+d[iị]ch)|(?:verification|security|confirmation"
               r"|login|one[\s-]time)\s+(?:code|pin)|passcode)")
_CODE_DIGITS = r"(?<![\w.,])(?P<digits>\d{4,8}|\d{3}\s\d{3})(?![\w]|[.,]\d)"
_CODE_RE = re.compile(
    rf"\b{_CODE_LABEL}\b[^\d\n]{{0,40}}?{_CODE_DIGITS}"
    rf"|{_CODE_DIGITS.replace('digits', 'before')}[^\d\n]{{0,25}}?\b{_CODE_LABEL}\b",
    re.IGNORECASE)

_PLACEHOLDER = {"email": EMAIL, "link": LINK, "phone": PHONE, "order": ORDER}


def _codes(text: str, by: str) -> str:
    """``text`` with each one-time code (the digits only, not what names it) replaced."""
    def one(m: re.Match[str]) -> str:
        group = "digits" if m.group("digits") is not None else "before"
        start, end = m.span(group)
        return m.group(0)[: start - m.start()] + by + m.group(0)[end - m.start():]

    return _CODE_RE.sub(one, text)


def has_code(text: str) -> bool:
    """Whether ``text`` carries a one-time code: a pasted bank or shop text."""
    return _CODE_RE.search(text) is not None


def redact(text: str) -> str:
    """``text`` with each phone number, e-mail address, link, order code and one-time
    code replaced by a placeholder that says what was there (``[số điện thoại]`` …)."""
    return _DETAIL_RE.sub(lambda m: _PLACEHOLDER[m.lastgroup or "order"], _codes(text, CODE))


def strip(text: str) -> str:
    """``text`` with those details blanked out: what the search looks at."""
    return _DETAIL_RE.sub(" ", _codes(text, " "))


__all__ = ["CODE", "EMAIL", "LINK", "ORDER", "PHONE", "has_code", "redact", "strip"]
