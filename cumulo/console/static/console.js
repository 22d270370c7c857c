// cumulo console: the shell (routing, account/region, services), the generic resource browser,
// the live request log and the controls. Service data views are in views.js (Console.views).
// Plain DOM, no framework: every value from the server is set as text, never parsed as HTML.
"use strict";

const API = "api/";
const state = { overview: null, account: "", region: "", es: null, log: [], logFilter: "", logErrorsOnly: false, capture: false };

// ------------------------------------------------------------------ helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, v);
  const s = p.toString();
  return s ? "?" + s : "";
}

async function api(path, opts = {}) {
  const r = await fetch(path.startsWith("/") ? path : API + path, { credentials: "same-origin", ...opts });
  const type = r.headers.get("content-type") || "";
  const body = type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) {
    const e = body && body.error;
    const msg = e && typeof e === "object" ? `${e.code}: ${e.message}` : (e || `${r.status} ${r.statusText}`);
    const err = new Error(msg);
    err.status = r.status;
    throw err;
  }
  return body;
}

// An operation of a service, through its own handler (console/api/call).
function call(service, operation, input, where) {
  const w = where || { account: state.account, region: state.region };
  return api(`call/${service}/${operation}` + qs(w), { method: "POST", body: JSON.stringify(input || {}) });
}

function toast(msg, bad) {
  const t = document.getElementById("toast");
  t.textContent = msg;
  t.className = bad ? "bad" : "";
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, bad ? 6000 : 2500);
}

function copyButton(text) {
  return h("button", { class: "copy", title: "Copy", onclick: async (e) => {
    e.preventDefault(); e.stopPropagation();
    try { await navigator.clipboard.writeText(text); toast("Copied"); }
    catch { const ta = h("textarea", {}, text); document.body.append(ta); ta.select(); document.execCommand("copy"); ta.remove(); toast("Copied"); }
  } }, "copy");
}

function arnCell(arn) { return arn ? h("span", { class: "arn mono", "data-arn": arn }, arn, copyButton(arn)) : ""; }

// ARNs shown in a resource's data views become links to their own views, wherever the server finds
// them (api/locate); watched, so views need do nothing but show ARNs with arnCell.
const arnWatch = new MutationObserver(() => { clearTimeout(linkArns.timer); linkArns.timer = setTimeout(linkArns, 30); });
async function linkArns() {
  const shown = document.getElementById("item"); // a resource's view: its tags and data (not its own ARN)
  const cells = shown ? [...shown.querySelectorAll(".arn[data-arn]:not([data-located])")].slice(0, 200) : [];
  if (!cells.length) return;
  cells.forEach((c) => c.setAttribute("data-located", ""));
  const arns = [...new Set(cells.map((c) => c.dataset.arn))];
  let found;
  try {
    found = (await api("locate", { method: "POST", body: JSON.stringify({ account: state.account, region: state.region, resources: arns.map((arn) => ({ arn })) }) })).found;
  } catch { return; } // links are a help: the ARNs stay as text
  const at = new Map(arns.map((a, i) => [a, found[i]]));
  for (const c of cells) {
    const f = at.get(c.dataset.arn);
    if (f && c.isConnected && c.firstChild) c.firstChild.replaceWith(link(["item", f.service, f.account, f.region, f.table, f.key], c.dataset.arn));
  }
}
function pretty(v) { return h("pre", {}, typeof v === "string" ? v : JSON.stringify(v, null, 2)); }
function when(t) {
  if (t === null || t === undefined || t === "") return "";
  if (typeof t === "number") return new Date(t * (t < 1e11 ? 1000 : 1)).toISOString().replace(".000Z", "Z");
  return String(t);
}
function enc(s) { return encodeURIComponent(s); }
function link(parts, text) { return h("a", { href: "#/" + parts.map(enc).join("/") }, text); }
function guarded(fn) {
  return async (...args) => { try { await fn(...args); } catch (e) { toast(e.message, true); } };
}
function main(...children) {
  const m = document.getElementById("main");
  m.replaceChildren(...children);
  return m;
}
const isGlobal = (x) => x === "_global" || x === "global" || x === "";

// The scopes of a service the selected account and region see: their own, and global ones (S3, IAM).
function scopesFor(svc) {
  return (svc.scopes || []).filter((s) => (s.account === state.account || isGlobal(s.account)) && (s.region === state.region || isGlobal(s.region)));
}
function countFor(svc) {
  return scopesFor(svc).reduce((n, s) => n + s.tables.filter((t) => t.kind === "resource").reduce((a, t) => a + t.count, 0), 0);
}

