"""The durable inbox: every update is stored before Telegram is told, then handled per lane
(a chat, or a person) in order, within bounds one sender cannot exceed (``engine``), by a
few shared slots that a waiting handler lends to others (``slots``). Telegram-free.
"""
