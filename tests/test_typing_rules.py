"""The type checker's one house rule that mypy cannot check itself: every
``type: ignore`` in ``bot/`` names its error code and says why on the same line."""

from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
IGNORE = re.compile(r"#\s*type:\s*ignore")
JUSTIFIED = re.compile(r"#\s*type:\s*ignore\[[a-z-]+(?:,\s*[a-z-]+)*\]\s+#\s*\S")


def test_every_type_ignore_names_its_code_and_says_why() -> None:
    bare = [f"{path.relative_to(BOT.parent)}:{n}: {line.strip()}"
            for path in sorted(BOT.rglob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if IGNORE.search(line) and not JUSTIFIED.search(line)]
    assert not bare, "a type: ignore needs [code]  # reason:\n" + "\n".join(bare)
