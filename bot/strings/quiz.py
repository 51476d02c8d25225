"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Quiz:
    """/quiz, the daily quiz, the leaderboard and streaks."""

    __slots__ = ()

    # {situation}: one of the tip's situations
    quiz_situation = text(
        vi="Tình huống: “{situation}” — Nguyên tắc nào phù hợp nhất?",
        en="Situation: “{situation}” — Which principle fits best?",
    )

    # {passage}: the tip's passage, principle hidden
    quiz_passage = text(
        vi="Đoạn trích: “{passage}” — Đoạn này nói về nguyên tắc nào?",
        en="Excerpt: “{passage}” — Which principle is this about?",
    )

    # {principle}, {source}
    quiz_explanation = text(
        vi="Đáp án: {principle} (Nguồn: {source})",
        en="Answer: {principle} (Source: {source})",
    )

    quiz_none = text(
        vi="Chưa ra được câu đố: cần ít nhất ba mẹo có dạng ngắn thuộc các chủ đề khác nhau.",
        en="No quiz yet: it needs at least three tips with a short form in different topics.",
    )

    # {time} {zone} {days} {next}
    quiz_daily_on = text(
        vi="🧠 Đã bật câu đố hằng ngày lúc <b>{time}</b> ({zone}), {days}, theo lịch "
        "nhận mẹo của nhóm.\nCâu đố tiếp theo: <b>{next}</b>. Tắt: <code>/quiz off</code>",
        en="🧠 Daily quiz on at <b>{time}</b> ({zone}), {days}, following the team's "
        "daily tip schedule.\nNext quiz: <b>{next}</b>. Turn off: <code>/quiz off</code>",
    )

    quiz_daily_off = text(
        vi="🧠 Câu đố hằng ngày đang tắt. Bật: <code>/quiz daily 16h</code>",
        en="🧠 The daily quiz is off. Turn on: <code>/quiz daily 16:00</code>",
    )

    quiz_daily_bad = text(
        vi="Mình chưa hiểu giờ này. Ví dụ: <code>/quiz daily 16h</code>, "
        "<code>/quiz daily 16:30</code> hoặc <code>/quiz off</code> (múi giờ và ngày theo "
        "<code>/subscribe</code>).",
        en="I could not read that time. For example: <code>/quiz daily 16:00</code>, "
        "<code>/quiz daily 4pm</code> or <code>/quiz off</code> (zone and days as for "
        "<code>/subscribe</code>).",
    )

    # {people} {answers} {accuracy}
    quiz_figures = text(
        vi="🧠 <b>Câu đố</b>: {people} người tham gia · {answers} câu trả lời · "
        "{accuracy}% đúng",
        en="🧠 <b>Quizzes</b>: {people:# person|# people} took part · "
        "{answers:# answer|# answers} · {accuracy}% right",
    )

    leaderboard_week = text(
        vi="🏆 <b>Bảng xếp hạng tuần này</b>",
        en="🏆 <b>This week's leaderboard</b>",
    )

    leaderboard_all_time = text(
        vi="🏅 <b>Bảng xếp hạng từ trước đến nay</b>",
        en="🏅 <b>All-time leaderboard</b>",
    )

    # {rank} {name} {correct} {answered} {accuracy}
    leaderboard_row = text(
        vi="{rank}. {name} — {correct} câu đúng / {answered} · {accuracy}%",
        en="{rank}. {name} — {correct} right of {answered} · {accuracy}%",
    )

    # after leaderboard_row, only for someone with a streak (1 day or more)
    leaderboard_streak = text(
        vi=" · 🔥 {streak} ngày",
        en=" · 🔥 {streak:# day|# days}",
    )

    leaderboard_empty = text(
        vi="Chưa có ai trả lời câu đố nào.",
        en="Nobody has answered a quiz yet.",
    )

    # {count}: people ranked but not shown
    leaderboard_more = text(
        vi="… và {count} người khác",
        en="… and {count:# other|# others}",
    )

    streak_personal = text(
        vi="🔥 Chuỗi của bạn: {days} ngày liên tiếp trả lời đúng.",
        en="🔥 Your streak: {days:# day|# days} in a row with a right answer.",
    )

    # {principle} {accuracy} {answered}
    hardest_principle = text(
        vi="Nguyên tắc nhóm thấy khó nhất: {principle} ({accuracy}% đúng trên "
        "{answered} câu trả lời)",
        en="The principle the team finds hardest: {principle} ({accuracy}% right "
        "of {answered:# answer|# answers})",
    )


    # {people}: digest_improved_person, comma-separated
    digest_improved = text(
        vi="📈 Tiến bộ so với tuần trước: {people}",
        en="📈 Better than the week before: {people}",
    )

    # {name} {before} {after}: accuracy in percent, the week before and this week
    digest_improved_person = text(
        vi="{name} ({before}% → {after}%)",
        en="{name} ({before}% → {after}%)",
    )

    # {count}: people who improved but are not named
    digest_improved_more = text(
        vi="và {count} người khác",
        en="and {count:# other|# others}",
    )

    # {principles}: short forms, separated by "; "
    digest_first_right = text(
        vi="🎯 Lần đầu cả nhóm trả lời đúng: {principles}",
        en="🎯 Right as a team for the first time: {principles}",
    )
