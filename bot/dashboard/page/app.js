// The team dashboard: plain JavaScript, no build step, nothing from another host.
// Every text from the server goes into the page with textContent, never as HTML.
"use strict";
(function () {
  var hash = new URLSearchParams(location.hash.slice(1));
  var query = new URLSearchParams(location.search);
  var auth = {};
  var L = {};       // the page's texts, from the server in the reader's language
  var data = null;  // the last overview
  var editing = null;  // the tip number being edited, or null for a new tip
  var chartUrl = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  // The server's blanks filled as text: {name}, and {count:# tip|# tips} (one, other).
  function fmt(template, values) {
    return String(template).replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, function (m, k, one, other) {
      if (!(k in values)) return m;
      if (one === undefined) return String(values[k]);
      return (values[k] === 1 ? one : other).replace(/#/g, String(values[k]));
    });
  }
  function status(text, bad) {
    var s = $("status");
    s.textContent = text || "";
    s.className = bad ? "bad" : "";
  }

  // --- Telegram: initData and theme from the URL's fragment ----------------------------
  function tg(event, payload) {
    try {
      var proxy = window.TelegramWebviewProxy;
      if (proxy && proxy.postEvent) proxy.postEvent(event, JSON.stringify(payload || {}));
      else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: event, eventData: payload || {} }), "https://web.telegram.org");
    } catch (e) { /* outside Telegram */ }
  }
  // --- colours that stay readable (WCAG AA, 4.5:1) whatever theme Telegram sends --------
  function rgb(hex) {
    var h = hex.replace("#", "");
    if (h.length === 3 || h.length === 4) h = h.split("").map(function (c) { return c + c; }).join("");
    return [0, 2, 4].map(function (i) { return parseInt(h.slice(i, i + 2), 16); });
  }
  function hexOf(c) {
    return "#" + c.map(function (v) { return ("0" + Math.round(v).toString(16)).slice(-2); }).join("");
  }
  function luminance(c) {
    var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // Moves ``fg`` towards black or white (whichever reads better on every background)
  // until it reads on each of them at 4.6:1; a colour that already does is kept.
  function readable(fg, backgrounds) {
    var worst = function (c) { return Math.min.apply(null, backgrounds.map(function (b) { return contrast(c, b); })); };
    if (worst(fg) >= 4.6) return fg;
    var darkBg = backgrounds.every(function (b) { return luminance(b) < 0.18; });
    var target = darkBg ? [255, 255, 255] : [0, 0, 0];
    for (var t = 0.05; t <= 1.0001; t += 0.05) {
      var c = fg.map(function (v, i) { return v + (target[i] - v) * t; });
      if (worst(c) >= 4.6) return c;
    }
    return target;
  }
  function cssColour(name) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return /^#[0-9a-fA-F]{3,8}$/.test(value) ? rgb(value) : null;
  }
  function theme(given) {
    var params = given;
    if (!params) {
      var raw = hash.get("tgWebAppThemeParams");
      if (!raw) return;
      try { params = JSON.parse(raw); } catch (e) { return; }
    }
    if (!params || typeof params !== "object") return;
    var map = { bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
      button_color: "--button", button_text_color: "--button-text", secondary_bg_color: "--card" };
    var root = document.documentElement.style;
    Object.keys(map).forEach(function (k) {
      if (typeof params[k] === "string" && /^#[0-9a-fA-F]{3,8}$/.test(params[k])) {
        root.setProperty(map[k], params[k]);
      }
    });
    // Telegram's own palettes put hints, links and button labels under 4.5:1 on some
    // backgrounds: keep their hue, darken or lighten them just enough.
    var bg = cssColour("--bg"), card = cssColour("--card"), text = cssColour("--text");
    var button = cssColour("--button"), label = cssColour("--button-text");
    if (!bg || !card || !text || !button || !label) return;
    root.setProperty("--text", hexOf(readable(text, [bg, card])));
    ["--hint", "--link", "--bad"].forEach(function (name) {
      var c = cssColour(name);
      if (c) root.setProperty(name, hexOf(readable(c, [bg, card])));
    });
    root.setProperty("--button", hexOf(readable(button, [label])));
  }

  async function call(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (auth.session) headers["Authorization"] = "Bearer " + auth.session;
    if (auth.initData) { headers["X-Telegram-Init-Data"] = auth.initData; headers["X-Team-Token"] = auth.team || ""; }
    if (body !== undefined) headers["Content-Type"] = "application/json";
    var response = await fetch(path, { method: method, headers: headers, credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (path.slice(-4) === ".png") {
      if (!response.ok) return null;
      return await response.blob();
    }
    var answer = {};
    try { answer = await response.json(); } catch (e) { answer = {}; }
    if (!response.ok) {
      var err = new Error(answer.message || String(response.status));
      err.status = response.status;
      throw err;
    }
    return answer;
  }

  async function signIn() {
    var code = hash.get("login");
    if (code) {
      history.replaceState(null, "", location.pathname + location.search);  // once only
      var done = await call("POST", "api/login", { code: code });
      sessionStorage.setItem("cskh-session", done.session);
    }
    auth.session = sessionStorage.getItem("cskh-session");
    if (!auth.session) {
      auth.initData = hash.get("tgWebAppData") || "";
      auth.team = query.get("t") || "";
    }
  }

  // --- drawing ------------------------------------------------------------------------
  function table(headers, rows, numeric) {
    var t = el("table");
    var head = el("tr");
    headers.forEach(function (h, i) {
      var th = el("th", h, numeric[i] ? "num" : "");
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (cell, i) {
        if (cell instanceof Node) { var td = el("td", null, numeric[i] ? "num" : ""); td.appendChild(cell); tr.appendChild(td); }
        else tr.appendChild(el("td", cell, numeric[i] ? "num" : ""));
      });
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    return t;
  }

  function board(part, title, people) {
    var box = document.createDocumentFragment();
    box.appendChild(el("h3", title));
    if (!part.length) { box.appendChild(el("p", L.nobody, "hint")); return box; }
    var wrap = el("div", null, "scroll");
    wrap.appendChild(table([L.rank, L.name, L.right], part.map(function (r) {
      var right = el("span", r.correct + "/" + r.answered + " · " + r.percent + "%");
      if (r.streak) {  // as /bxh: a streak only when there is one
        right.appendChild(document.createElement("br"));
        var s = el("span", "🔥 " + fmt(L.streak, { days: r.streak }), "hint");
        right.appendChild(s);
      }
      return [r.rank, r.name, right];
    }), [true, false, true]));
    box.appendChild(wrap);
    if (people > part.length) box.appendChild(el("p", fmt(L.more, { count: people - part.length }), "hint"));
    return box;
  }

  function drawBoard() {
    var b = $("board"); b.replaceChildren();
    b.appendChild(board(data.leaderboard.week, L.week, data.leaderboard.week_people));
    b.appendChild(board(data.leaderboard.all_time, L.all_time, data.leaderboard.all_time_people));
  }

  function drawHardest() {
    var list = $("hardest"); list.replaceChildren();
    if (!data.hardest.length) list.appendChild(el("li", L.hardest_none));
    data.hardest.forEach(function (p) {
      var li = el("li", p.label + " — " + p.percent + "% · " + fmt(L.answers, { count: p.answered }));
      list.appendChild(li);
    });
  }

  function drawMisses() {
    var list = $("misses"); list.replaceChildren();
    if (!data.misses_kept) { list.appendChild(el("li", L.misses_off)); return; }
    if (!data.misses.length) list.appendChild(el("li", L.misses_none));
    data.misses.forEach(function (m) {
      var li = el("li");
      li.appendChild(el("span", m.query + " (" + fmt(L.times, { count: m.count }) + ") "));
      var b = el("button", L.tip_for_this, "link"); b.type = "button";
      b.addEventListener("click", function () { openForm(null, m.query); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  function drawTips() {
    $("tips-count").textContent = fmt(L.tips_count, { count: data.tips.length, limit: data.tip_limit });
    var t = $("tips"); t.replaceChildren();
    if (!data.tips.length) { t.appendChild(el("p", L.tips_none, "hint")); return; }
    var rows = data.tips.map(function (tip, i) {
      var actions = el("div", null, "row");
      var edit = el("button", L.edit, "secondary"); edit.type = "button";
      edit.setAttribute("aria-label", L.edit + ": " + tip.principle);
      edit.addEventListener("click", function () { openForm(tip); });
      var del = el("button", L.delete, "secondary"); del.type = "button";
      del.setAttribute("aria-label", L.delete + ": " + tip.principle);
      // Two presses, no dialog: window.confirm is not shown by every Telegram app.
      del.addEventListener("click", function () {
        if (del.dataset.armed) { removeTip(tip, del); return; }
        del.dataset.armed = "1"; del.textContent = L.confirm_delete;
        setTimeout(function () { delete del.dataset.armed; del.textContent = L.delete; }, 5000);
      });
      actions.appendChild(edit); actions.appendChild(del);
      var words = el("div");
      words.appendChild(el("strong", tip.principle));
      words.appendChild(el("p", tip.passage.length > 180 ? tip.passage.slice(0, 179) + "…" : tip.passage, "hint"));
      if (tip.short) words.appendChild(el("p", "“" + tip.short + "”", "hint"));
      words.appendChild(actions);
      return [i + 1, words];
    });
    t.appendChild(table(["#", L.principle], rows, [true, false]));
  }

  function openForm(tip, asked) {
    var f = $("tip-form");
    editing = tip ? tip.number : null;
    ["principle", "passage", "source", "short"].forEach(function (k) { f.elements[k].value = tip ? (tip[k] || "") : ""; });
    $("tip-asked").textContent = asked ? fmt(L.asked, { query: asked }) : "";
    $("tip-asked").hidden = !asked;
    f.hidden = false;
    f.elements.principle.focus();
  }

  async function act(method, path, body, button) {
    if (button) button.disabled = true;
    try {
      var done = await call(method, path, body);
      status(done.message || L.saved);
      await load();
      return true;
    } catch (e) {
      status(e.message, true);
      return false;
    } finally {
      if (button) button.disabled = false;
    }
  }

  async function removeTip(tip, button) {
    await act("DELETE", "api/tips/" + tip.number, undefined, button);
  }

  function field(labelText, input) {
    var label = el("label"); label.appendChild(el("span", labelText)); label.appendChild(input); return label;
  }

  function drawSchedule() {
    var sc = data.schedule, box = $("schedule"); box.replaceChildren();
    var admin = data.admin;
    if (!sc.subscribed) box.appendChild(el("p", L.not_subscribed, "hint"));
    else {
      if (sc.zone) box.appendChild(el("p", fmt(L.zone, { zone: sc.zone }), "hint"));
      if (sc.paused) box.appendChild(el("p", sc.paused_forever ? L.paused_forever : fmt(L.paused_until, { day: sc.paused_through })));
      else if (sc.next) box.appendChild(el("p", fmt(L.next, { moment: sc.next })));
    }
    var time = el("input"); time.type = "time"; time.value = sc.time; time.disabled = !admin; time.required = true;
    box.appendChild(field(L.time, time));
    var days = el("fieldset", null, "days"); days.appendChild(el("legend", L.days));
    var boxes = L.day_names.map(function (name, d) {
      var c = el("input"); c.type = "checkbox"; c.checked = sc.days.indexOf(d) >= 0; c.disabled = !admin;
      var label = el("label"); label.appendChild(c); label.appendChild(el("span", name)); days.appendChild(label);
      return c;
    });
    box.appendChild(days);
    if (admin) {
      var save = el("button", L.save); save.type = "button";
      save.addEventListener("click", function () {
        var chosen = []; boxes.forEach(function (c, d) { if (c.checked) chosen.push(d); });
        act("PUT", "api/schedule", { time: time.value, days: chosen }, save);
      });
      box.appendChild(save);
    }
    if (!sc.subscribed) return;
    if (admin) {
      if (sc.paused) {
        var resume = el("button", L.resume); resume.type = "button";
        resume.addEventListener("click", function () { act("POST", "api/resume", {}, resume); });
        box.appendChild(resume);
      } else {
        var n = el("input"); n.type = "number"; n.min = "1"; n.max = "365"; n.inputMode = "numeric";
        box.appendChild(field(L.pause_days, n));
        var pause = el("button", L.pause, "secondary"); pause.type = "button";
        pause.addEventListener("click", function () {
          act("POST", "api/pause", { days: n.value === "" ? "" : Number(n.value) }, pause);
        });
        box.appendChild(pause);
      }
    }
    var topics = el("fieldset", null, "topics"); topics.appendChild(el("legend", L.topics));
    data.topics.forEach(function (t) {
      var c = el("input"); c.type = "checkbox"; c.checked = sc.topics.indexOf(t.id) >= 0; c.disabled = !admin;
      c.addEventListener("change", function () { act("POST", "api/topics", { topic: t.id }, c); });
      var label = el("label"); label.appendChild(c); label.appendChild(el("span", t.name)); topics.appendChild(label);
    });
    box.appendChild(topics);
    box.appendChild(el("h3", L.quiz));
    var quiz = el("input"); quiz.type = "time"; quiz.value = sc.quiz || ""; quiz.disabled = !admin;
    box.appendChild(field(L.quiz_time, quiz));
    if (admin) {
      var q = el("button", L.save, "secondary"); q.type = "button";
      q.addEventListener("click", function () { act("PUT", "api/quiz", { time: quiz.value }, q); });
      box.appendChild(q);
    }
  }

  // The chart's weekly figures as a table too: for screen readers, and if the image fails.
  function drawWeeks() {
    var box = $("weeks"); box.replaceChildren();
    if (!data.chart) return;
    var details = el("details"); details.appendChild(el("summary", L.weeks));
    var wrap = el("div", null, "scroll");
    wrap.appendChild(table([L.week_of, L.people, L.accuracy], data.weeks.map(function (w) {
      return [w.week, w.people, w.percent === null ? "–" : w.percent + "%"];
    }), [false, true, true]));
    details.appendChild(wrap);
    box.appendChild(details);
  }

  async function drawChart() {
    var box = $("chart");
    if (!data.chart) { box.replaceChildren(el("p", L.no_chart, "hint")); return; }
    var blob = await call("GET", "api/chart.png");
    if (!blob) { box.replaceChildren(el("p", L.no_chart, "hint")); return; }
    if (chartUrl) URL.revokeObjectURL(chartUrl);
    chartUrl = URL.createObjectURL(blob);
    var img = el("img", null, "chart"); img.alt = L.chart_alt; img.src = chartUrl;
    img.width = 1080; img.height = 1500;
    box.replaceChildren(img);
  }

  function texts() {
    document.documentElement.lang = data.lang;
    document.title = L.title;
    $("title").textContent = L.title;
    $("note").textContent = L.member_note; $("note").hidden = data.admin;
    $("chart-h").textContent = L.chart; $("board-h").textContent = L.leaderboard;
    $("hardest-h").textContent = L.hardest; $("misses-h").textContent = L.misses;
    $("tips-h").textContent = L.tips; $("schedule-h").textContent = L.schedule;
    $("tip-new").textContent = L.add; $("tip-save").textContent = L.save; $("tip-cancel").textContent = L.cancel;
    ["principle", "passage", "source", "short"].forEach(function (k) { $("l-" + k).textContent = L[k]; });
  }

  async function load() {
    data = await call("GET", "api/team");
    L = data.labels;
    texts();
    ["chart-section", "hardest-section", "misses-section", "tips-section"].forEach(function (id) { $(id).hidden = !data.admin; });
    drawBoard();
    drawSchedule();
    if (data.admin) { drawWeeks(); drawHardest(); drawMisses(); drawTips(); }
    $("main").hidden = false;
  }

  // Telegram tells an open Mini App when the user switches between light and dark: through
  // window.Telegram.WebView.receiveEvent in the apps, by postMessage in Telegram Web.
  function onEvent(type, payload) {
    if (type === "theme_changed" && payload) theme(payload.theme_params);
  }
  window.Telegram = window.Telegram || {};
  window.Telegram.WebView = window.Telegram.WebView || { receiveEvent: onEvent };
  window.addEventListener("message", function (ev) {
    if (ev.origin !== "https://web.telegram.org") return;
    try { var m = JSON.parse(ev.data); onEvent(m.eventType, m.eventData); } catch (e) { /* not Telegram's */ }
  });

  async function start() {
    theme();
    tg("web_app_ready");
    tg("web_app_expand");
    $("tip-new").addEventListener("click", function () { openForm(null); });
    $("tip-cancel").addEventListener("click", function () { $("tip-form").hidden = true; });
    $("tip-form").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      var f = ev.target, body = {};
      ["principle", "passage", "source", "short"].forEach(function (k) { body[k] = f.elements[k].value; });
      var ok = editing === null ? await act("POST", "api/tips", body, $("tip-save"))
        : await act("PUT", "api/tips/" + editing, body, $("tip-save"));
      if (ok) f.hidden = true;
    });
    try {
      await signIn();
      await load();
      status("");
      if (data.admin) await drawChart();
    } catch (e) {
      status(e.message, true);  // the server's sentence, in the reader's language
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
