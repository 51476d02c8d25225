"""Quiz polls into Telegram: ``send_quiz_poll`` for /quiz, ``TelegramQuizSender`` for the
daily quiz (Telegram's errors translated into the delivery's terms, as
``TelegramSender`` does for the daily tip)."""

from __future__ import annotations

from typing import Literal, cast

from telegram import InputPollOption, Message
from telegram.constants import PollType
from telegram.ext import ExtBot

from bot.delivery.push import Rejected
from bot.delivery.quizzes import SentQuiz
from bot.quiz.polls import Quiz
from bot.telegram.context import RateLimitArgs
from bot.telegram.sender import delivery_errors

OptionIndex = Literal[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # what PTB's send_poll accepts


async def send_quiz_poll(bot: ExtBot[RateLimitArgs], chat_id: int, quiz: Quiz,
                         anonymous: bool, *, rate_limit_args: RateLimitArgs | None = None
                         ) -> SentQuiz:
    """``sendPoll(type=quiz)``: non-anonymous where answers can count (not in channels)."""
    if not 0 <= quiz.correct_index <= 9:
        raise Rejected(f"correct option {quiz.correct_index} out of range")
    # A poll is plain text: the Application's Defaults (HTML, for messages) must not
    # make Telegram read a tip's "<" or "&" as markup, so every parse mode is None.
    message: Message = await bot.send_poll(
        chat_id, quiz.question, [InputPollOption(o, text_parse_mode=None) for o in quiz.options],
        type=PollType.QUIZ, is_anonymous=anonymous,
        correct_option_ids=[cast(OptionIndex, quiz.correct_index)],
        explanation=quiz.explanation, question_parse_mode=None, explanation_parse_mode=None,
        rate_limit_args=rate_limit_args)
    if message.poll is None:  # Telegram always returns the poll; a fake might not
        raise Rejected("sendPoll returned no poll")
    return SentQuiz(message.message_id, message.poll.id, message.poll.is_anonymous)


class TelegramQuizSender:
    """The daily quiz's ``QuizSender``."""

    def __init__(self, bot: ExtBot[RateLimitArgs]) -> None:
        self.bot = bot

    async def send_quiz(self, chat_id: int, quiz: Quiz, anonymous: bool) -> SentQuiz:
        with delivery_errors():
            return await send_quiz_poll(self.bot, chat_id, quiz, anonymous,
                                        rate_limit_args={"acquired": True})
