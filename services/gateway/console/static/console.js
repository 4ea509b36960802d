// The Argus console: a fleet user signs in, then every section reads the same REST APIs and
// live feeds any client uses. Tokens live in sessionStorage (this tab only) and travel in
// Authorization headers, never in a URL.
"use strict";

const BEHAVIORS = ["Safe", "Unsafe", "Eating/Drinking", "Single Hand", "Tamper"];
const PLAY_FPS = 4;
const MAX_PAGES = 40;
const FEED_RETRY_MAX_MS = 15000;

const $ = (selector) => document.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

// ---------------------------------------------------------------- session

const session = {
  get token() { return sessionStorage.getItem("argus.token") || ""; },
  get halpToken() { return sessionStorage.getItem("argus.halp") || ""; },
  user: null,
  expiryTimer: null,
};

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function tokenExpiry(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).exp * 1000;
  } catch {
    return 0;
  }
}

function signOut(message) {
  sessionStorage.removeItem("argus.token");
  sessionStorage.removeItem("argus.halp");
  session.user = null;
  clearTimeout(session.expiryTimer);
  feed.stop();
  liveView.stop();
  player.stop();
  $("#signin-message").textContent = message || "";
  location.hash = "#/signin";
  route();
}

function expired() {
  signOut("Your session has expired. Sign in again.");
}

function failureText(status, body, fallback) {
  if (body && typeof body === "object") {
    const reason = body.error || body.message || (body.error && body.error.message);
    if (reason) return `${reason} (${status})`;
  }
  if (typeof body === "string" && body.trim()) return `${body.trim().slice(0, 200)} (${status})`;
  if (status === 503 || status === 502 || status === 504) {
    return `The service behind this page is unavailable (${status}). Try again shortly.`;
  }
  return `${fallback} (${status})`;
}

async function readBody(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// A ServerAPI call with the user's token; a 401 means the token expired or was revoked.
async function api(path, { method = "GET", body } = {}) {
  const headers = { Authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "The gateway cannot be reached. Check the network and try again.");
  }
  const answer = await readBody(response);
  if (response.status === 401) {
    expired();
    throw new ApiError(401, "Your session has expired.");
  }
  if (!response.ok) throw new ApiError(response.status, failureText(response.status, answer, "Refused"));
  return answer && typeof answer === "object" && "data" in answer ? answer.data : answer;
}

async function allPages(path, key) {
  const items = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const separator = path.includes("?") ? "&" : "?";
    const data = await api(`${path}${separator}page=${page}`);
    items.push(...data[key]);
    if (page >= data.totalPages) break;
  }
  return items;
}

// ---------------------------------------------------------------- time

function parseTime(text) {
  if (!text) return null;
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const moment = new Date(zoned);
  return Number.isNaN(moment.getTime()) ? null : moment;
}

