"""One module per concern; each ``register(app)`` adds its handlers to the Application.

The order of registration matters only where filters overlap, and ``bot.telegram.app``
states it: the ``/addtip`` conversation first (while a tip is being written, the
admin's messages are its parts), button patterns before the catch-all button, and the
unknown-command reply last.
"""