// ------------------------------------------------------------------ shell

async function loadOverview() {
  state.overview = await api("overview");
  state.overview.loadedAt = Date.now() / 1000;
  const o = state.overview;
  for (const [id, values, dflt] of [["account", o.accounts, o.defaultAccount], ["region", o.regions, o.defaultRegion]]) {
    const sel = document.getElementById(id);
    const current = state[id] || localStorage.getItem("cumulo." + id) || dflt;
    state[id] = values.includes(current) ? current : dflt;
    sel.replaceChildren(...values.map((v) => h("option", { value: v, selected: v === state[id] }, v)));
  }
  document.getElementById("status").textContent =
    `v${o.version} · clock ${when(o.now)}${o.clockOffset ? ` (${o.clockOffset > 0 ? "+" : ""}${Math.round(o.clockOffset)}s)` : ""} · IAM ${o.iam}${o.persistent ? " · persistent" : ""}`;
  renderServices();
}

function renderServices() {
  const route = location.hash.split("/");
  const current = route[1] === "svc" || route[1] === "list" || route[1] === "item" ? decodeURIComponent(route[2] || "") : "";
  const aside = document.getElementById("services");
  aside.replaceChildren(...state.overview.services.map((svc) => {
    const n = countFor(svc);
    return h("a", { href: "#/svc/" + enc(svc.name), class: (current === svc.name ? "on " : "") + (n ? "" : "empty"), "data-service": svc.name },
      h("span", {}, svc.name), h("span", { class: "n" }, n || ""));
  }));
}

const routes = {
  "": viewHome,
  svc: viewService,
  list: viewList,
  item: viewItem,
  log: viewLog,
  controls: viewControls,
};

async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("?")[0].split("/").map(decodeURIComponent);
  const name = parts[0] || "";
  document.querySelectorAll("header nav a").forEach((a) => a.classList.toggle("on",
    a.dataset.nav === (name === "log" ? "log" : name === "controls" ? "controls" : "resources")));
  if (name !== "log" && state.es) { state.es.close(); state.es = null; }
  if (!state.overview || name === "" || name === "svc") await loadOverview();
  else renderServices();
  const view = routes[name] || viewHome;
  try { await view(...parts.slice(1)); } catch (e) { main(h("h1", {}, "Error"), h("p", { class: "error" }, e.message)); }
  // When the first view was on screen (the figure the first-load budget is about).
  if (!performance.getEntriesByName("cumulo:rendered").length) performance.mark("cumulo:rendered");
}

function hashParams() {
  const q = location.hash.split("?")[1] || "";
  return Object.fromEntries(new URLSearchParams(q));
}

// ------------------------------------------------------------------ resource browser

function viewHome() {
  const cards = state.overview.services.map((svc) => {
    const n = countFor(svc);
    return h("a", { class: "card", href: "#/svc/" + enc(svc.name) }, h("b", {}, svc.name), h("span", { class: "muted" }, n ? `${n} resources` : "nothing yet"));
  });
  main(h("h1", {}, `Resources in ${state.account} / ${state.region}`), h("div", { class: "grid" }, cards));
}

function viewService(service) {
  const svc = state.overview.services.find((s) => s.name === service);
  if (!svc) return main(h("h1", {}, service), h("p", {}, "Not a service cumulo implements."));
  const rows = [];
  for (const scope of scopesFor(svc)) {
    for (const t of scope.tables.filter((x) => x.kind === "resource")) {
      rows.push(h("tr", {}, h("td", {}, link(["list", service, scope.account, scope.region, t.name], t.name)),
        h("td", { class: "num" }, t.count), h("td", { class: "muted" }, `${scope.account} / ${scope.region}`)));
    }
  }
  main(h("div", { class: "crumbs" }, link([""], "Resources"), h("span", {}, service)), h("h1", {}, service),
    rows.length ? h("table", {}, h("tr", {}, h("th", {}, "Resource type"), h("th", {}, "Count"), h("th", {}, "Scope")), rows)
      : h("p", { class: "muted" }, `No ${service} resources in ${state.account} / ${state.region}.`));
}

