"""Vietnamese text normalisation: any way a user types a word reduced to one key.

With or without diacritics, old or new tone placement, UPPER CASE, Telex residue,
underscores: the search, the lookup and every reply compare text through here; tokens
and sentences are cut here too. Cleaning scraped articles is ``articles``'. Everything
here is pure and offline.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese tone marks as Unicode combining characters (NFD). Vowel-quality marks
# (circumflex, breve, horn) are *not* tones and stay with the letter.
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_TONES = frozenset({_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT})
# Deprecated combining tone marks some old keyboards emit; treat them as the modern ones.
_TONE_ALIASES = {"\u0340": _GRAVE, "\u0341": _ACUTE}

_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")

_WORD_RE = re.compile(r"[^\W\d_]+")
# Also what XML cannot hold (lone surrogates, U+FFFE, U+FFFF): a stored tip goes into
# the .xlsx export, which must stay well-formed.
_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    r"\ud800-\udfff\ufffe\uffff]"
)
_XML_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def nfc(text: str) -> str:
    """Compose to NFC, the form Telegram and most keyboards send."""
    return unicodedata.normalize("NFC", text)


def strip_controls(text: str) -> str:
    """Replace control and invisible formatting characters with spaces.

    Users paste from spreadsheets and chat apps; zero-width joiners and stray control
    codes must not split or glue words, nor reach a Telegram message.
    """
    return _CONTROL_RE.sub(" ", text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls but tab and line
    breaks, lone surrogates, U+FFFE, U+FFFF): for what is written into a file."""
    return _XML_ILLEGAL_RE.sub("", text)


# A person's name as the bot shows it: long enough for any real name (Telegram allows
# 64 + 64 for first and last), short enough that twenty of them fit one message.
NAME_LIMIT = 64


def display_name(name: str, fallback: str = "", limit: int = NAME_LIMIT) -> str:
    """A person's name, safe to show anywhere (Telegram messages, the CLI, a log line).

    The one rule for names typed by users: control characters (C0, C1, so no terminal
    escape sequences) and invisible or direction-changing ones (bidi overrides and
    isolates, U+202A–202E and U+2066–2069, zero-width characters) are removed, so a
    name cannot reverse or hide the text after it; whitespace and line breaks collapse
    to single spaces; the result is at most ``limit`` UTF-16 units (as Telegram counts),
    cut with "…". Nothing is escaped: HTML renderers escape it as any value.
    ``fallback`` is shown for a name that is empty once cleaned.
    """
    text = " ".join(strip_controls(nfc(name)).split())
    if not text:
        return fallback
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    text = text[:limit]  # code points: each is one or two UTF-16 units
    while text and len(text.encode("utf-16-le")) // 2 > limit - 1:
        text = text[:-1]
    while text and unicodedata.combining(text[-1]):  # never a mark without its letter
        text = text[:-1]
    return text.rstrip() + "…"


