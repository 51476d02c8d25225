"""Reading what people type, before any search: Unicode and tone-mark normalisation, folding
(no diacritics), the clean-up of scraped articles, chat shorthand, small talk, and the
details (phones, links, order codes) that point at a person rather than a question.

Telegram-free and storage-free: everything else reads text through here, so one message
is read the same way by the bot, the console, the CLI and the benchmarks.
"""