function ago(text) {
  const moment = parseTime(text);
  if (!moment) return "";
  const seconds = Math.max(0, Math.round((Date.now() - moment.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

// "2020-02-19T12:59:02.123Z" -> "2020-02-19 12:59:02": every time shown is UTC.
function shown(text) {
  return text ? text.replace("T", " ").replace(/\.\d+/, "").replace(/Z$/, "") : "";
}

function timeCell(text) {
  return el("time", { dateTime: text || "", text: shown(text) });
}

function refreshAges() {
  for (const node of document.querySelectorAll("[data-ago]")) {
    node.textContent = ago(node.getAttribute("data-ago"));
  }
}

// ---------------------------------------------------------------- live feed (SSE over fetch)

// One event stream per signed-in tab; views subscribe. It reconnects with backoff and resumes
// from the last event id it saw (Last-Event-ID), so a gateway or fleet restart loses nothing.
const feed = {
  controller: null,
  listeners: new Set(),
  lastId: "",
  retryMs: 1000,

  start() {
    if (this.controller) return;
    this.controller = new AbortController();
    this.run(this.controller.signal);
  },

  stop() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.lastId = "";
    $("#feed-status").hidden = true;
  },

  say(text, kind) {
    const line = $("#feed-status");
    line.textContent = text;
    line.className = kind;
    line.hidden = !text;
  },

  async run(signal) {
    while (!signal.aborted) {
      try {
        await this.read(signal);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
      }
      if (signal.aborted) return;
      this.say(`Live updates paused; reconnecting in ${Math.round(this.retryMs / 1000)} s.`, "warn");
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      this.retryMs = Math.min(this.retryMs * 2, FEED_RETRY_MAX_MS);
    }
  },

  async read(signal) {
    const headers = { Authorization: `Bearer ${session.token}`, Accept: "text/event-stream" };
    if (this.lastId) headers["Last-Event-ID"] = this.lastId;
    const response = await fetch("/api/v1/live/alerts/sse", { headers, signal, cache: "no-store" });
    if (response.status === 401) {
      expired();
      throw new ApiError(401, "expired");
    }
    if (!response.ok) {
      const answer = await readBody(response);
      this.say(`Live updates refused: ${failureText(response.status, answer, "refused")}`, "error");
      throw new ApiError(response.status, "refused");
    }
    this.say("", "");
    this.retryMs = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new ApiError(0, "ended");
      buffer += value.replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  },

  dispatch(block) {
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("id:")) this.lastId = line.slice(3).trim();
      else if (line.startsWith("data:")) data += line.slice(5).trim();
    }
    if (!data) return;
    let event;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(event);
  },
};

// ---------------------------------------------------------------- sign-in

async function signIn(event) {
  event.preventDefault();
  const message = $("#signin-message");
  message.textContent = "Signing in…";
  const username = $("#signin-username").value.trim();
  const password = $("#signin-password").value;
  let response;
  try {
    response = await fetch("/api/v1/login/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    message.textContent = "The gateway cannot be reached.";
    return;
  }
  const answer = await readBody(response);
  if (!response.ok) {
    message.textContent = response.status === 401 || response.status === 403
      ? "Wrong username or password."
      : failureText(response.status, answer, "Sign-in failed");
    return;
  }
  sessionStorage.setItem("argus.token", answer.data.token);
  $("#signin-password").value = "";
  message.textContent = "";
  await start();
  location.hash = "#/fleet";
}

async function start() {
  session.user = await api("/api/v1/user/me/");
  $("#who-name").textContent = session.user.username;
  $("#who-role").textContent = session.user.role;
  const expiry = tokenExpiry(session.token);
  clearTimeout(session.expiryTimer);
  if (expiry) session.expiryTimer = setTimeout(expired, Math.max(0, expiry - Date.now()));
  feed.start();
}

function canAct() {
  return session.user && (session.user.role === "admin" || session.user.role === "operator");
}

// ---------------------------------------------------------------- fleet overview

const fleetView = {
  trucks: new Map(),
  thumbTimers: new Map(),

  async show() {
    const message = $("#fleet-message");
    const grid = $("#trucks");
    message.textContent = "Loading trucks…";
    grid.replaceChildren();
    let trucks;
    try {
      trucks = await allPages("/api/v1/console/trucks/", "trucks");
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    message.textContent = trucks.length
      ? ""
      : "No truck yet. A truck appears here once its Jetson device registers.";
    this.trucks.clear();
    for (const truck of trucks) {
      this.trucks.set(truck.id, truck);
      grid.append(this.card(truck));
      this.showFrame(truck.id, truck.last_frame);
    }
  },

  showFrame(truckId, frame) {
    const card = document.getElementById(`truck-${truckId}`);
    if (!card) return;
    const note = card.querySelector(".thumb-note");
    if (!frame) {
      note.textContent = "No frame yet";
      return;
    }
    card.querySelector(".thumb").src = `data:image/jpeg;base64,${frame.frame_image}`;
    note.textContent = `Frame of ${shown(frame.frame_timestamp)}`;
  },

  card(truck) {
    const alert = truck.last_alert;
    const lastAlert = alert
      ? el("p", { class: "last-alert" },
        el("a", { href: `#/alert/${alert.id}`, text: `${alert.behavior} #${alert.id}` }), " ",
        el("span", { class: alert.alert_end ? "state closed" : "state open", text: alert.alert_end ? "closed" : "open" }), " ",
        el("span", { class: "ago", "data-ago": alert.alert_init, text: ago(alert.alert_init) }))
      : el("p", { class: "last-alert none", text: "No alert yet" });
    const view = el("button", { type: "button", class: "view", text: "Live view" });
    view.addEventListener("click", () => liveView.start(truck));
    return el("article", { class: "card truck", id: `truck-${truck.id}` },
      el("img", { class: "thumb", alt: `newest frame of ${truck.name || "truck " + truck.id}` }),
      el("p", { class: "thumb-note", text: "Loading frame…" }),
      el("h2", { text: truck.name || `Truck ${truck.id}` }),
      el("p", { class: "truck-id", text: `Truck ${truck.id}${truck.mac ? " · " + truck.mac : ""}` }),
      lastAlert, view);
  },

  async thumbnail(truckId) {
    // Only called once the truck has a frame, so the newest one exists.
    try {
      const data = await api(`/api/v1/truck/laststatus/?truck_id=${truckId}`);
      this.showFrame(truckId, data.frame);
    } catch (error) {
      const card = document.getElementById(`truck-${truckId}`);
      if (card) card.querySelector(".thumb-note").textContent = error.message;
    }
  },

  onEvent(event) {
    const truckId = (event.alert && event.alert.truck_id) || (event.frame && event.frame.truck_id);
    if (!truckId || !this.trucks.has(truckId)) {
      if (truckId && currentView === "fleet") this.show();
      return;
    }
    if (event.alert && (event.kind === "opened" || event.kind === "closed")) {
      const truck = { ...this.trucks.get(truckId), last_alert: event.alert };
      this.trucks.set(truckId, truck);
      const card = document.getElementById(`truck-${truckId}`);
      if (card) {
        const fresh = this.card(truck);
        fresh.classList.add("fresh");
        const thumb = card.querySelector(".thumb");
        fresh.querySelector(".thumb").replaceWith(thumb);
        fresh.querySelector(".thumb-note").replaceWith(card.querySelector(".thumb-note"));
        card.replaceWith(fresh);
      }
    }
    if (event.kind === "frame_added" && !this.thumbTimers.has(truckId)) {
      // Frames can arrive many times a second; one thumbnail refresh per second is enough.
      this.thumbTimers.set(truckId, setTimeout(() => {
        this.thumbTimers.delete(truckId);
        this.thumbnail(truckId);
      }, 1000));
    }
  },
};

// A truck's MJPEG view, read with fetch so the token stays in a header.
const liveView = {
  controller: null,
  objectUrl: "",

  stop() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = "";
    $("#truck-live").hidden = true;
    $("#truck-live-image").removeAttribute("src");
  },

  async start(truck) {
    this.stop();
    const panel = $("#truck-live");
    panel.hidden = false;
    $("#truck-live-title").textContent = `${truck.name || "Truck " + truck.id}, live`;
    const status = $("#truck-live-status");
    status.textContent = "Waiting for a frame…";
    this.controller = new AbortController();
    try {
      await this.read(truck.id, this.controller.signal, status);
      status.textContent = "The live view ended.";
    } catch (error) {
      if (!this.controller || this.controller.signal.aborted) return;
      status.textContent = error instanceof ApiError ? error.message : "The live view was interrupted.";
    }
  },

  async read(truckId, signal, status) {
    const response = await fetch(`/api/v1/live/trucks/${truckId}/mjpeg`, {
      headers: { Authorization: `Bearer ${session.token}` }, signal, cache: "no-store",
    });
    if (response.status === 401) {
      expired();
      throw new ApiError(401, "expired");
    }
    if (!response.ok) {
      throw new ApiError(response.status, failureText(response.status, await readBody(response), "Refused"));
    }
    const boundary = (response.headers.get("content-type").match(/boundary=([^;]+)/) || [])[1];
    const marker = new TextEncoder().encode(`--${boundary}\r\nContent-Type: image/jpeg\r\n\r\n`);
    const reader = response.body.getReader();
    let buffer = new Uint8Array(0);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer = concat(buffer, value);
      for (;;) {
        const first = indexOf(buffer, marker, 0);
        if (first < 0) break;
        const next = indexOf(buffer, marker, first + marker.length);
        if (next < 0) break;
        // A part is its image and a CRLF before the next part's headers.
        this.show(buffer.slice(first + marker.length, next - 2));
        status.textContent = "";
        buffer = buffer.slice(next);
      }
    }
  },

  show(jpeg) {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = URL.createObjectURL(new Blob([jpeg], { type: "image/jpeg" }));
    $("#truck-live-image").src = this.objectUrl;
  },
};

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function indexOf(haystack, needle, from) {
  outer: for (let i = from; i <= haystack.length - needle.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

// ---------------------------------------------------------------- alerts

const alertsView = {
  page: 1,
  filters: {},

  query(extra = {}) {
    const params = new URLSearchParams();
    const all = { ...this.filters, ...extra };
    for (const [key, value] of Object.entries(all)) if (value) params.set(key, value);
    return params.toString();
  },

  readFilters() {
    const since = $("#filter-since").value;
    this.filters = {
      behavior: $("#filter-behavior").value,
      truck_id: $("#filter-truck").value,
      started: $("#filter-state").value,
      alert_init: since ? `${since.length === 16 ? since + ":00" : since}` : "",
    };
  },

  async fillTrucks() {
    const select = $("#filter-truck");
    if (select.options.length > 1) return;
    try {
      for (const truck of await allPages("/api/v1/truck/list/", "trucks")) {
        select.append(el("option", { value: String(truck.id), text: truck.name || `Truck ${truck.id}` }));
      }
    } catch {
      // The list still works without the truck names.
    }
  },

  async show() {
    this.fillTrucks();
    await Promise.all([this.load(), this.counts()]);
  },

  async load() {
    const message = $("#alerts-message");
    const rows = $("#alerts-table tbody");
    message.textContent = "Loading alerts…";
    let data;
    try {
      data = await api(`/api/v1/alert/?${this.query({ page: String(this.page) })}`);
    } catch (error) {
      rows.replaceChildren();
      message.textContent = error.status === 404 && this.page > 1 ? "No alert on this page." : error.message;
      return;
    }
    rows.replaceChildren(...data.alerts.map((alert) => this.row(alert, false)));
    message.textContent = data.alerts.length ? "" : "No alert matches these filters.";
    $("#alerts-page").textContent = data.totalItems
      ? `Page ${data.page} of ${data.totalPages} · ${data.totalItems} alerts`
      : "";
    $("#alerts-prev").disabled = this.page <= 1;
    $("#alerts-next").disabled = this.page >= data.totalPages;
  },

  async counts() {
    const list = $("#behavior-counts");
    const answers = await Promise.allSettled(BEHAVIORS.map(
      (behavior) => api(`/api/v1/alert/?${this.query({ behavior, page: "1" })}`)));
    list.replaceChildren(...BEHAVIORS.map((behavior, i) => {
      const answer = answers[i];
      const count = answer.status === "fulfilled" ? String(answer.value.totalItems) : "?";
      return el("li", { class: "chip", "data-behavior": behavior },
        `${behavior} `, el("strong", { text: count }));
    }));
  },

  row(alert, fresh) {
    const link = el("a", { href: `#/alert/${alert.id}`, text: `#${alert.id}` });
    return el("tr", { id: `alert-${alert.id}`, class: `${alert.alert_end ? "closed" : "open"}${fresh ? " fresh" : ""}` },
      el("td", {}, link),
      el("td", { class: "truck", text: `Truck ${alert.truck_id}` }),
      el("td", { class: "behavior", text: alert.behavior }),
      el("td", { class: "time" }, timeCell(alert.alert_init)),
      el("td", { class: "state", text: alert.alert_end ? `closed ${shown(alert.alert_end)}` : "open" }));
  },

  matches(alert) {
    const f = this.filters;
    if (f.behavior && f.behavior !== alert.behavior) return false;
    if (f.truck_id && Number(f.truck_id) !== alert.truck_id) return false;
    if (f.started === "False") return false;
    if (f.alert_init && parseTime(alert.alert_init) < parseTime(f.alert_init)) return false;
    return true;
  },

  onEvent(event) {
    if (!event.alert) return;
    const row = document.getElementById(`alert-${event.alert.id}`);
    if (event.kind === "closed" && row) {
      row.replaceWith(this.row(event.alert, true));
    } else if (event.kind === "opened" && this.page === 1 && !row && this.matches(event.alert)) {
      $("#alerts-table tbody").prepend(this.row(event.alert, true));
      $("#alerts-message").textContent = "";
      const chip = document.querySelector(`.chip[data-behavior="${CSS.escape(event.alert.behavior)}"] strong`);
      if (chip && chip.textContent !== "?") chip.textContent = String(Number(chip.textContent) + 1);
    }
  },
};

// ---------------------------------------------------------------- alert detail

const player = {
  frames: [],
  position: 0,
  timer: null,

  load(frames) {
    this.stop();
    this.frames = frames;
    const scrubber = $("#player-scrubber");
    scrubber.max = String(Math.max(1, frames.length));
    $("#player").hidden = frames.length === 0;
    if (frames.length) this.seek(0);
  },

  seek(position) {
    this.position = Math.max(0, Math.min(position, this.frames.length - 1));
    const frame = this.frames[this.position];
    const image = $("#player-frame");
    image.src = `data:image/jpeg;base64,${frame.frame_image}`;
    image.setAttribute("data-frame-id", String(frame.id));
    $("#player-scrubber").value = String(this.position + 1);
    $("#player-label").textContent =
      `Frame ${this.position + 1} of ${this.frames.length} · index ${frame.frame_index} · ${shown(frame.frame_timestamp)}`;
  },

  play() {
    if (!this.frames.length) return;
    if (this.position >= this.frames.length - 1) this.seek(0);
    $("#player-play").textContent = "Pause";
    this.timer = setInterval(() => {
      if (this.position >= this.frames.length - 1) {
        this.stop();
        return;
      }
      this.seek(this.position + 1);
    }, 1000 / PLAY_FPS);
  },

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    $("#player-play").textContent = "Play";
  },

  toggle() {
    if (this.timer) this.stop();
    else this.play();
  },
};

const alertView = {
  alert: null,
  notice: "",

  async show(alertId) {
    const message = $("#alert-message");
    if (!this.alert || this.alert.id !== alertId) this.notice = "";
    message.textContent = "Loading the alert…";
    $("#alert-title").textContent = `Alert #${alertId}`;
    $("#alert-facts").replaceChildren();
    $("#alert-timeline").replaceChildren();
    $("#alert-close").hidden = true;
    player.load([]);
    let frames;
    try {
      this.alert = (await api(`/api/v1/alert/${alertId}/`)).alert;
      frames = await allPages(`/api/v1/log/?alert_id=${alertId}`, "frames");
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    frames.sort((a, b) => a.frame_index - b.frame_index
      || parseTime(a.frame_timestamp) - parseTime(b.frame_timestamp) || a.id - b.id);
    message.textContent = [this.notice, frames.length ? "" : "This alert has no frame yet."]
      .filter(Boolean).join(" ");
    this.render(frames);
    player.load(frames);
  },

  render(frames) {
    const alert = this.alert;
    $("#alert-title").textContent = `Alert #${alert.id}: ${alert.behavior}`;
    const facts = [
      ["Truck", `Truck ${alert.truck_id}`],
      ["Behaviour", alert.behavior],
      ["Started", shown(alert.alert_init)],
      ["State", alert.alert_end ? `closed ${shown(alert.alert_end)}` : "open"],
      ["Frames", String(frames.length)],
    ];
    $("#alert-facts").replaceChildren(...facts.flatMap(([term, value]) => [
      el("dt", { text: term }), el("dd", { text: value })]));
    const steps = [el("li", {}, "Opened ", timeCell(alert.alert_init))];
    for (const frame of frames) {
      steps.push(el("li", { class: "frame-step" }, `Frame ${frame.frame_index} `, timeCell(frame.frame_timestamp)));
    }
    steps.push(alert.alert_end
      ? el("li", {}, "Closed ", timeCell(alert.alert_end))
      : el("li", { class: "open", text: "Still open" }));
    $("#alert-timeline").replaceChildren(...steps);
    $("#alert-close").hidden = !(canAct() && !alert.alert_end);
  },

  async close() {
    if (!this.alert || !confirm(`Close alert #${this.alert.id}?`)) return;
    const message = $("#alert-message");
    const now = new Date().toISOString().slice(0, 19);
    try {
      const begin = this.alert.alert_init;
      await api("/api/v1/alert/", {
        method: "PUT", body: { alert_id: this.alert.id, alert_end: now > begin ? now : begin },
      });
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    this.notice = "Alert closed.";
    await this.show(this.alert.id);
  },

  onEvent(event) {
    if (this.alert && event.alert && event.alert.id === this.alert.id && event.kind !== "opened") {
      this.show(this.alert.id);
    }
  },
};

// ---------------------------------------------------------------- HALP

async function halp(path, form) {
  const options = { method: form ? "POST" : "GET", headers: { Authorization: `Bearer ${session.halpToken}` } };
  if (form) options.body = new URLSearchParams(form);
  let response;
  try {
    response = await fetch(path, { ...options, cache: "no-store" });
  } catch {
    throw new ApiError(0, "The gateway cannot be reached.");
  }
  if (!response.ok) {
    const answer = await readBody(response);
    if (response.status === 403) throw new ApiError(403, "This HALP token is not accepted.");
    throw new ApiError(response.status, failureText(response.status, answer, "Refused"));
  }
  return response;
}

const halpView = {
  objectUrls: [],

  async show() {
    const message = $("#halp-message");
    const cards = $("#halp-sessions");
    cards.replaceChildren();
    for (const url of this.objectUrls) URL.revokeObjectURL(url);
    this.objectUrls = [];
    if (!session.halpToken) {
      message.textContent = "Enter a HALP token to see its sessions.";
      $("#halp-match").hidden = true;
      return;
    }
    message.textContent = "Loading sessions…";
    let sessions;
    try {
      sessions = await (await halp("/get_sessions", {})).json();
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    message.textContent = sessions.length ? "" : "No HALP session is configured.";
    const select = $("#halp-match-session");
    select.replaceChildren(el("option", { value: "", text: "all sessions" }),
      ...sessions.map((name) => el("option", { value: name, text: name })));
    $("#halp-match").hidden = sessions.length === 0;
    for (const name of sessions) {
      const card = el("article", { class: "card session", id: `halp-${name}` },
        el("h2", { text: name }), el("p", { class: "session-note", text: "Loading history…" }));
      cards.append(card);
      this.history(name, card);
    }
  },

  async history(name, card) {
    const note = card.querySelector(".session-note");
    let submissions;
    try {
      const answer = await (await halp(`/sessions/${encodeURIComponent(name)}/history?limit=200`)).json();
      submissions = answer.submissions;
    } catch (error) {
      note.textContent = error.message;
      return;
    }
    if (!submissions.length) {
      note.textContent = "No player count submitted yet.";
      return;
    }
    const latest = submissions[0];
    note.textContent = `${latest.playerCount} players, ${ago(latest.submittedAt)} (${submissions.length} submissions)`;
    card.append(chart(submissions.slice().reverse()));
    const ocr = submissions.find((s) => s.uploads);
    if (ocr) {
      const shots = el("div", { class: "shots" });
      card.append(el("h3", { text: `Last screenshots (${shown(ocr.submittedAt)})` }), shots);
      for (const [label, path] of Object.entries(ocr.uploads)) this.screenshot(path, label, shots);
    }
  },

  async screenshot(path, label, into) {
    try {
      const blob = await (await halp(path)).blob();
      const url = URL.createObjectURL(blob);
      this.objectUrls.push(url);
      into.append(el("figure", {}, el("img", { src: url, alt: label }), el("figcaption", { text: label })));
    } catch (error) {
      into.append(el("p", { text: `${label}: ${error.message}` }));
    }
  },

  async match(event) {
    event.preventDefault();
    const message = $("#halp-match-message");
    const result = $("#halp-match-result");
    const names = $("#halp-match-names").value.split(/[\n,]/).map((n) => n.trim()).filter(Boolean);
    message.textContent = "Matching…";
    result.replaceChildren();
    let sessions;
    try {
      const form = { session: $("#halp-match-session").value, playerList: names.join(",") };
      sessions = await (await halp("/read_player_list", form)).json();
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    message.textContent = Object.keys(sessions).length ? "" : "No session has an OCR'd player list yet.";
    for (const [name, match] of Object.entries(sessions)) result.append(matchTable(name, match));
  },
};

function matchTable(name, match) {
  if (!match.matched.length && !Object.keys(match.unmatched).length) {
    return el("section", { class: "match" }, el("h3", { text: `${name}: no OCR'd player list yet` }));
  }
  const rows = [
    ...match.matched.map((player) => el("tr", { class: "matched" },
      el("td", { text: player }), el("td", { text: "matched" }), el("td", { text: player }), el("td", { text: "" }))),
    ...Object.entries(match.unmatched).map(([player, best]) => el("tr", { class: "unmatched" },
      el("td", { text: player }), el("td", { text: "unmatched" }),
      el("td", { text: best.matchName || "" }), el("td", { text: String(best.matchChance) }))),
  ];
  const count = match.playerCount === null ? "" : ` · ${match.playerCount} players counted`;
  return el("section", { class: "match" },
    el("h3", { text: `${name}: ${match.matched.length} matched, ${Object.keys(match.unmatched).length} unmatched${count}` }),
    el("table", {},
      el("thead", {}, el("tr", {}, ...["OCR'd name", "Result", "Best roster name", "Score"].map((h) => el("th", { text: h })))),
      el("tbody", {}, ...rows)));
}

// A small SVG line chart of player counts over time; each submission is a point.
function chart(submissions) {
  const width = 560;
  const height = 180;
  const pad = { left: 36, right: 12, top: 12, bottom: 28 };
  const times = submissions.map((s) => parseTime(s.submittedAt).getTime());
  const counts = submissions.map((s) => s.playerCount);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const top = Math.max(1, ...counts);
  const x = (t) => pad.left + (t1 === t0 ? (width - pad.left - pad.right) / 2 : ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right));
  const y = (c) => pad.top + (1 - c / top) * (height - pad.top - pad.bottom);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": "player count over time" });
  root.append(svg("line", { x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0), class: "axis" }));
  root.append(svg("line", { x1: pad.left, y1: pad.top, x2: pad.left, y2: y(0), class: "axis" }));
  for (const [value, anchor] of [[top, pad.top + 4], [0, y(0)]]) {
    const label = svg("text", { x: pad.left - 6, y: anchor, "text-anchor": "end", class: "label" });
    label.textContent = String(value);
    root.append(label);
  }
  for (const [time, anchor] of [[t0, "start"], [t1, "end"]]) {
    const label = svg("text", { x: anchor === "start" ? pad.left : width - pad.right, y: height - 8, "text-anchor": anchor, class: "label" });
    label.textContent = new Date(time).toISOString().slice(0, 16).replace("T", " ");
    root.append(label);
  }
  const points = submissions.map((_, i) => `${x(times[i])},${y(counts[i])}`).join(" ");
  root.append(svg("polyline", { points, class: "line" }));
  submissions.forEach((submission, i) => {
    const dot = svg("circle", { cx: x(times[i]), cy: y(counts[i]), r: 3.5, class: "point", "data-count": counts[i] });
    const title = svg("title");
    title.textContent = `${submission.playerCount} players at ${submission.submittedAt}`;
    dot.append(title);
    root.append(dot);
  });
  return root;
}

// ---------------------------------------------------------------- DFairPlay and MAC

const fairplayView = {
  async show() {
    const message = $("#fairplay-message");
    message.textContent = "Loading sessions…";
    let data;
    try {
      data = await api("/api/v1/console/fairplay/");
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    message.textContent = "";
    $("#fairplay-sessions tbody").replaceChildren(...(data.sessions.length
      ? data.sessions.map((s) => el("tr", {},
        el("td", { text: s.id }), el("td", { text: s.game }),
        el("td", { text: s.players.length ? s.players.map((p) => `${p.player_id} (${p.ip})`).join(", ") : "none" }),
        el("td", {}, timeCell(s.expires_at))))
      : [el("tr", {}, el("td", { colSpan: 4, class: "empty", text: "No open session." }))]));
    $("#fairplay-incidents tbody").replaceChildren(...(data.incidents.length
      ? data.incidents.map((i) => el("tr", {},
        el("td", {}, timeCell(i.occurred_at)), el("td", { text: i.client_id || "" }), el("td", { text: i.ip }),
        el("td", { text: i.kind }), el("td", { text: i.detail })))
      : [el("tr", {}, el("td", { colSpan: 5, class: "empty", text: "No incident reported recently." }))]));
  },
};

const macView = {
  async show() {
    const message = $("#mac-message");
    message.textContent = "Loading clients…";
    let data;
    try {
      data = await api("/api/v1/console/mac/");
    } catch (error) {
      message.textContent = error.message;
      return;
    }
    message.textContent = "";
    $("#mac-clients tbody").replaceChildren(...(data.clients.length
      ? data.clients.map((c) => el("tr", {},
        el("td", { text: c.client }), el("td", { text: c.map || "" }),
        el("td", { class: "players", text: String(c.players) }),
        el("td", { class: "verdicts", text: Object.entries(c.verdicts).map(([v, n]) => `${v} ${n}`).join(", ") || "none" }),
        el("td", {}, timeCell(c.updated_at))))
      : [el("tr", {}, el("td", { colSpan: 5, class: "empty", text: "No MAC client has sent a lobby yet." }))]));
  },
};

// ---------------------------------------------------------------- routing

let currentView = "";

const VIEWS = {
  fleet: () => fleetView.show(),
  alerts: () => alertsView.show(),
  alert: (id) => alertView.show(Number(id)),
  halp: () => halpView.show(),
  fairplay: () => fairplayView.show(),
  mac: () => macView.show(),
};

async function route() {
  const [name, argument] = location.hash.replace(/^#\/?/, "").split("/");
  const signedIn = Boolean(session.token);
  const view = !signedIn ? "signin" : VIEWS[name] ? name : "fleet";
  currentView = view;
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  $("#nav").hidden = !signedIn;
  $("#who").hidden = !signedIn;
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.view === view || (view === "alert" && link.dataset.view === "alerts")) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  if (view !== "fleet") liveView.stop();
  if (view !== "alert") player.stop();
  if (view === "signin") {
    $("#signin-username").focus();
    return;
  }
  if (!session.user) {
    try {
      await start();
    } catch (error) {
      if (error.status !== 401) $("#signin-message").textContent = error.message;
      return;
    }
  }
  await VIEWS[view](argument);
}

function wire() {
  $("#signin-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", () => signOut("Signed out."));
  $("#truck-live-close").addEventListener("click", () => liveView.stop());
  $("#alert-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    alertsView.readFilters();
    alertsView.page = 1;
    alertsView.show();
  });
  $("#alerts-prev").addEventListener("click", () => { alertsView.page -= 1; alertsView.load(); });
  $("#alerts-next").addEventListener("click", () => { alertsView.page += 1; alertsView.load(); });
  $("#player-play").addEventListener("click", () => player.toggle());
  $("#player-back").addEventListener("click", () => { player.stop(); player.seek(player.position - 1); });
  $("#player-next").addEventListener("click", () => { player.stop(); player.seek(player.position + 1); });
  $("#player-scrubber").addEventListener("input", (event) => {
    player.stop();
    player.seek(Number(event.target.value) - 1);
  });
  $("#player").addEventListener("keydown", (event) => {
    if (event.key === " " && event.target.tagName !== "BUTTON") { event.preventDefault(); player.toggle(); }
  });
  $("#alert-close").addEventListener("click", () => alertView.close());
  $("#halp-token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("argus.halp", $("#halp-token").value.trim());
    $("#halp-token").value = "";
    halpView.show();
  });
  $("#halp-match-form").addEventListener("submit", (event) => halpView.match(event));
  for (const behavior of BEHAVIORS) $("#filter-behavior").append(el("option", { value: behavior, text: behavior }));
  feed.listeners.add((event) => fleetView.onEvent(event));
  feed.listeners.add((event) => { if (currentView === "alerts") alertsView.onEvent(event); });
  feed.listeners.add((event) => { if (currentView === "alert") alertView.onEvent(event); });
  window.addEventListener("hashchange", route);
  setInterval(refreshAges, 15000);
}

wire();
route();
