"""The Telegram adapter: updates in, ``Replies`` out.

``app.py`` assembles the Application; ``handlers/`` holds one module per concern, each
with a ``register(app)``; ``context.py`` is what every handler receives. What to say and
what to decide lives outside this package (``bot.replies``, ``bot.services``), so
nothing here is needed to understand the bot's behaviour, only how it meets Telegram.
"""