async function viewList(service, account, region, table) {
  const p = hashParams();
  const offset = Number(p.offset || 0), limit = Number(p.limit || 50), q = p.q || "";
  const page = await api(`resources/${enc(service)}` + qs({ account, region, table, offset, limit, q }));
  const base = ["list", service, account, region, table].map(enc).join("/");
  const go = (o, query) => { location.hash = `#/${base}?` + new URLSearchParams({ offset: o, limit, q: query ?? q }); };
  const search = h("input", { type: "text", placeholder: "filter by key", value: q, "data-test": "filter" });
  search.addEventListener("keydown", (e) => { if (e.key === "Enter") go(0, search.value); });
  const rows = page.items.map((it) => h("tr", {},
    h("td", {}, link(["item", service, account, region, table, it.key], it.name)),
    h("td", {}, arnCell(it.arn)), h("td", {}, it.status || ""), h("td", {}, when(it.created))));
  const parent = table.includes("/") ? table.split("/")[1] : null;
  main(
    h("div", { class: "crumbs" }, link([""], "Resources"), link(["svc", service], service), h("span", {}, table)),
    h("h1", {}, `${table} `, h("span", { class: "muted" }, `(${page.total})`)),
    parent ? h("p", { class: "muted" }, "Belongs to ", h("span", { class: "mono" }, parent)) : null,
    h("div", { class: "pager" }, search,
      h("button", { onclick: () => go(Math.max(0, offset - limit)), disabled: offset === 0 }, "‹ Prev"),
      h("span", { class: "muted", "data-test": "range" }, page.total ? `${offset + 1}–${Math.min(offset + limit, page.total)} of ${page.total}` : "none"),
      h("button", { onclick: () => go(offset + limit), disabled: offset + limit >= page.total, "data-test": "next" }, "Next ›")),
    h("table", { "data-test": "resources" }, h("tr", {}, h("th", {}, "Name"), h("th", {}, "ARN"), h("th", {}, "Status"), h("th", {}, "Created")), rows));
}

async function viewItem(service, account, region, table, key) {
  const r = await api(`resource/${enc(service)}` + qs({ account, region, table, key }));
  const tags = Object.entries(r.tags || {});
  const policies = Object.entries(r.policies || {});
  const body = [
    h("div", { class: "crumbs" }, link([""], "Resources"), link(["svc", service], service), link(["list", service, account, region, table], table), h("span", {}, key)),
    h("h1", {}, r.name),
    h("div", { class: "panel" }, h("dl", { class: "kv" },
      h("dt", {}, "Type"), h("dd", {}, `${service} ${table} (${r.type})`),
      h("dt", {}, "ARN"), h("dd", { "data-test": "arn" }, r.arn ? arnCell(r.arn) : h("span", { class: "muted" }, "none")),
      h("dt", {}, "Scope"), h("dd", {}, `${r.account} / ${r.region}`),
      r.created ? [h("dt", {}, "Created"), h("dd", {}, when(r.created))] : null,
      r.status ? [h("dt", {}, "Status"), h("dd", {}, r.status)] : null)),
  ];
  const data = h("div", { id: "data" });
  const item = h("div", { id: "item" });
  arnWatch.disconnect();
  arnWatch.observe(item, { childList: true, subtree: true });
  const rest = [data];
  if (r.children.length) {
    rest.push(h("h2", {}, "Belonging to it"), h("ul", {}, r.children.map((c) =>
      h("li", {}, link(["list", service, account, region, c.name], c.name.split("/")[0]), ` (${c.count})`))));
  }
  rest.push(h("h2", {}, "Tags"), tags.length
    ? h("table", { "data-test": "tags" }, h("tr", {}, h("th", {}, "Key"), h("th", {}, "Value")),
      tags.map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {}, /^arn:/.test(v) ? arnCell(v) : v))))
    : h("p", { class: "muted" }, "No tags."));
  if (policies.length) {
    rest.push(h("h2", {}, "Policies"));
    for (const [where, doc] of policies) rest.push(h("div", { class: "muted mono" }, where), pretty(doc));
  }
  rest.push(h("h2", {}, "Attributes"), pretty(r.attributes));
  item.append(...rest);
  body.push(item);
  main(...body);
  const view = (window.Console.views || {})[`${service}/${table}`];
  if (view) {
    const where = { account: isGlobal(account) ? state.account : account, region: isGlobal(region) ? state.region : region };
    try { await view(data, r, where); } catch (e) { data.append(h("p", { class: "error" }, e.message)); }
  }
  if (window.Console.metricsFor && service !== "cloudwatch") {
    const where = { account: isGlobal(account) ? state.account : account, region: isGlobal(region) ? state.region : region };
    try { await window.Console.metricsFor(data, r, where); } catch (e) { data.append(h("p", { class: "error" }, e.message)); }
  }
}

