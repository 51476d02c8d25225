"""Reading what people type, before any search: Unicode and tone-mark normalisation, folding
(no diacritics), the clean-up of scraped articles, chat shorthand, small talk, and the
details (phones, links, order codes) that point at a person rather than a question.

Telegram-free and storage-free: everything else reads text through here, so one message
is read the same way by the bot, the console, the CLI and the benchmarks.

* ``normalize`` — tone marks, folding, Telex residue, tokens and sentences: one key for
  every way a word is typed.
* ``articles`` — scraped articles made readable (the seed loader's clean-up), and what
  scrape residue looks like.
* ``chatspeak`` — chat shorthand expanded (``ko`` → ``không``).
* ``smalltalk`` — greetings, thanks and the like, told apart from questions.
* ``redact`` — phones, links, addresses and order codes: details, not questions.
"""
