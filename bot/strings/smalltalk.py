"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class SmallTalk:
    """Answers to chat that is not a question; each one offers a way forward."""

    __slots__ = ()

    chat_greeting = text(
        vi="Chào bạn! 👋 Bạn cứ kể tình huống đang gặp với khách, mình tìm nguyên tắc "
        "phù hợp. Ví dụ: “khách chờ 2 tuần chưa ai gọi lại”. Hoặc bấm nút dưới để nhận một mẹo.",
        en="Hi! 👋 Tell me what is happening with a customer and I will find the "
        "principle that fits, e.g. “a customer waited two weeks for a call back”. Or press the "
        "button for a tip.",
    )

    chat_thanks = text(
        vi="Không có gì ạ! 😊 Khi cần, bạn cứ kể tình huống với khách, mình tìm mẹo "
        "giúp.",
        en="You're welcome! 😊 Whenever you need one, just describe the situation.",
    )

    chat_ack = text(
        vi="Ok bạn! Lúc nào cần cứ nhắn tình huống đang gặp, hoặc bấm nút dưới để xem "
        "thêm một mẹo.",
        en="Okay! Describe a situation with a customer any time, or press the button for "
        "another tip.",
    )

    chat_laugh = text(
        vi="😄 Vui vậy là tốt rồi! Muốn thêm một mẹo cho cả đội thì bấm nút dưới nhé.",
        en="😄 Glad to hear it! Press the button if the team wants another tip.",
    )

    chat_bye = text(
        vi="Tạm biệt bạn! 👋 Chúc cả đội một ngày phục vụ khách thật tốt.",
        en="Bye! 👋 Have a great day serving your customers.",
    )

    chat_presence = text(
        vi="Mình đây! 🙋 Mình là trợ lý CSKH: bạn kể tình huống với khách (có dấu "
        "hay không dấu đều được), mình gửi nguyên tắc phù hợp. Gõ /help để xem thêm.",
        en="I'm here! 🙋 I'm a customer-care coach: describe a situation with a "
        "customer and I'll send the principle that fits. Type /help for more.",
    )

    chat_offside = text(
        vi="Mình chỉ là trợ lý chăm sóc khách hàng thôi 🙂 Bạn kể tình huống đang gặp với "
        "khách, mình tìm nguyên tắc phù hợp; hoặc bấm nút dưới để nhận một mẹo.",
        en="I'm only a customer-care coach 🙂 Describe a situation with a customer and I'll "
        "find the principle that fits, or press the button for a tip.",
    )

    chat_emoji = text(
        vi="Mình nhận được rồi! 😊 Bạn muốn tìm mẹo gì thì cứ gõ tình huống hoặc từ "
        "khóa nhé.",
        en="Got it! 😊 Type a situation or a few words whenever you want a tip.",
    )
