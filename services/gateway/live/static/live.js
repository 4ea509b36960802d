// Argus live alerts: Socket.IO namespace /alert, get_alert {username, token}, then an_alert
// (and alert_closed) events. The token lives only in this script's memory.
"use strict";

const form = document.getElementById("login");
const statusLine = document.getElementById("status");
const rows = document.querySelector("#alerts tbody");
const empty = document.getElementById("empty");
const viewer = document.getElementById("viewer");
const mjpeg = document.getElementById("mjpeg");
const viewerStatus = document.getElementById("viewer-status");

let socket = null;
let credentials = null;
// The id of the last event shown: a new registration resumes after it, so nothing is missed.
let lastEventId = null;
let retryTimer = null;

function setStatus(text, kind) {
  statusLine.textContent = text;
  statusLine.className = kind;
}

function refused(answer) {
  const code = answer && answer.code ? answer.code : "?";
  const reason = answer && answer.error ? answer.error : "no reason given";
  if (code === 503) {
    // An outage: keep the connection and register again a little later, from lastEventId.
    setStatus(`The alert feed is unavailable (503: ${reason}); retrying...`, "error");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(register, 5000);
    return;
  }
  setStatus(`Refused (${code}): ${reason}. Check the username and token, then press Watch.`, "error");
  if (socket) socket.disconnect();
}

function register() {
  if (!socket || !credentials) return;
  const request = { ...credentials };
  if (lastEventId !== null) request.after_event_id = lastEventId;
  socket.emit("get_alert", request, (answer) => {
    if (answer && answer.code === 200) setStatus(`Watching alerts as ${credentials.username}.`, "ok");
    else refused(answer);
  });
}

function remember(message) {
  if (message && typeof message.event_id === "number") lastEventId = message.event_id;
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function viewButton(truckId) {
  const td = document.createElement("td");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "view";
  button.textContent = "Live view";
  button.addEventListener("click", () => showTruck(truckId));
  td.append(button);
  return td;
}

function showAlert(alert, fresh) {
  const state = alert.alert_end ? "closed" : "open";
  const row = document.createElement("tr");
  row.id = `alert-${alert.id}`;
  row.dataset.alertId = alert.id;
  row.className = fresh ? `${state} fresh` : state;
  row.append(
    cell(`#${alert.id}`),
    cell(`truck ${alert.truck_id}`, "truck"),
    cell(alert.behavior, "behavior"),
    cell(alert.alert_init, "time"),
    cell(alert.alert_end ? `closed ${alert.alert_end}` : "open", "state"),
    viewButton(alert.truck_id),
  );
  const known = document.getElementById(row.id);
  if (known) known.replaceWith(row);
  else rows.prepend(row);
  empty.hidden = true;
}

function showTruck(truckId) {
  if (!credentials) return;
  const token = encodeURIComponent(credentials.token);
  viewer.hidden = false;
  document.getElementById("viewer-title").textContent = `Truck ${truckId}, live`;
  viewerStatus.textContent = "Waiting for a frame...";
  mjpeg.src = `/api/v1/live/trucks/${encodeURIComponent(truckId)}/mjpeg?token=${token}`;
}

function closeTruck() {
  mjpeg.removeAttribute("src");
  viewer.hidden = true;
}

function connect(username, token) {
  if (socket) socket.disconnect();
  closeTruck();
  clearTimeout(retryTimer);
  credentials = { username, token };
  lastEventId = null;
  setStatus("Connecting...", "pending");
  socket = io("/alert");
  // Also after an automatic reconnection: the gateway forgets a client that went away.
  socket.on("connect", register);
  socket.on("an_alert", (message) => {
    remember(message);
    showAlert(message.alert, true);
  });
  socket.on("alert_closed", (message) => {
    remember(message);
    showAlert(message.alert, false);
  });
  socket.on("alert_error", refused);
  socket.on("connect_error", (error) => {
    setStatus(`Cannot reach the gateway (${error.message}); retrying...`, "error");
  });
  socket.on("disconnect", (reason) => {
    if (reason !== "io client disconnect") setStatus(`Disconnected (${reason}); retrying...`, "error");
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  connect(form.username.value.trim(), form.token.value.trim());
});
mjpeg.addEventListener("load", () => {
  viewerStatus.textContent = "";
});
mjpeg.addEventListener("error", () => {
  if (mjpeg.getAttribute("src")) viewerStatus.textContent = "The live view was refused or ended.";
});
document.getElementById("viewer-close").addEventListener("click", closeTruck);
