"""Scheduled pushes that must arrive exactly once: the daily tip, the daily quiz and the
weekly digest.

``engine`` holds the one loop (due → claim in batches → send under the limiter → record)
and the one retry policy; ``push`` is the contract a kind of push implements (``Push``,
its ``Job`` and ``Due``, the ``SendError`` kinds a sender raises) and the reports;
``acks`` records what was sent, one by one or in batches; ``tips``, ``quizzes`` and
``digests`` are the plug-ins (who is due, what to send, how to record it); ``ratelimit``
keeps Telegram's per-chat and global send budgets. A new kind of push is a new plug-in
module, nothing else.
"""
