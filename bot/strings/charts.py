"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Charts:
    """The image /stats and the weekly digest send: its titles and labels."""

    __slots__ = ()

    # {weeks}: how many weeks the chart shows
    chart_title = text(
        vi="Câu đố của nhóm: {weeks} tuần gần nhất",
        en="Team quizzes: the last {weeks} weeks",
    )

    # the bars: people who answered in the week
    chart_people = text(
        vi="Số người trả lời",
        en="People who answered",
    )

    # the line: the week's right answers, in percent
    chart_accuracy = text(
        vi="Tỉ lệ đúng (%)",
        en="Right answers (%)",
    )

    # under the week axis
    chart_weeks = text(
        vi="Tuần bắt đầu từ thứ Hai",
        en="Weeks starting on Monday",
    )

    # {day} {month} (numbers): a week's Monday
    chart_week = text(
        vi="{day:02d}/{month:02d}",
        en="{day}/{month}",
    )

    # {weeks}: the principles the team finds hardest
    chart_hardest = text(
        vi="Nguyên tắc nhóm thấy khó nhất ({weeks} tuần)",
        en="The principles the team finds hardest ({weeks} weeks)",
    )

    # {accuracy} {answered}: beside a principle's bar
    chart_hardest_row = text(
        vi="{accuracy}% đúng · {answered} câu trả lời",
        en="{accuracy}% right · {answered:# answer|# answers}",
    )

    # {count}: no principle has that many answers yet
    chart_no_hardest = text(
        vi="Chưa nguyên tắc nào có đủ {count} câu trả lời.",
        en="No principle has {count:# answer|# answers} yet.",
    )
