"""The team lead's dashboard (issue 22): a page inside Telegram (a Mini App) and for the
operator's console, its JSON API, and who may use it (``auth``). Telegram-free: the bot
mounts it on its web server (``bot.telegram.dashboard``), ``python -m bot dashboard``
serves it alone.
"""