// ------------------------------------------------------------------ live request log

function logRow(r) {
  const err = r.error || r.status >= 400;
  return h("tr", { class: err ? "bad" : "", "data-id": r.id, onclick: () => showRequest(r.id) },
    h("td", {}, new Date(r.time * 1000).toISOString().slice(11, 23)),
    h("td", {}, r.service || "-"), h("td", {}, r.operation || r.path, r.method === "CALL" ? h("span", { class: "muted", title: "run through services.call: another service's effect, or the console" }, " · internal") : null),
    h("td", { class: err ? "status-err" : "" }, r.status), h("td", { class: "num" }, r.ms.toFixed(1)),
    h("td", {}, r.account), h("td", {}, r.region), h("td", { class: "mono" }, (r.caller || "").split(":").pop()),
    h("td", { class: "msg" }, r.error ? `${r.error.code}: ${r.error.message}` : ""));
}

function logMatches(r) {
  if (state.logErrorsOnly && !(r.error || r.status >= 400)) return false;
  const f = state.logFilter.toLowerCase();
  return !f || [r.service, r.operation, r.path, String(r.status), r.account, r.region, r.caller, r.error && r.error.code].some((x) => (x || "").toLowerCase().includes(f));
}

function renderLog() {
  const tbody = document.getElementById("log-rows");
  if (!tbody) return;
  tbody.replaceChildren(...state.log.filter(logMatches).slice(-500).reverse().map(logRow));
}

async function showRequest(id) {
  const r = await api(`log/${id}`);
  const box = document.getElementById("log-detail");
  const b = r.bodies;
  const show = (x) => !x ? h("p", { class: "muted" }, "Not captured (turn on body capture first).")
    : x.streamed ? h("p", { class: "muted" }, `Streamed (${x.contentType || "?"}), not kept.`)
    : pretty(x.text !== undefined ? x.text : `base64: ${x.base64}`);
  box.replaceChildren(h("h2", {}, `${r.service} ${r.operation} → ${r.status}`),
    h("div", { class: "muted mono" }, `${r.method} ${r.path} · ${r.requestId} · ${r.caller}`),
    r.error ? h("p", { class: "error" }, `${r.error.code}: ${r.error.message}`) : null,
    h("h2", {}, "Request body"), show(b && b.request), h("h2", {}, "Response body"), show(b && b.response));
}

async function viewLog() {
  const first = await api("log");
  state.log = first.records;
  state.capture = first.capture;
  const filter = h("input", { type: "text", placeholder: "filter: service, operation, status, error…", value: state.logFilter, size: 40, "data-test": "log-filter" });
  filter.addEventListener("input", () => { state.logFilter = filter.value; renderLog(); });
  const errorsOnly = h("input", { type: "checkbox", checked: state.logErrorsOnly });
  errorsOnly.addEventListener("change", () => { state.logErrorsOnly = errorsOnly.checked; renderLog(); });
  const capture = h("input", { type: "checkbox", checked: state.capture, "data-test": "capture" });
  capture.addEventListener("change", guarded(async () => { state.capture = (await api("log/bodies", { method: "POST", body: JSON.stringify({ capture: capture.checked }) })).capture; }));
  main(h("h1", {}, "Live request log ", h("span", { class: "muted", id: "log-state" }, "connecting…")),
    h("div", { class: "row" }, filter, h("label", {}, errorsOnly, " errors only"), h("label", {}, capture, " capture bodies"),
      h("button", { onclick: guarded(async () => { await api("log/clear", { method: "POST" }); state.log = []; renderLog(); }) }, "Clear")),
    h("table", { class: "log", "data-test": "log" }, h("thead", {}, h("tr", {}, ["Time", "Service", "Operation", "Status", "ms", "Account", "Region", "Caller", "Error"].map((x) => h("th", {}, x)))),
      h("tbody", { id: "log-rows" })),
    h("div", { id: "log-detail", class: "panel" }, h("span", { class: "muted" }, "Click a request for its details.")));
  renderLog();
  if (state.es) state.es.close();
  const es = state.es = new EventSource(API + "log/stream");
  es.onopen = () => { const s = document.getElementById("log-state"); if (s) s.textContent = "● live"; };
  es.onerror = () => { const s = document.getElementById("log-state"); if (s) s.textContent = "reconnecting…"; };
  es.onmessage = (ev) => {
    const r = JSON.parse(ev.data);
    if (state.log.length && state.log[state.log.length - 1].id >= r.id) return;
    state.log.push(r);
    if (state.log.length > 2000) state.log.shift();
    const tbody = document.getElementById("log-rows");
    if (tbody && logMatches(r)) tbody.prepend(logRow(r));
  };
}

