"""Coaching with quizzes, without Telegram: building a quiz poll from a tip (``polls``),
spaced repetition (``repetition``), the leaderboard and streaks (``scores``) and who
counts as a member of a team (``members``).
"""
