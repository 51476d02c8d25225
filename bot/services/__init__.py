"""What the bot decides, without Telegram: used by the Telegram handlers and the console.

Each module takes a ``Storage`` and plain values and returns records, tips or dates;
what the user is told about them is ``bot.replies``' business.
"""
