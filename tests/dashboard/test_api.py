"""The page's API as Telegram users reach it: who may read, who may change, and that every
answer is text the page shows as text, under a strict Content-Security-Policy."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from bot.models import MAX_TEAM_TIPS, QuizPoll
from bot.strings import EN, VI
from tests.conftest import TOKEN, reply_to
from tests.dashboard.conftest import ADMIN, GROUP, MEMBER, OUTSIDER, SETTINGS, Page
from tests.support.strings import shows, values

pytestmark = pytest.mark.settings(**SETTINGS)

TIP = {"principle": "Nghe hết rồi mới trả lời", "passage": "Để khách nói xong, tóm tắt lại "
       "điều khách cần rồi mới đưa giải pháp.", "source": "", "short": "Nghe hết"}
PAGE = Path(__file__).resolve().parents[2] / "bot" / "dashboard" / "page"


async def test_the_page_loads_under_a_strict_policy_and_sets_no_cookie(page: Page) -> None:
    total = 0
    for path in ("/app/", "/app/app.js", "/app/app.css"):
        response = await page.client.get(path)
        assert response.status == 200
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Set-Cookie" not in response.headers
        total += len(await response.read())
    assert total < 150_000
    status, _data = await page.call("GET", "team", ADMIN)
    assert status == 200
    assert "Set-Cookie" not in (await page.client.get("/app/api/team")).headers


def test_the_page_never_writes_html() -> None:
    """Names, tips and questions go in as text: no API in the page takes HTML."""
    script = (PAGE / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in script
    assert "<script>" not in (PAGE / "index.html").read_text(encoding="utf-8")  # no inline


def test_the_page_needs_no_other_host() -> None:
    """No CDN, no font or script from elsewhere: the page loads where only the bot's own
    server is reachable (Telegram Web is only told, by postMessage, that the page is ready)."""
    import re

    for name in ("index.html", "app.js", "app.css"):
        text = (PAGE / name).read_text(encoding="utf-8")
        hosts = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", text))
        assert hosts <= {"https://web.telegram.org"}, (name, hosts)
        assert "@import" not in text and "url(" not in text


@pytest.mark.parametrize("forge", ["hash", "stale", "missing", "other team", "made up team"])
async def test_a_call_not_signed_for_this_team_gets_401(page: Page, forge: str) -> None:
    headers = page.as_user(ADMIN)
    if forge == "hash":
        headers["X-Telegram-Init-Data"] = headers["X-Telegram-Init-Data"].replace(
            "hash=", "hash=0")
    elif forge == "stale":
        headers = page.as_user(ADMIN, auth_date=time.time() - 86_400 - 60)
    elif forge == "missing":
        del headers["X-Telegram-Init-Data"]
    elif forge == "other team":  # a token signed for one team, its number changed
        _chat, expires, mac = page.team(GROUP).split(".")
        headers["X-Team-Token"] = f"{GROUP - 1}.{expires}.{mac}"
    else:
        headers["X-Team-Token"] = str(GROUP)
    response = await page.client.get("/app/api/team", headers=headers)
    assert response.status == 401
    assert shows((await response.json())["message"], VI.dash_error_auth)
    response = await page.client.post("/app/api/tips", json=TIP, headers=headers)
    assert response.status == 401
    assert await page.bot.services.storage.team_tips.of_chat(GROUP) == []


async def test_members_read_what_the_chat_shows_them_and_change_nothing(page: Page) -> None:
    status, data = await page.call("GET", "team", MEMBER)
    assert status == 200 and data["admin"] is False
    assert "leaderboard" in data and "schedule" in data
    for admins_only in ("tips", "misses", "hardest", "chart", "weeks"):
        assert admins_only not in data  # /stats and /mytips are the admins' in the chat
    status, _ = await page.call("GET", "chart.png", MEMBER)
    assert status == 403
    status, data = await page.call("POST", "tips", MEMBER, TIP)
    assert status == 403 and shows(data["message"], VI.dash_error_admin)
    status, _ = await page.call("POST", "topics", MEMBER, {"topic": "x"})
    assert status == 403
    assert await page.bot.services.storage.team_tips.of_chat(GROUP) == []


async def test_someone_outside_the_team_reads_nothing(page: Page) -> None:
    status, data = await page.call("GET", "team", OUTSIDER)
    assert status == 403 and shows(data["message"], VI.dash_error_not_member)


async def test_a_demoted_admin_changes_nothing_from_then_on(page: Page) -> None:
    status, _ = await page.call("POST", "tips", ADMIN, TIP)
    assert status == 200
    page.api.set_chat_member(GROUP, ADMIN, "member")
    status, data = await page.call("POST", "tips", ADMIN, {**TIP, "principle": "Khác"})
    assert status == 403 and shows(data["message"], VI.dash_error_admin)
    assert len(await page.bot.services.storage.team_tips.of_chat(GROUP)) == 1


async def test_html_in_a_tip_or_a_name_comes_back_as_the_same_text(page: Page) -> None:
    evil = '<img src=x onerror="alert(1)"><b>Chào</b>'
    status, _ = await page.call("POST", "tips", ADMIN, {**TIP, "principle": evil})
    assert status == 200
    storage = page.bot.services.storage
    now = page.bot.clock()
    tip = page.bot.services.corpus.tips[0].id
    poll = QuizPoll("p1", GROUP, tip, (tip, "x", "y"), 0, now.date(), 1, False)
    await storage.quiz_polls.record(poll, now)
    await storage.quiz_answers.record(poll, MEMBER, evil, 0, now)
    _, data = await page.call("GET", "team", ADMIN, language="en")
    assert data["tips"][0]["principle"] == evil  # as typed: the page inserts it as text
    assert data["leaderboard"]["all_time"][0]["name"] == evil
    assert data["labels"]["title"] == EN.dash_page_title  # the reader's language


async def test_tips_are_checked_like_addtip(page: Page) -> None:
    status, data = await page.call("POST", "tips", ADMIN, {**TIP, "principle": "  "})
    assert status == 400
    assert values(data["message"], VI.dash_error_tip_empty) == {"field": VI.dash_page_principle}
    status, data = await page.call("POST", "tips", ADMIN, {**TIP, "passage": "x" * 5000})
    assert status == 400 and "5000" not in data["message"]
    assert (await page.call("POST", "tips", ADMIN, TIP))[0] == 200
    status, data = await page.call("POST", "tips", ADMIN, TIP)
    assert status == 409 and shows(data["message"], VI.dash_error_tip_already)
    status, data = await page.call("POST", "tips", ADMIN, {**TIP, "principle": ["x"]})
    assert status == 400
    storage = page.bot.services.storage
    await storage.team_tips.add_many(GROUP, [
        type("T", (), {"principle": f"P{n}", "passage": "x", "source": "", "short": "",
                       "situations": ()})() for n in range(MAX_TEAM_TIPS)], None)
    status, data = await page.call("POST", "tips", ADMIN, {**TIP, "principle": "Mới"})
    assert status == 409
    assert values(data["message"], VI.dash_error_tip_limit) == {"limit": str(MAX_TEAM_TIPS)}


async def test_an_oversize_body_is_refused(page: Page) -> None:
    response = await page.client.post("/app/api/tips", data=b"{" + b" " * 40_000 + b"}",
                                      headers={**page.as_user(ADMIN),
                                               "Content-Type": "application/json"})
    assert response.status == 413
    assert await page.bot.services.storage.team_tips.of_chat(GROUP) == []


async def test_a_body_nested_past_any_use_is_a_bad_request(
        page: Page, caplog: pytest.LogCaptureFixture) -> None:
    """Well under the size limit, 8,000 nested brackets still overflow Python's reader:
    that is the sender's fault (400), not the server's (500 and a logged traceback)."""
    response = await page.client.post("/app/api/tips", data=b"[" * 8000 + b"]" * 8000,
                                      headers={**page.as_user(ADMIN),
                                               "Content-Type": "application/json"})
    assert response.status == 400
    assert shows((await response.json())["message"], VI.dash_error_bad_request)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.parametrize("forged", [["07:30"], {"h": 7}, True, 7.5])
async def test_a_time_that_is_not_text_is_refused_without_showing_code(
        page: Page, forged: object) -> None:
    """The page sends times as text; anything else is a forged call, refused in words
    (not with Python's spelling of a list or a dict, nor True)."""
    for path, body in (("schedule", {"time": forged, "days": [0]}),
                       ("quiz", {"time": forged})):
        status, data = await page.call("PUT", path, ADMIN, body)
        assert status == 400 and shows(data["message"], VI.dash_error_bad_request), data


async def test_one_user_is_slowed_down_and_others_are_not(page: Page) -> None:
    statuses = [(await page.call("GET", "team", MEMBER))[0] for _ in range(40)]
    assert 429 in statuses and statuses[0] == 200
    status, _data = await page.call("GET", "team", ADMIN)
    assert status == 200


async def test_an_edit_through_the_page_shows_in_mytips(page: Page) -> None:
    status, added = await page.call("POST", "tips", ADMIN, TIP)
    assert status == 200
    number = added["number"]
    edited = {**TIP, "principle": "Lắng nghe trọn vẹn trước khi trả lời"}
    status, _ = await page.call("PUT", f"tips/{number}", ADMIN, edited)
    assert status == 200
    page.api.set_chat_member(GROUP, ADMIN, "administrator")
    text = await reply_to(page.api, GROUP, "/mytips", user_id=ADMIN)
    assert "Lắng nghe trọn vẹn trước khi trả lời" in text
    assert "Nghe hết rồi mới trả lời" not in text
    status, _ = await page.call("DELETE", f"tips/{number}", ADMIN)
    assert status == 200
    assert shows(await reply_to(page.api, GROUP, "/mytips", user_id=ADMIN), VI.mytips_empty)
    status, _data = await page.call("DELETE", f"tips/{number}", ADMIN)
    assert status == 404


async def test_the_schedule_changes_as_the_commands_change_it(page: Page) -> None:
    status, data = await page.call("POST", "pause", ADMIN, {"days": 3})
    assert status == 409 and shows(data["message"], VI.dash_error_not_subscribed)
    status, _ = await page.call("PUT", "schedule", ADMIN, {"time": "09:15", "days": [0, 2, 4]})
    assert status == 200
    sub = await page.bot.services.subscriptions.get(GROUP)
    assert sub is not None and f"{sub.time_of_day:%H:%M}" == "09:15" and sub.days == 0b10101
    topic = page.bot.services.corpus.topics[0].id
    status, data = await page.call("POST", "topics", ADMIN, {"topic": topic})
    assert status == 200 and data["topics"] == [topic]
    text = await reply_to(page.api, GROUP, "/status", user_id=MEMBER)
    assert "09:15" in text
    assert (await page.call("PUT", "quiz", ADMIN, {"time": "16:00"}))[0] == 200
    assert f"{await page.bot.services.storage.quiz_settings.daily_time(GROUP):%H:%M}" == "16:00"
    assert (await page.call("POST", "pause", ADMIN, {"days": 2}))[0] == 200
    _, data = await page.call("GET", "team", MEMBER)
    assert data["schedule"]["paused"] is True and data["schedule"]["quiz"] == "16:00"
    assert (await page.call("POST", "resume", ADMIN, {}))[0] == 200
    status, data = await page.call("POST", "resume", ADMIN, {})
    assert status == 409
    for bad in ({"time": "25:00", "days": [0]}, {"time": "Asia/Tokyo", "days": [0]},
                {"time": "08:00", "days": []}, {"time": "08:00", "days": [7]}):
        assert (await page.call("PUT", "schedule", ADMIN, bad))[0] == 400
    sub = await page.bot.services.subscriptions.get(GROUP)
    assert sub is not None and sub.timezone == page.bot.settings.timezone


async def test_a_private_chat_is_its_users_own_team(page: Page) -> None:
    status, data = await page.call("GET", "team", 77, chat_id=77)
    assert status == 200 and data["admin"] is True
    status, _ = await page.call("GET", "team", 78, chat_id=77)
    assert status == 403


async def test_the_bot_token_is_in_no_answer(page: Page) -> None:
    secret = TOKEN.split(":")[1]
    team = page.team()
    assert secret not in team
    for path in ("/app/", "/app/app.js", "/app/api/team"):
        response = await page.client.get(path, headers=page.as_user(ADMIN))
        assert secret not in await response.text()
        assert all(secret not in v for v in response.headers.values())


@pytest.mark.process  # the chart's worker process (bot/chartworker.py)
async def test_admins_get_the_stats_chart_light_enough_for_a_phone(page: Page) -> None:
    status, data = await page.call("GET", "chart.png", ADMIN)
    assert status == 404 and shows(data["message"], VI.dash_page_no_chart)  # no answers yet
    storage, now = page.bot.services.storage, page.bot.clock()
    tip = page.bot.services.corpus.tips[0].id
    poll = QuizPoll("p2", GROUP, tip, (tip, "x", "y"), 0, now.date(), 1, False)
    await storage.quiz_polls.record(poll, now)
    for user in range(1, 6):
        await storage.quiz_answers.record(poll, user, f"Người {user}", user % 2, now)
    _, overview = await page.call("GET", "team", ADMIN)
    assert overview["chart"] is True
    assert len(overview["weeks"]) == 8  # the chart's figures as text too
    assert overview["weeks"][-1]["people"] == 5 and overview["weeks"][-1]["percent"] == 40
    response = await page.client.get("/app/api/chart.png", headers=page.as_user(ADMIN))
    assert response.status == 200 and response.content_type == "image/png"
    body = await response.read()
    from PIL import Image

    with Image.open(io.BytesIO(body)) as image:
        assert image.size[0] == 1080  # /stats' image, as Telegram gets it
    assert len(body) < 80_000  # the page's copy: fewer colours, a fraction of the bytes