// ------------------------------------------------------------------ controls

function viewControls() {
  const o = state.overview;
  const svcSelect = h("select", { "data-test": "reset-service" }, o.services.map((s) => h("option", { value: s.name }, s.name)));
  const seconds = h("input", { type: "number", value: 3600, "data-test": "advance" });
  const iam = h("select", { "data-test": "iam-mode" }, ["off", "enforce", "audit"].map((m) => h("option", { value: m, selected: o.iam === m }, m)));
  const file = h("input", { type: "file", accept: ".tar,application/x-tar", "data-test": "snapshot-file" });
  const post = (path, body) => api(path, { method: "POST", body: body === undefined ? undefined : typeof body === "string" || body instanceof Blob ? body : JSON.stringify(body) });
  main(h("h1", {}, "Controls"),
    h("div", { class: "panel" }, h("h2", {}, "Reset"),
      h("div", { class: "row" }, svcSelect,
        h("button", { class: "danger", "data-test": "reset-one", onclick: guarded(async () => {
          if (!confirm(`Forget every ${svcSelect.value} resource?`)) return;
          await post(`/_cumulo/reset/${enc(svcSelect.value)}`); toast(`${svcSelect.value} reset`); await loadOverview();
        }) }, "Reset service"),
        h("button", { class: "danger", "data-test": "reset-all", onclick: guarded(async () => {
          if (!confirm("Forget the state of every service?")) return;
          await post("/_cumulo/reset"); toast("Everything reset"); await loadOverview();
        }) }, "Reset everything"))),
    h("div", { class: "panel" }, h("h2", {}, "Clock"), h("p", { class: "muted", id: "clock" }, `now ${when(o.now)}, offset ${Math.round(o.clockOffset)} s`),
      h("div", { class: "row" }, seconds, "seconds",
        h("button", { "data-test": "advance-go", onclick: guarded(async () => { const t = await post("/_cumulo/time", { advance: Number(seconds.value) }); document.getElementById("clock").textContent = `now ${when(t.now)}, offset ${Math.round(t.offset)} s`; await loadOverview(); }) }, "Move forward"),
        h("button", { onclick: guarded(async () => { const t = await post("/_cumulo/time", { reset: true }); document.getElementById("clock").textContent = `now ${when(t.now)}, offset ${Math.round(t.offset)} s`; await loadOverview(); }) }, "Back to real time"))),
    h("div", { class: "panel" }, h("h2", {}, "State snapshot"),
      h("div", { class: "row" }, h("a", { class: "button", href: "/_cumulo/state", download: "cumulo-state.tar" }, "Download snapshot"),
        file, h("button", { "data-test": "snapshot-upload", onclick: guarded(async () => {
          if (!file.files.length) return toast("Choose a snapshot file first", true);
          await post("/_cumulo/state", file.files[0]); toast("Snapshot loaded"); await loadOverview();
        }) }, "Upload and replace state"))),
    h("div", { class: "panel" }, h("h2", {}, "IAM"),
      h("div", { class: "row" }, "Authorization:", iam, h("button", { "data-test": "iam-go", onclick: guarded(async () => {
        const r = await post("/_cumulo/settings/enforce-iam", { mode: iam.value }); toast(`IAM ${r.mode}`); await loadOverview();
      }) }, "Apply"), h("a", { href: "/_cumulo/iam/decisions", target: "_blank" }, "audit decisions"))));
}

// ------------------------------------------------------------------ start

window.Console = { h, api, call, qs, toast, pretty, when, enc, link, arnCell, copyButton, guarded, state, views: {} };

for (const id of ["account", "region"]) {
  document.getElementById(id).addEventListener("change", (e) => {
    state[id] = e.target.value;
    localStorage.setItem("cumulo." + id, state[id]);
    location.hash = "#/";
    route();
  });
}
// The start-up link's token is now in a cookie: keep it out of the address bar and history.
if (new URLSearchParams(location.search).has("token")) history.replaceState(null, "", location.pathname + location.hash);
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
