// The emulator's panel. The server pushes the plant's state as server-sent events
// (api/events: a snapshot, then one event per change); controls call the control API's
// hooks (api/hooks/<name>). Device views and fault forms come from the server, so this
// file knows no device family and no hook by name.
"use strict";

(() => {
  const FORM_GROUPS = ["faults", "sessions"];
  const LOG_LENGTH = 200;
  const RETRY_MS = 2000;

  const hash = new URLSearchParams(location.hash.slice(1));
  let token = hash.get("token") || sessionStorage.getItem("emulator-token") || "";
  let source = null;
  const cards = new Map();

  const $ = (selector) => document.querySelector(selector);

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  const words = (name) => name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  const withToken = (path) => (token ? `${path}?token=${encodeURIComponent(token)}` : path);

  function setConnection(state, text) {
    const node = $("#connection");
    node.dataset.state = state;
    node.textContent = text;
  }

  function notice(text) {
    const node = $("#notice");
    node.textContent = text || "";
    node.hidden = !text;
  }

  // --- the control API ---------------------------------------------------------------

  async function callHook(name, args) {
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    let answer;
    try {
      const response = await fetch(`api/hooks/${name}`, {
        method: "POST",
        headers,
        body: JSON.stringify(args),
      });
      answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      if (response.status === 401 || response.status === 403) askToken(answer.error);
    } catch (error) {
      answer = { error: `the emulator did not answer (${error.message})` };
    }
    notice(answer.error ? `${words(name)}: ${answer.error}` : "");
    return answer;
  }

  function askToken(reason) {
    const form = $("#token-form");
    form.hidden = false;
    setConnection("refused", reason || "A control token is required");
    $("#token-input").focus();
  }

  $("#token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("#token-input").value;
    sessionStorage.setItem("emulator-token", token);
    $("#token-form").hidden = true;
    connect();
  });

  // --- device views ------------------------------------------------------------------

  function control(view, spec) {
    if (spec.input) return fieldControl(view, spec);
    if (spec.release) return holdControl(view, spec);
    return el("button", {
      type: "button",
      "data-hook": spec.hook,
      "aria-label": `${spec.label}: ${view.name}`,
      text: spec.label,
      onclick: () => callHook(spec.hook, spec.args),
    });
  }

  function holdControl(view, spec) {
    // Acts while held, with a pointer or with Space/Enter: press, then release.
    let held = false;
    const button = el("button", {
      type: "button",
      "data-hook": spec.hook,
      "aria-pressed": "false",
      "aria-label": `${spec.label} (hold): ${view.name}`,
      text: spec.label,
    });
    const press = (event) => {
      event.preventDefault();
      if (held) return;
      held = true;
      button.setAttribute("aria-pressed", "true");
      callHook(spec.hook, spec.args);
    };
    const release = () => {
      if (!held) return;
      held = false;
      button.setAttribute("aria-pressed", "false");
      callHook(spec.release, spec.args);
    };
    button.addEventListener("pointerdown", press);
    for (const name of ["pointerup", "pointerleave", "pointercancel", "blur"]) {
      button.addEventListener(name, release);
    }
    button.addEventListener("keydown", (event) => {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) press(event);
    });
    button.addEventListener("keyup", (event) => {
      if (event.key === " " || event.key === "Enter") release();
    });
    button.addEventListener("click", (event) => event.preventDefault());
    return button;
  }

  function fieldControl(view, spec) {
    const field = spec.input;
    const id = `field-${view.key}-${spec.hook}`.replace(/[^\w-]/g, "-");
    const input = el("input", {
      id,
      type: "number",
      min: field.min,
      max: field.max,
      step: field.step,
      value: field.value,
      "data-name": field.name,
      inputmode: "decimal",
      required: true,
    });
    const form = el(
      "form",
      {
        "data-hook": spec.hook,
        onsubmit: (event) => {
          event.preventDefault();
          if (!input.reportValidity()) return;
          const value = Math.round(Number(input.value) * field.scale);
          callHook(spec.hook, { ...spec.args, [field.name]: value });
        },
      },
      el("label", { for: id, text: `${spec.label}${field.unit ? ` (${field.unit})` : ""}` }),
      input,
      el("button", { type: "submit", "aria-label": `Set ${spec.label}: ${view.name}`, text: "Set" }),
    );
    return form;
  }

  function card(view) {
    const id = `device-${view.key.replace(/[^\w-]/g, "-")}`;
    const node = el(
      "article",
      { id, class: "device", "data-key": view.key, "aria-labelledby": `${id}-name` },
      el("h5", { id: `${id}-name`, text: view.name }),
      el("p", { class: "state", "aria-live": "polite", text: view.state }),
      el("div", { class: "controls" }, ...view.controls.map((spec) => control(view, spec))),
    );
    node.classList.toggle("active", view.active);
    cards.set(view.key, node);
    return node;
  }

  function updateDevice(view) {
    const node = cards.get(view.key);
    if (!node) return;
    node.querySelector(".state").textContent = view.state;
    node.classList.toggle("active", view.active);
    for (const spec of view.controls) {
      if (!spec.input) continue;
      const input = node.querySelector(`form[data-hook="${spec.hook}"] input`);
      if (input && document.activeElement !== input) input.value = spec.input.value;
    }
  }

  function renderPlant(layout, devices) {
    cards.clear();
    const floors = $("#floors");
    floors.replaceChildren();
    const roomsOf = new Map();
    for (const room of layout.rooms) {
      if (!roomsOf.has(room.floor_ind)) roomsOf.set(room.floor_ind, []);
      roomsOf.get(room.floor_ind).push(room);
    }
    const placed = new Set();
    const grid = (views) => el("div", { class: "devices" }, ...views.map(card));
    for (const floor of layout.floors) {
      const section = el("section", { class: "floor" }, el("h3", { text: floor.name }));
      for (const room of roomsOf.get(floor.floor_ind) || []) {
        const views = devices.filter((v) => v.room === room.room_ind);
        if (!views.length) continue;
        views.forEach((v) => placed.add(v.key));
        section.append(el("h4", { text: room.name }), grid(views));
      }
      if (section.children.length > 1) floors.append(section);
    }
    const rest = devices.filter((v) => !placed.has(v.key));
    if (rest.length) {
      const section = el("section", { class: "floor" }, el("h3", { text: "Whole plant" }));
      const kinds = [...new Set(rest.map((v) => v.kind))];
      for (const kind of kinds) {
        section.append(el("h4", { text: kind }), grid(rest.filter((v) => v.kind === kind)));
      }
      floors.append(section);
    }
  }

  // --- fault forms, sessions, log ---------------------------------------------------

  function paramInput(hook, param) {
    const id = `hook-${hook.name}-${param.name}`;
    const types = param.type.split(" | ");
    let input;
    if (types.includes("bool")) {
      input = el("input", { id, type: "checkbox", checked: param.default === true });
    } else {
      const numeric = types.includes("int") || types.includes("number");
      input = el("input", {
        id,
        type: numeric ? "number" : "text",
        step: types.includes("int") ? "1" : "any",
        value: param.default ?? "",
        required: param.required,
        placeholder: types.includes("null") ? "any" : null,
      });
    }
    input.dataset.param = param.name;
    input.dataset.type = types.includes("bool") ? "bool" : types.includes("int") ? "int"
      : types.includes("number") ? "number" : "string";
    return el("div", { class: "param", title: param.doc || null },
      el("label", { for: id, text: words(param.name) }), input);
  }

  function hookForm(hook) {
    const params = hook.params.filter((p) => !p.type.startsWith("["));
    const output = el("output", { "aria-live": "polite" });
    const form = el("form", {
      "data-hook": hook.name,
      onsubmit: async (event) => {
        event.preventDefault();
        const args = {};
        for (const input of form.querySelectorAll("[data-param]")) {
          const kind = input.dataset.type;
          if (kind === "bool") args[input.dataset.param] = input.checked;
          else if (input.value !== "") {
            args[input.dataset.param] = kind === "string" ? input.value : Number(input.value);
          }
        }
        output.textContent = "…";
        const answer = await callHook(hook.name, args);
        output.textContent = answer.error ? answer.error
          : answer.result === null ? "done" : `done: ${JSON.stringify(answer.result)}`;
      },
    },
    el("fieldset", {},
      el("legend", { text: words(hook.name) }),
      el("p", { class: "hint", text: hook.summary }),
      ...params.map((p) => paramInput(hook, p)),
      el("button", { type: "submit", text: words(hook.name) }),
      output));
    return form;
  }

  function renderForms(hooks) {
    const forms = hooks.filter((h) => FORM_GROUPS.includes(h.group) && h.name !== "start_listening");
    $("#fault-forms").replaceChildren(...forms.map(hookForm));
  }

  function renderStatus(status) {
    const rows = status.sessions.map((s, index) => el("tr", {},
      el("td", { text: s.phantom ? "phantom" : `#${index + 1} ••••••••` }),
      el("td", { text: s.user || "-" }),
      el("td", { text: `${s.idle_seconds} s ago` }),
      el("td", { text: s.polling ? "yes" : "no" }),
      el("td", { text: String(s.queued) })));
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: 5, text: "No session" })));
    $("#session-rows").replaceChildren(...rows);
    const st = status.stats;
    const faults = status.faults.map((f) => `${f.kind}${f.value ? ` ${f.value}` : ""}`);
    $("#stats").textContent = `${status.listening ? "Listening" : "NOT listening"} · `
      + `${st.http_requests} requests · ${st.logins} logins · ${st.pending_polls} polls held · `
      + `${st.open_connections} connections · `
      + `faults armed: ${faults.length ? faults.join(", ") : "none"}`
      + (status.lively !== null ? ` · lively (seed ${status.lively})` : "");
  }

  function addLog(entry) {
    const list = $("#log-entries");
    const time = new Date(entry.time * 1000).toLocaleTimeString();
    list.prepend(el("li", { text: `${time} ${entry.method} ${entry.summary} → ${entry.outcome}` }));
    while (list.children.length > LOG_LENGTH) list.lastElementChild.remove();
  }

  function render(snapshot) {
    renderPlant(snapshot.layout, snapshot.devices);
    renderForms(snapshot.hooks);
    renderStatus(snapshot.status);
    $("#log-entries").replaceChildren();
    snapshot.log.forEach(addLog);
  }

  // --- the event stream --------------------------------------------------------------

  function connect() {
    if (source) source.close();
    setConnection("connecting", "Connecting…");
    source = new EventSource(withToken("api/events"));
    source.addEventListener("snapshot", (e) => {
      render(JSON.parse(e.data));
      setConnection("live", "Live");
    });
    source.addEventListener("device", (e) => updateDevice(JSON.parse(e.data)));
    source.addEventListener("status", (e) => renderStatus(JSON.parse(e.data)));
    source.addEventListener("log", (e) => addLog(JSON.parse(e.data)));
    source.addEventListener("error", async () => {
      if (source.readyState !== EventSource.CLOSED) {
        setConnection("reconnecting", "Reconnecting…");  // the browser retries by itself
        return;
      }
      // Refused: find out why (a token?), or try again in a moment.
      try {
        const response = await fetch(withToken("api/state"));
        if (response.status === 401 || response.status === 403) {
          askToken((await response.json()).error);
          return;
        }
      } catch (error) { /* unreachable: retry below */ }
      setConnection("reconnecting", "Reconnecting…");
      setTimeout(connect, RETRY_MS);
    });
  }

  connect();
})();