def _tone_position(base: str) -> int | None:
    """Index in ``base`` (a toneless syllable) where the tone mark belongs.

    We use the traditional placement ("hòa", "thúy", "khỏe"), the default of the
    common Vietnamese keyboards. Any placement a user types maps to this one, so
    old-style and new-style spellings compare equal.
    """
    low = base.lower()
    start = 0
    while start < len(low) and low[start] not in _VOWELS:
        start += 1
    if start == len(low):
        return None
    # "qu" and "gi" (before another vowel) are consonants, not part of the nucleus.
    if (start > 0 and low[start - 1] == "q" and low[start] == "u") or (
        start > 0
        and low[start - 1] == "g"
        and low[start] == "i"
        and start + 1 < len(low)
        and low[start + 1] in _VOWELS
    ):
        start += 1
    end = start
    while end < len(low) and low[end] in _VOWELS:
        end += 1
    if start >= end:  # "qu" alone, e.g. a typo: keep the tone on the last vowel seen
        return start - 1
    nucleus = range(start, end)
    marked = [i for i in nucleus if low[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if end < len(low):  # a final consonant pulls the tone to the last vowel
        return end - 1
    size = end - start
    if size == 1:
        return start
    if size == 2:
        return start
    return start + 1


@lru_cache(maxsize=65536)
def _retone_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    kept: list[str] = []
    for ch in decomposed:
        ch = _TONE_ALIASES.get(ch, ch)
        if ch in _TONES:
            tone = ch
        else:
            kept.append(ch)
    if not tone:
        return nfc(word)
    base = nfc("".join(kept))
    pos = _tone_position(base)
    if pos is None:
        return nfc(word)
    return nfc(base[: pos + 1] + tone + base[pos + 1 :])


def canonical_tones(text: str) -> str:
    """NFC text with every syllable's tone mark in one canonical place.

    ``hoà``/``hòa``, ``thuý``/``thúy`` and ``thoả``/``thỏa`` become the same string, so
    exact-spelling comparisons do not depend on which keyboard a user has. Every reply
    passes through here, and most are the same few texts (help, tips): those are
    remembered whole.
    """
    if len(text) <= _CACHED_TEXT:
        return _canonical_cached(text)
    return _canonical(text)


_CACHED_TEXT = 4096  # Telegram's longest message


def _canonical(text: str) -> str:
    return _WORD_RE.sub(lambda m: _retone_word_cached(m.group()), nfc(text))


@lru_cache(maxsize=1024)
def _canonical_cached(text: str) -> str:
    return _canonical(text)


@lru_cache(maxsize=65536)
def _retone_word_cached(word: str) -> str:
    return _retone_word(word)


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(text: str) -> str:
    """Lower-case, accent-free form: ``Đảm bảo`` → ``dam bao``.

    Most Vietnamese users type on phones without diacritics; folding both sides makes
    ``cham soc`` and ``chăm sóc`` the same key. ``đ`` has no decomposition, so it is
    mapped by hand.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


# --- Telex residue --------------------------------------------------------------------
# With the input method switched off, a user typing Telex gets "khachs hangf" for
# "khách hàng": tone keys (s f r x j) at the end, doubled vowels for â ê ô, w for ă ơ ư,
# dd for đ. Decoding yields the folded form, which is all the search needs.
_TELEX_TONE_KEYS = frozenset("sfrxj")
_TELEX_PAIRS = (("dd", "d"), ("aa", "a"), ("aw", "a"), ("ee", "e"), ("oo", "o"), ("ow", "o"),
                ("uw", "u"))


def decode_telex(token: str) -> str:
    """Folded syllable a Telex-typed token stands for (``nguowif`` → ``nguoi``).

    Returns the token unchanged when it carries no Telex residue. The caller decides
    whether the result is a real word (by looking it up), because English words such
    as ``press`` also end in a tone key.
    """
    out = token.lower()
    if len(out) > 1 and out[-1] in _TELEX_TONE_KEYS and any(c in _VOWELS for c in out[:-1]):
        out = out[:-1]
    for pair, plain in _TELEX_PAIRS:
        out = out.replace(pair, plain)
    # A lone "w" after a consonant stands for "ư" (e.g. "nhw" → "nhu").
    out = re.sub(r"w", "u", out)
    return out


_VNI_RE = re.compile(r"^[a-z]+[a-z1-9]*$")


def decode_vni(token: str) -> str:
    """Folded syllable a VNI-typed token stands for (``kha1ch`` → ``khach``).

    VNI keyboards put a digit after the letter it marks (1–5 tones, 6 circumflex, 7 horn,
    8 breve, 9 the bar of đ); a keyboard in the wrong mode leaves the digits in the
    text. Removing them gives the folded word. Unchanged when the token starts with a
    digit or has none ("b2b" and "f5" come back as "bb" and "f": the caller looks the
    result up, so only a real word counts).
    """
    out = token.lower()
    if not _VNI_RE.match(out) or out.isalpha():
        return token
    return re.sub(r"[1-9]", "", out)


# --- Vietnamese syllable shape -----------------------------------------------------
_SYLLABLE_RE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|uyu|oai|oay|oeo|uay|uoi|uou|ieu|yeu|uai|uay|uy|ua|uo|uu|ui|ue|oa|oe|oi|oo|"
    r"ai|ao|au|ay|eo|eu|ia|ie|iu|ye|[aeiouy])"
    r"(ch|ng|nh|[cmnpt])?$"
)


def is_vietnamese_syllable(folded: str) -> bool:
    """Whether a folded token has the shape of a Vietnamese syllable.

    English words (``how``, ``customers``, ``blame``) mostly do not; this tells an
    English query from a Vietnamese one typed without diacritics.
    """
    return bool(_SYLLABLE_RE.match(folded))


# --- Tokenising queries and documents ------------------------------------------------
_NUMBER_GROUP_RE = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_PERCENT_RE = re.compile(r"%")
_TOKEN_RE = re.compile(r"[^\W_]+")


def _prepare(text: str) -> str:
    text = strip_controls(unicodedata.normalize("NFKC", text))
    text = _NUMBER_GROUP_RE.sub("", text)
    text = _PERCENT_RE.sub(" phần trăm ", text)
    return text.replace("_", " ")


def search_text(text: str) -> str:
    """The comparable form of any text: NFKC, no controls, folded, tidy spacing.

    ``125.000`` and ``125,000`` become ``125000``; ``%`` is spelled ``phan tram`` so
    ``59%`` and ``59 phần trăm`` meet; underscores from word segmentation are spaces.
    """
    return fold(_prepare(text))


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text`` (syllables for Vietnamese, words otherwise)."""
    return _TOKEN_RE.findall(search_text(text))


def token_forms(text: str) -> list[tuple[str, str]]:
    """Each token as (folded, lower case with canonical tones).

    The folded form is what matches; the toned form tells whether the user typed
    diacritics, and so whether ``da`` means "đã" (a filler) or could be "đá", "da".
    """
    toned = canonical_tones(_prepare(text)).lower()
    return [(_fold_word(tok), tok) for tok in _TOKEN_RE.findall(toned)]


_NAME_BREAKS = ".!?…\n:;\"“”'()[]-–—"


def capitalised_inside(text: str) -> list[bool]:
    """For each token of ``token_forms(text)``: capitalised and not the first word of a
    sentence, as a name is (``tiệm Mộc Lan ở Đà Lạt``).

    All false when most words are capitalised (a message typed in capitals or in Title
    Case says nothing about names).
    """
    prepared = canonical_tones(_prepare(text))
    marks: list[bool] = []
    upper = 0
    prev_end = 0
    for m in _TOKEN_RE.finditer(prepared):
        word = m.group()
        between = prepared[prev_end:m.start()]
        first = not marks or any(ch in _NAME_BREAKS for ch in between)
        capital = word[:1].isupper()
        upper += capital
        marks.append(capital and not first and not word[:1].isdigit())
        prev_end = m.end()
    if upper * 2 > len(marks):
        return [False] * len(marks)
    return marks


@lru_cache(maxsize=65536)
def drop_names(text: str) -> str:
    """``text``'s words without its names (see ``capitalised_inside``), lower case.

    An example situation told about "chị Mai at the Mộc Lan bakery in Đà Lạt" teaches
    what happened, not who or where: indexed with its names, a user's story that also
    happens in Đà Lạt would match it for the place alone.
    """
    forms = token_forms(text)
    names = capitalised_inside(text)
    return " ".join(toned for (_, toned), name in zip(forms, names, strict=False)
                    if not name)


def _fold_word(word: str) -> str:
    """``fold`` for one word, remembered: a corpus has a few thousand distinct words
    and folds each of them tens of thousands of times."""
    return fold(word)


def asking_sentence(text: str) -> list[bool]:
    """For each token of ``token_forms(text)``: whether it stands in the sentence that
    asks (the last one ending in a question mark, else the last one).

    A story tells what happened before it asks: "the hotel's rule says…" or "she keeps
    her papers in her pockets" is the telling, and only the question says whether a
    fact is wanted (``bot.search.query.mark_asks``).
    """
    prepared = canonical_tones(_prepare(text))
    starts: list[int] = []  # token index where each sentence starts
    asks: list[int] = []  # sentences ending in a question mark
    count = 0
    prev_end = 0
    for m in _TOKEN_RE.finditer(prepared):
        between = prepared[prev_end:m.start()]
        if not starts or any(ch in ".!?…\n" for ch in between):
            if starts and "?" in between:
                asks.append(len(starts) - 1)
            starts.append(count)
        count += 1
        prev_end = m.end()
    if not starts:
        return []
    if "?" in prepared[prev_end:]:
        asks.append(len(starts) - 1)
    chosen = asks[-1] if asks else len(starts) - 1
    begin = starts[chosen]
    end = starts[chosen + 1] if chosen + 1 < len(starts) else count
    return [begin <= i < end for i in range(count)]


# --- Sentences ------------------------------------------------------------------------
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?…])[”\"]?\s+(?=[“\"(]?[A-ZĐÀ-Ỹ0-9])")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a clean paragraph (good enough for attribution and validation)."""
    parts = _SENTENCE_SPLIT_RE.split(paragraph)
    return [p.strip() for p in parts if p.strip()]
