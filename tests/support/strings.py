"""Assert on ``bot.strings`` fields, not on copies of their sentences.

A test that copies "Chỉ quản trị viên…" breaks when the copy is edited, although the
behaviour it checks did not change. ``shows(text, VI.sub_admin_only)`` asks instead
whether a message is that string, whatever values fill its ``{fields}``: every fixed
piece of the template (split at each field and HTML tag, entities decoded, as Telegram
shows it) must appear in the text, in order.
"""

from __future__ import annotations

import html
import re
import string

_TAG = re.compile(r"<[^>]*>")


def pieces(template: str) -> list[str]:
    """The fixed text of a template as a reader sees it, between fields and tags."""
    found: list[str] = []
    for literal, _field, _spec, _conversion in string.Formatter().parse(template):
        for part in _TAG.split(literal):
            part = html.unescape(part).strip()
            if part:
                found.append(part)
    return found


def shows(text: str | None, template: str) -> bool:
    """Whether ``text`` is ``template`` with any values in its fields (or contains it)."""
    if text is None:
        return False
    at = 0
    for part in pieces(template):
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def values(text: str | None, template: str) -> dict[str, str] | None:
    """The values in ``template``'s fields as ``text`` shows them (``None``: not it).

    ``values(status, VI.status_on)["count"] == "2"`` checks a number without copying
    the sentence around it. Values are read as single lines first, the first field taking
    the most it can (``{days}, {time}`` with days "Thứ Hai, Thứ Tư"); if that does not
    fit, as the shortest texts across lines (lists in ``{best}``). A plural's number
    (``{count:# tip|# tips}``) is read from whichever form the text shows.
    """
    if text is None:
        return None
    for value in ("[^\n]*", ".*?"):
        pattern = ""
        names: set[str] = set()
        for literal, name, spec, _conversion in string.Formatter().parse(template):
            pattern += re.escape(_visible(literal))
            if name is None:
                continue
            if spec and "|" in spec:
                pattern += _plural(name, spec, value, names)
            elif name in names:
                pattern += f"(?P={name})"
            else:
                pattern += f"(?P<{name}>{value})" if name else f"(?:{value})"
                names.add(name)
        match = (re.search(pattern + "$", text, re.DOTALL)
                 or re.search(pattern, text, re.DOTALL))
        if match:
            found: dict[str, str] = {}
            for group, got in match.groupdict().items():
                if got is not None:  # a plural's number comes from the form shown
                    found.setdefault(group.split("__")[0], got)
            return found
    return None


def _visible(literal: str) -> str:
    return html.unescape(_TAG.sub("", literal))


def _plural(name: str, spec: str, value: str, names: set[str]) -> str:
    """``{count:# tip|# tips}`` as a pattern: either form, ``#`` being the value."""
    forms = []
    for k, form in enumerate(spec.split("|")):
        number = f"(?P={name})" if name in names else f"(?P<{name}__{k}>{value})"
        forms.append(number.join(re.escape(_visible(part)) for part in form.split("#")))
    return "(?:" + "|".join(forms) + ")"
