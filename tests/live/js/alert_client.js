// The seed's browser code under Node, with the same socket.io-client 2.2.0:
//   node alert_client.js URL USERNAME TOKEN [polling|websocket|both] [ack|noack]
// connects to URL/alert, emits get_alert and prints one JSON line per thing that happens
// ({"event": "connect" | "ack" | "an_alert" | "alert_closed" | "alert_error" | "upgrade" |
// "error" | "disconnect", "data": ...}).
// A line "disconnect" on stdin disconnects (as a closed tab would); closing stdin does too.
"use strict";
const io = require("socket.io-client");
const readline = require("readline");

const [url, username, token, only = "both", ack = "ack"] = process.argv.slice(2);
const print = (event, data) => process.stdout.write(JSON.stringify({ event, data }) + "\n");

const options = only === "both" ? {} : { transports: [only] };
const socket = io.connect(url + "/alert", Object.assign({ reconnection: false }, options));

socket.on("connect", () => print("connect", socket.io.engine.transport.name));
socket.io.engine.on("upgrade", (transport) => print("upgrade", transport.name));
socket.on("an_alert", (msg) => print("an_alert", msg));
socket.on("alert_closed", (msg) => print("alert_closed", msg));
socket.on("alert_error", (msg) => print("alert_error", msg));
socket.on("error", (err) => print("error", String(err)));
socket.on("connect_error", (err) => print("error", String(err)));
socket.on("disconnect", (reason) => print("disconnect", reason));
// As the seed's page does (it emits before the connection is open: the client buffers it);
// the seed passes no acknowledgement callback ("noack").
if (ack === "ack") {
  socket.emit("get_alert", { username, token }, (body) => print("ack", body));
} else {
  socket.emit("get_alert", { username, token });
}

let done = false;
const leave = () => {
  if (done) return;
  done = true;
  socket.disconnect();
  // Let the close packet go out before the process ends.
  setTimeout(() => process.exit(0), 200);
};
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "disconnect") leave();
});
process.stdin.on("end", leave);
