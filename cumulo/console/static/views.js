// cumulo console: the data behind a resource, shown under its detail view, keyed "<service>/<table>".
// Every read and change is an operation of the service (Console.call -> the service's own handler),
// except SQS peeks, which use SQS's own /_cumulo/sqs/peek (no visibility changes).
"use strict";

(() => {
  const { h, api, call, qs, toast, pretty, when, enc, link, guarded } = window.Console;
  const views = window.Console.views;

  function tabs(box, named, first) {
    const bar = h("div", { class: "tabs" });
    const body = h("div", {});
    const open = guarded(async (name) => {
      bar.querySelectorAll("button").forEach((b) => b.classList.toggle("on", b.dataset.tab === name));
      body.replaceChildren();
      await named[name](body);
    });
    for (const name of Object.keys(named)) bar.append(h("button", { "data-tab": name, onclick: () => open(name) }, name));
    box.append(bar, body);
    open(named[first] ? first : Object.keys(named)[0]);
  }

  function size(n) {
    if (n === undefined || n === null) return "";
    return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
  }

  // ---------------------------------------------------------------- S3: prefixes, objects, versions

  views["s3/buckets"] = (box, r, where) => {
    const bucket = r.key;
    let prefix = "";
    const objects = async (body) => {
      const tokens = [undefined];
      const list = async () => {
        const out = await call("s3", "ListObjectsV2", { Bucket: bucket, Prefix: prefix, Delimiter: "/", MaxKeys: 100, ContinuationToken: tokens[tokens.length - 1] }, where);
        const up = prefix ? prefix.slice(0, prefix.slice(0, -1).lastIndexOf("/") + 1) : null;
        const go = (p) => { prefix = p; tokens.length = 1; list(); };
        const rows = [];
        if (up !== null) rows.push(h("tr", {}, h("td", {}, h("a", { class: "act", role: "button", tabindex: "0", onclick: () => go(up) }, "..")), h("td", {}), h("td", {}), h("td", {})));
        for (const p of out.CommonPrefixes || []) rows.push(h("tr", {}, h("td", {}, h("a", { class: "act", role: "button", tabindex: "0", "data-prefix": p.Prefix, onclick: () => go(p.Prefix) }, p.Prefix.slice(prefix.length))), h("td", {}, "folder"), h("td", {}), h("td", {})));
        for (const o of out.Contents || []) {
          const url = "api/s3/object" + qs({ bucket, key: o.Key, account: where.account, region: where.region });
          rows.push(h("tr", {}, h("td", { class: "mono" }, o.Key.slice(prefix.length)), h("td", { class: "num" }, size(o.Size)), h("td", {}, when(o.LastModified)),
            h("td", {}, h("button", { "data-object": o.Key, onclick: guarded(async () => {
              const resp = await fetch(url, { credentials: "same-origin" });
              const type = resp.headers.get("content-type") || "";
              const shown = document.getElementById("s3-object");
              if (/^(text\/|application\/(json|xml|javascript))/.test(type) || o.Size < 65536) {
                const text = await resp.text();
                shown.replaceChildren(h("h2", {}, o.Key), h("div", { class: "muted" }, `${type}, ${size(o.Size)}`), pretty(text));
              } else {
                shown.replaceChildren(h("h2", {}, o.Key), h("p", { class: "muted" }, `${type}, ${size(o.Size)}: binary, use Download.`));
              }
            }) }, "View"), " ", h("a", { class: "button", href: url + "&download=1" }, "Download"), " ",
            h("button", { "data-presign": o.Key, onclick: guarded(async () => {
              const p = await api("s3/presign" + qs({ bucket, key: o.Key, region: where.region }));
              document.getElementById("s3-object").replaceChildren(h("h2", {}, `Presigned link to ${o.Key} (${p.expires} s)`),
                h("div", { class: "arn mono", "data-test": "presigned" }, p.url, window.Console.copyButton(p.url)));
            }) }, "Link"))));
        }
        const more = out.IsTruncated;
        body.replaceChildren(
          h("div", { class: "row" }, h("span", { class: "path" }, `s3://${bucket}/${prefix}`),
            tokens.length > 1 ? h("button", { onclick: () => { tokens.pop(); list(); } }, "‹ Prev") : null,
            more ? h("button", { onclick: () => { tokens.push(out.NextContinuationToken); list(); } }, "Next ›") : null),
          h("table", { "data-test": "objects" }, h("tr", {}, h("th", {}, "Key"), h("th", {}, "Size"), h("th", {}, "Modified"), h("th", {}, "")), rows),
          uploader(), h("div", { id: "s3-object" }));
      };
      const uploader = () => {
        const file = h("input", { type: "file", "data-test": "upload-file" });
        const name = h("input", { type: "text", placeholder: "key (default: prefix + file name)", size: 40 });
        return h("div", { class: "row" }, "Upload to this prefix:", file, name, h("button", { class: "primary", "data-test": "upload", onclick: guarded(async () => {
          if (!file.files.length) return toast("Choose a file first", true);
          const f = file.files[0];
          const key = name.value || prefix + f.name;
          await api("s3/object" + qs({ bucket, key, ...where }), { method: "PUT", body: f, headers: { "content-type": f.type || "application/octet-stream" } });
          toast(`Uploaded ${key}`);
          await list();
        }) }, "Upload"));
      };
      await list();
    };
    const versions = async (body) => {
      const out = await call("s3", "ListObjectVersions", { Bucket: bucket, MaxKeys: 200 }, where);
      const rows = [...(out.Versions || []), ...(out.DeleteMarkers || []).map((d) => ({ ...d, deleted: true }))].map((v) => h("tr", {},
        h("td", { class: "mono" }, v.Key), h("td", { class: "mono" }, v.VersionId), h("td", {}, v.deleted ? "delete marker" : size(v.Size)),
        h("td", {}, v.IsLatest ? "latest" : ""), h("td", {}, when(v.LastModified)),
        h("td", {}, v.deleted ? "" : h("a", { class: "button", href: "api/s3/object" + qs({ bucket, key: v.Key, versionId: v.VersionId, download: 1, ...where }) }, "Download"))));
      body.replaceChildren(h("table", {}, h("tr", {}, ["Key", "Version", "Size", "", "Modified", ""].map((x) => h("th", {}, x))), rows));
    };
    tabs(box, { Objects: objects, Versions: versions });
  };

  // ---------------------------------------------------------------- SQS: peek, send, purge, DLQ

  views["sqs/queues"] = (box, r, where) => {
    const name = r.key;
    const fifo = name.endsWith(".fifo");
    const peekBox = h("div", {});
    const peek = guarded(async () => {
      const resp = await api(`/_cumulo/sqs/peek/${enc(r.region)}/${enc(r.account)}/${enc(name)}?ShowInvisible=true&ShowDelayed=true`, { headers: { accept: "application/json" } });
      let msgs = resp.ReceiveMessageResponse.ReceiveMessageResult.Message || [];
      if (!Array.isArray(msgs)) msgs = [msgs];
      peekBox.replaceChildren(h("p", { class: "muted" }, `${msgs.length} message(s), shown without receiving them (visibility unchanged)`),
        h("table", { "data-test": "messages" }, h("tr", {}, h("th", {}, "Message id"), h("th", {}, "Body"), h("th", {}, "Receives"), h("th", {}, "Sent")),
          msgs.map((m) => {
            const attrs = Object.fromEntries((m.Attribute || []).map((a) => [a.Name, a.Value]));
            return h("tr", {}, h("td", { class: "mono" }, m.MessageId), h("td", {}, h("pre", {}, m.Body)), h("td", { class: "num" }, attrs.ApproximateReceiveCount || "0"),
              h("td", {}, attrs.SentTimestamp ? when(Number(attrs.SentTimestamp) / 1000) : ""));
          })));
    });
    const url = async () => (await call("sqs", "GetQueueUrl", { QueueName: name, QueueOwnerAWSAccountId: r.account }, where)).QueueUrl;
    const text = h("textarea", { placeholder: "message body", "data-test": "send-body" });
    const group = fifo ? h("input", { type: "text", placeholder: "MessageGroupId", value: "console" }) : null;
    const redrive = r.attributes && r.attributes.attributes && r.attributes.attributes.RedrivePolicy;
    let dlq = null;
    try { dlq = redrive ? JSON.parse(redrive).deadLetterTargetArn : null; } catch { dlq = null; }
    box.append(...[h("h2", {}, "Messages"),
      h("div", { class: "row" }, h("button", { "data-test": "peek", onclick: peek }, "Peek"),
        h("button", { class: "danger", "data-test": "purge", onclick: guarded(async () => {
          if (!confirm(`Delete every message in ${name}?`)) return;
          await call("sqs", "PurgeQueue", { QueueUrl: await url() }, where); toast("Purged"); peek();
        }) }, "Purge")),
      dlq ? h("p", {}, "Dead-letter queue: ", window.Console.link(["item", "sqs", r.account, r.region, "queues", dlq.split(":").pop()], dlq.split(":").pop())) : null,
      peekBox, h("h2", {}, "Send a message"), text,
      h("div", { class: "row" }, group, h("button", { class: "primary", "data-test": "send", onclick: guarded(async () => {
        const input = { QueueUrl: await url(), MessageBody: text.value };
        if (fifo) { input.MessageGroupId = group.value; input.MessageDeduplicationId = String(Date.now()) + Math.random(); }
        const out = await call("sqs", "SendMessage", input, where);
        toast(`Sent ${out.MessageId}`); text.value = ""; peek();
      }) }, "Send"))].filter(Boolean));
    peek();
  };

  // ---------------------------------------------------------------- DynamoDB: scan, query, item editor

  function toPlain(av) {
    const [t, v] = Object.entries(av)[0];
    switch (t) {
      case "S": case "B": return v;
      case "N": { const n = Number(v); return Number.isSafeInteger(n) || (!Number.isInteger(n) && String(n) === v) ? n : v; }
      case "BOOL": return v;
      case "NULL": return null;
      case "M": return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
      case "L": return v.map(toPlain);
      case "SS": case "BS": return v;
      case "NS": return v.map(Number);
      default: return v;
    }
  }
  function fromPlain(v) {
    if (v === null) return { NULL: true };
    if (typeof v === "string") return { S: v };
    if (typeof v === "number") return { N: String(v) };
    if (typeof v === "boolean") return { BOOL: v };
    if (Array.isArray(v)) return { L: v.map(fromPlain) };
    return { M: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromPlain(x)])) };
  }
  const itemPlain = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toPlain(v)]));
  const itemDdb = (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fromPlain(v)]));
  window.Console.ddb = { toPlain, fromPlain, itemPlain, itemDdb };

  views["dynamodb/tables"] = (box, r, where) => {
    const table = r.key;
    const hashKey = r.attributes.hash_key, rangeKey = r.attributes.range_key;
    const types = r.attributes.attribute_types || {};
    const editorBox = h("div", {});
    const keyOf = (item) => { const k = { [hashKey]: item[hashKey] }; if (rangeKey) k[rangeKey] = item[rangeKey]; return k; };

    const edit = (item, refresh) => {
      let mode = "plain";
      const ta = h("textarea", { "data-test": "item-json", rows: 14 });
      const show = () => { ta.value = JSON.stringify(mode === "plain" ? itemPlain(current) : current, null, 2); };
      let current = item || { [hashKey]: fromPlain(types[hashKey] === "N" ? 0 : "") };
      const read = () => { const v = JSON.parse(ta.value); return mode === "plain" ? itemDdb(v) : v; };
      const switcher = h("select", { "data-test": "item-mode", onchange: guarded(async () => { current = read(); mode = switcher.value; show(); }) },
        h("option", { value: "plain" }, "plain JSON"), h("option", { value: "ddb" }, "DynamoDB JSON"));
      show();
      editorBox.replaceChildren(h("h2", {}, item ? "Edit item" : "New item"), h("div", { class: "row" }, "View as", switcher), ta,
        h("div", { class: "row" }, h("button", { class: "primary", "data-test": "item-save", onclick: guarded(async () => {
          await call("dynamodb", "PutItem", { TableName: table, Item: read() }, where);
          toast("Item saved"); editorBox.replaceChildren(); refresh();
        }) }, "Save (PutItem)"), item ? h("button", { class: "danger", onclick: guarded(async () => {
          if (!confirm("Delete this item?")) return;
          await call("dynamodb", "DeleteItem", { TableName: table, Key: keyOf(item) }, where);
          toast("Item deleted"); editorBox.replaceChildren(); refresh();
        }) }, "Delete") : null, h("button", { onclick: () => editorBox.replaceChildren() }, "Cancel")));
    };

    const results = (body, run) => {
      const starts = [undefined];
      const load = guarded(async () => {
        const out = await run(starts[starts.length - 1]);
        const items = out.Items || [];
        const cols = [...new Set([hashKey, rangeKey, ...items.flatMap((i) => Object.keys(i))].filter(Boolean))].slice(0, 12);
        body.replaceChildren(
          h("div", { class: "row" }, h("span", { class: "muted" }, `${items.length} item(s)`),
            starts.length > 1 ? h("button", { onclick: () => { starts.pop(); load(); } }, "‹ Prev") : null,
            out.LastEvaluatedKey ? h("button", { "data-test": "items-next", onclick: () => { starts.push(out.LastEvaluatedKey); load(); } }, "Next ›") : null,
            h("button", { "data-test": "item-new", onclick: () => edit(null, load) }, "New item")),
          h("table", { "data-test": "items" }, h("tr", {}, cols.map((c) => h("th", {}, c)), h("th", {}, "")),
            items.map((it) => h("tr", {}, cols.map((c) => h("td", { class: "mono" }, c in it ? JSON.stringify(toPlain(it[c])) : "")),
              h("td", {}, h("button", { "data-test": "item-edit", onclick: () => edit(it, load) }, "Edit"))))));
      });
      load();
    };

    const scan = (body) => {
      const out = h("div", {});
      body.append(out);
      results(out, (start) => call("dynamodb", "Scan", { TableName: table, Limit: 25, ExclusiveStartKey: start }, where));
    };
    const query = (body) => {
      const value = h("input", { type: "text", placeholder: `${hashKey} (${types[hashKey] || "S"})`, "data-test": "query-value" });
      const op = h("select", { "data-test": "query-op" }, ["", "=", "<", "<=", ">", ">=", "begins_with"].map((o) => h("option", { value: o }, o || "(any)")));
      const sortValue = h("input", { type: "text", placeholder: rangeKey ? `${rangeKey} (${types[rangeKey] || "S"})` : "", "data-test": "query-sort" });
      const out = h("div", {});
      const run = () => {
        const names = { "#k": hashKey };
        const values = { ":v": { [types[hashKey] || "S"]: value.value } };
        let condition = "#k = :v";
        if (rangeKey && op.value) {
          names["#r"] = rangeKey;
          values[":r"] = { [types[rangeKey] || "S"]: sortValue.value };
          condition += op.value === "begins_with" ? " AND begins_with(#r, :r)" : ` AND #r ${op.value} :r`;
        }
        results(out, (start) => call("dynamodb", "Query", { TableName: table, Limit: 25, ExclusiveStartKey: start, KeyConditionExpression: condition,
          ExpressionAttributeNames: names, ExpressionAttributeValues: values }, where));
      };
      body.append(h("div", { class: "row" }, `${hashKey} =`, value, rangeKey ? [`and ${rangeKey}`, op, sortValue] : null,
        h("button", { class: "primary", "data-test": "query-go", onclick: run }, "Query")), out);
    };
    box.append(h("h2", {}, "Items"));
    tabs(box, { Scan: scan, Query: query });
    box.append(editorBox);
  };

  // ---------------------------------------------------------------- Lambda: code, invoke, recent invocations

  views["lambda/functions"] = (box, r, where) => {
    const fn = r.key;
    const w = { function: fn, account: r.account, region: r.region };
    const code = async (body) => {
      const out = await api("lambda/code" + qs(w));
      const shown = h("div", {});
      body.replaceChildren(h("p", { class: "muted" }, out.note || `${size(out.codeSize)}, sha256 ${out.sha256 || ""}`),
        h("table", { "data-test": "code-files" }, h("tr", {}, h("th", {}, "File"), h("th", {}, "Size")), (out.files || []).map((f) => h("tr", {},
          h("td", {}, h("a", { class: "act", role: "button", tabindex: "0", onclick: guarded(async () => {
            const file = await api("lambda/code" + qs({ ...w, file: f.name }));
            shown.replaceChildren(h("h2", {}, f.name), file.binary ? h("p", { class: "muted" }, "binary") : pretty(file.text));
          }) }, f.name)), h("td", { class: "num" }, size(f.size))))), shown);
    };
    const invoke = async (body) => {
      const payload = h("textarea", { "data-test": "payload" }, "{}");
      const result = h("div", { "data-test": "invoke-result" });
      body.replaceChildren(h("p", { class: "muted" }, "Payload (JSON)"), payload, h("div", { class: "row" }, h("button", { class: "primary", "data-test": "invoke", onclick: guarded(async () => {
        result.replaceChildren(h("p", { class: "muted" }, "Invoking…"));
        const out = await api("lambda/invoke" + qs(w), { method: "POST", body: payload.value });
        let shown = out.Payload;
        try { shown = JSON.stringify(JSON.parse(out.Payload), null, 2); } catch { /* not JSON: as sent */ }
        result.replaceChildren(h("p", { class: out.FunctionError ? "error" : "ok" }, `Status ${out.StatusCode}${out.FunctionError ? ` (${out.FunctionError})` : ""}, version ${out.ExecutedVersion || ""}`),
          h("h2", {}, "Result"), pretty(shown), h("h2", {}, "Logs"), pretty(out.Logs || "(none)"));
      }) }, "Invoke")), result);
    };
    const recent = async (body) => {
      const out = await api("/_cumulo/lambda/invocations" + qs({ functionName: fn }));
      body.replaceChildren(h("table", { "data-test": "invocations" }, h("tr", {}, ["Time", "Request", "Type", "Source", "ms", "Cold", "Payload", "Result or error"].map((x) => h("th", {}, x))),
        (out.invocations || []).slice(-50).reverse().map((i) => h("tr", { class: i.error ? "bad" : "" }, h("td", {}, i.timestamp), h("td", { class: "mono" }, i.requestId),
          h("td", {}, i.invocationType), h("td", {}, i.source), h("td", { class: "num" }, i.durationMs ?? ""), h("td", {}, i.coldStart ? "cold" : ""),
          h("td", { class: "mono" }, (i.payload || "").slice(0, 200)), h("td", { class: "mono" }, String(i.error || i.result || "").slice(0, 300))))));
    };
    const logs = h("p", { "data-test": "function-logs" });
    box.append(h("h2", {}, "Function"), logs);
    // Where its logs go, as an ARN: linked to the log group's view (and its live tail) once the group exists.
    guarded(async () => {
      const c = await call("lambda", "GetFunctionConfiguration", { FunctionName: fn }, where);
      const group = (c.LoggingConfig || {}).LogGroup || `/aws/lambda/${fn}`;
      logs.replaceChildren("Logs: ", window.Console.arnCell(`arn:aws:logs:${r.region}:${r.account}:log-group:${group}`));
    })();
    tabs(box, { Invoke: invoke, Code: code, "Recent invocations": recent });
  };

  // ---------------------------------------------------------------- Step Functions: executions and their path

  // The state machine's graph, each state a box in the order they are reached from StartAt, with its
  // transitions; a Parallel state holds its branches side by side and a Map state its item processor,
  // drawn the same way. The states an execution entered are marked (and the one it failed in).
  function graph(def, path, failedState) {
    const entered = new Set(path);
    const edges = (st) => [st.Next, st.Default, ...(st.Choices || []).map((c) => c.Next), ...(st.Catch || []).map((c) => c.Next)].filter(Boolean);
    const draw = (machine, nested) => {
      const states = machine.States || {};
      const order = [];
      const queue = [machine.StartAt];
      while (queue.length) {
        const name = queue.shift();
        if (!name || order.includes(name) || !states[name]) continue;
        order.push(name);
        queue.push(...edges(states[name]));
      }
      for (const name of Object.keys(states)) if (!order.includes(name)) order.push(name);
      return h("div", { class: nested ? "graph nested" : "graph", "data-test": nested ? "branch" : "graph" }, nested ? null : h("div", { class: "node start" }, "Start"),
        order.map((name, i) => {
          const st = states[name];
          const next = edges(st);
          const inner = st.Type === "Parallel" ? (st.Branches || []) : st.Type === "Map" ? [st.ItemProcessor || st.Iterator].filter(Boolean) : [];
          const cls = name === failedState ? "node failed" : entered.has(name) ? "node visited" : "node";
          return [nested && i === 0 ? null : h("div", { class: "edge" }, "↓"), h("div", { class: cls, "data-state": name }, h("b", {}, name), h("span", { class: "muted" }, ` ${st.Type}`),
            inner.length ? h("div", { class: "branches" }, inner.map((b) => draw(b, true))) : null,
            next.length ? h("div", { class: "muted" }, "→ " + [...new Set(next)].join(", ")) : st.End || st.Type === "Succeed" || st.Type === "Fail" ? h("div", { class: "muted" }, "→ end") : null)];
        }));
    };
    return draw(def, false);
  }

  views["stepfunctions/machines"] = (box, r, where) => {
    const arn = r.arn;
    const list = h("div", {});
    const detail = h("div", {});
    const input = h("textarea", { rows: 4 }, "{}");
    let definition = null;
    const load = guarded(async () => {
      if (!definition) {
        try { definition = JSON.parse((await call("stepfunctions", "DescribeStateMachine", { stateMachineArn: arn }, where)).definition); } catch { definition = null; }
      }
      const out = await call("stepfunctions", "ListExecutions", { stateMachineArn: arn, maxResults: 100 }, where);
      list.replaceChildren(h("table", { "data-test": "executions" }, h("tr", {}, ["Name", "Status", "Started", "Stopped"].map((x) => h("th", {}, x))),
        (out.executions || []).map((e) => h("tr", {}, h("td", {}, h("a", { class: "act", role: "button", tabindex: "0", onclick: () => show(e.executionArn) }, e.name)),
          h("td", { class: e.status === "FAILED" ? "error" : "" }, e.status), h("td", {}, when(e.startDate)), h("td", {}, when(e.stopDate))))));
    });
    const show = guarded(async (execArn) => {
      const d = await call("stepfunctions", "DescribeExecution", { executionArn: execArn }, where);
      const hist = await call("stepfunctions", "GetExecutionHistory", { executionArn: execArn, maxResults: 1000 }, where);
      const events = hist.events || [];
      const path = events.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails.name);
      const failed = events.some((e) => /Failed|TimedOut|Aborted/.test(e.type));
      const failedState = failed ? path[path.length - 1] : null;
      detail.replaceChildren(h("h2", {}, `Execution ${d.name}: ${d.status}`),
        h("div", { class: "row", "data-test": "path" }, "Start", ...path.flatMap((p) => [" → ", h("b", {}, p)]), ` → ${failed ? "✗ " : ""}${d.status}`),
        definition ? graph(definition, path, failedState) : null,
        h("h2", {}, "Input"), pretty(d.input || ""), h("h2", {}, "Output"), pretty(d.output || d.error || ""),
        h("h2", {}, "History"), h("table", {}, h("tr", {}, ["#", "Type", "Time", "Details"].map((x) => h("th", {}, x))),
          events.map((e) => h("tr", {}, h("td", {}, e.id), h("td", {}, e.type), h("td", {}, when(e.timestamp)),
            h("td", { class: "mono" }, JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => k.endsWith("Details")))).slice(0, 300))))));
    });
    box.append(h("h2", {}, "Executions"), h("div", { class: "row" }, h("button", { onclick: load }, "Refresh")), list,
      h("h2", {}, "Start an execution"), input, h("div", { class: "row" }, h("button", { class: "primary", onclick: guarded(async () => {
        const out = await call("stepfunctions", "StartExecution", { stateMachineArn: arn, input: input.value }, where);
        toast("Started"); await load(); show(out.executionArn);
      }) }, "Start")), detail);
    load();
  };

  // ---------------------------------------------------------------- SNS: publish, messages, deliveries

  views["sns/topics"] = (box, r, where) => {
    const list = h("div", {});
    const message = h("textarea", { rows: 4, placeholder: "message", "data-test": "publish-body" });
    const subject = h("input", { type: "text", placeholder: "subject (optional)" });
    const load = guarded(async () => {
      const subs = await call("sns", "ListSubscriptionsByTopic", { TopicArn: r.arn }, where);
      const sent = (await api("/_cumulo/sns/messages")).messages.filter((m) => m.topicArn === r.arn);
      const outcomes = ((await api("/_cumulo/sns/deliveries")).outcomes || []).filter((o) => o.subscriptionArn.startsWith(r.arn + ":"));
      list.replaceChildren(h("h2", {}, "Subscriptions"), h("table", {}, h("tr", {}, ["Protocol", "Endpoint", "ARN"].map((x) => h("th", {}, x))),
        (subs.Subscriptions || []).map((s) => h("tr", {}, h("td", {}, s.Protocol), h("td", {}, /^arn:/.test(s.Endpoint || "") ? window.Console.arnCell(s.Endpoint) : h("span", { class: "mono" }, s.Endpoint)), h("td", {}, window.Console.arnCell(s.SubscriptionArn))))),
        h("h2", {}, "Published messages"), h("table", { "data-test": "published" }, h("tr", {}, ["Id", "Subject", "Message", "Time"].map((x) => h("th", {}, x))),
          sent.slice(-100).reverse().map((m) => h("tr", {}, h("td", { class: "mono" }, m.messageId), h("td", {}, m.subject || ""), h("td", {}, h("pre", {}, m.message)), h("td", {}, when(m.timestamp))))),
        h("h2", {}, "Deliveries"), h("table", { "data-test": "deliveries" }, h("tr", {}, ["Message", "Protocol", "Endpoint", "Outcome", "Attempts"].map((x) => h("th", {}, x))),
          outcomes.slice(-100).reverse().map((d) => h("tr", { class: d.status === "failed" ? "bad" : "" }, h("td", { class: "mono" }, d.messageId), h("td", {}, d.protocol),
            h("td", {}, /^arn:/.test(d.endpoint || "") ? window.Console.arnCell(d.endpoint) : h("span", { class: "mono" }, d.endpoint)), h("td", {}, d.status + (d.error ? `: ${d.error}` : "")), h("td", { class: "num" }, d.attempts)))));
    });
    box.append(h("h2", {}, "Publish"), subject, message, h("div", { class: "row" }, h("button", { class: "primary", "data-test": "publish", onclick: guarded(async () => {
      const input = { TopicArn: r.arn, Message: message.value };
      if (subject.value) input.Subject = subject.value;
      if (r.key.endsWith(".fifo")) { input.MessageGroupId = "console"; input.MessageDeduplicationId = String(Date.now()); }
      const out = await call("sns", "Publish", input, where);
      toast(`Published ${out.MessageId}`); message.value = ""; load();
    }) }, "Publish")), list);
    load();
  };

  // ---------------------------------------------------------------- EventBridge: a rule's deliveries

  views["events/rules"] = (box, r, where) => {
    const name = r.attributes.name || r.key.split("|").pop();
    const list = h("div", {});
    box.append(h("h2", {}, "Deliveries"), list);
    guarded(async () => {
      const out = await api("/_cumulo/events/deliveries" + qs({ rule: name }));
      list.replaceChildren(h("table", { "data-test": "deliveries" }, h("tr", {}, ["Time", "Target", "Outcome", "Attempts", "Payload"].map((x) => h("th", {}, x))),
        out.deliveries.filter((d) => d.account === r.account && d.region === r.region).slice(-100).reverse().map((d) => h("tr", { class: d.outcome === "failed" ? "bad" : "" },
          h("td", {}, d.time), h("td", {}, window.Console.arnCell(d.targetArn)), h("td", {}, d.outcome + (d.error ? `: ${d.error}` : "")), h("td", { class: "num" }, d.attempts),
          h("td", {}, h("pre", {}, typeof d.payload === "string" ? d.payload : JSON.stringify(d.payload)))))));
    })();
  };

  // ---------------------------------------------------------------- CloudWatch: metric charts, alarms

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }

  // A line chart of [{t (seconds), v}] in SVG: the values' range on the left, the times below.
  function chart(points, label) {
    if (!points.length) return h("p", { class: "muted" }, `No datapoints for ${label} in the last 3 hours.`);
    const W = 720, H = 200, L = 60, B = 24;
    const ts = points.map((p) => p.t), vs = points.map((p) => p.v);
    const t0 = Math.min(...ts), t1 = Math.max(...ts) || t0 + 1, v0 = Math.min(0, ...vs), v1 = Math.max(...vs) || 1;
    const x = (t) => L + ((t - t0) / Math.max(1, t1 - t0)) * (W - L - 10), y = (v) => 10 + (1 - (v - v0) / Math.max(1e-9, v1 - v0)) * (H - B - 10);
    const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
    return svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "chart", "data-test": "chart", role: "img" },
      svg("title", {}, label),
      svg("line", { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: "#b9c2cc" }), svg("line", { x1: L, y1: 10, x2: L, y2: H - B, stroke: "#b9c2cc" }),
      svg("text", { x: L - 6, y: 16, "text-anchor": "end", "font-size": 11 }, String(+v1.toPrecision(4))),
      svg("text", { x: L - 6, y: H - B, "text-anchor": "end", "font-size": 11 }, String(+v0.toPrecision(4))),
      svg("text", { x: L, y: H - 6, "font-size": 11 }, when(t0).slice(11, 16)), svg("text", { x: W - 10, y: H - 6, "text-anchor": "end", "font-size": 11 }, when(t1).slice(11, 16)),
      svg("polyline", { points: line, fill: "none", stroke: "#0b63c5", "stroke-width": 2 }),
      ...points.map((p) => svg("circle", { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 2.5, fill: "#0b63c5" }, svg("title", {}, `${when(p.t)}: ${p.v}`))));
  }

  async function metricChart(box, where, namespace, metric, dimensions, stat) {
    const o = window.Console.state.overview;
    const now = Math.floor(o && o.now ? o.now + (Date.now() / 1000 - o.loadedAt) : Date.now() / 1000); // cumulo's clock, which may be moved
    const out = await call("cloudwatch", "GetMetricStatistics", { Namespace: namespace, MetricName: metric, Dimensions: dimensions,
      StartTime: now - 3 * 3600, EndTime: now + 60, Period: 60, Statistics: [stat] }, where);
    const points = (out.Datapoints || []).map((p) => ({ t: typeof p.Timestamp === "number" ? p.Timestamp : Date.parse(p.Timestamp) / 1000, v: p[stat] }))
      .sort((a, b) => a.t - b.t);
    box.append(h("h2", {}, `${namespace} ${metric} (${stat}, 1 min)`), chart(points, `${namespace}/${metric}`));
  }

  // Any resource's metrics: those whose dimensions name it (a function's AWS/Lambda Invocations, a
  // queue's AWS/SQS depths), found by listing CloudWatch's metrics; each charted on demand.
  window.Console.metricsFor = async (box, r, where) => {
    const o = window.Console.state.overview;
    const cw = o && o.services.find((x) => x.name === "cloudwatch");
    if (!cw || !cw.scopes.some((sc) => sc.account === where.account && sc.region === where.region && sc.tables.some((t) => t.name === "series"))) return;
    const metrics = (await all("cloudwatch", "ListMetrics", {}, where, "Metrics", 2500))
      .filter((m) => m.Namespace !== undefined && (m.Dimensions || []).some((d) => d.Value === r.name || d.Value === r.key));
    if (!metrics.length) return;
    const charts = h("div", {});
    box.append(h("h2", {}, "Metrics"), h("div", { class: "row", "data-test": "metrics" }, metrics.map((m) =>
      h("button", { "data-metric": m.MetricName, onclick: guarded(async () => {
        charts.replaceChildren();
        for (const stat of ["Sum", "Average"]) await metricChart(charts, where, m.Namespace, m.MetricName, m.Dimensions || [], stat);
      }) }, `${m.Namespace} ${m.MetricName}`))), charts);
  };

  views["cloudwatch/series"] = async (box, r, where) => {
    const a = r.attributes;
    const dims = (a.dims || []).map(([Name, Value]) => ({ Name, Value }));
    for (const stat of ["Average", "Sum"]) await metricChart(box, where, a.namespace, a.name, dims, stat);
  };

  views["cloudwatch/alarms"] = async (box, r, where) => {
    const c = r.attributes.config || {};
    box.append(h("p", {}, "State: ", h("b", { class: r.attributes.state === "ALARM" ? "error" : "" }, r.attributes.state), ` (${r.attributes.reason})`));
    if (c.MetricName) await metricChart(box, where, c.Namespace, c.MetricName, c.Dimensions || [], c.Statistic || "Average");
  };

  // ---------------------------------------------------------------- Kinesis: a stream's records, put a record

  const shownData = (d) => d === null || d === undefined ? "" : typeof d === "string" ? d : d.text !== undefined ? d.text : `base64: ${d.base64}`;

  views["kinesis/streams"] = (box, r, where) => {
    const name = r.key;
    const list = h("div", {});
    const key = h("input", { type: "text", placeholder: "partition key", value: "console", "data-test": "put-key" });
    const data = h("textarea", { rows: 3, placeholder: "data", "data-test": "put-data" });
    // Every shard from its oldest record on (up to 100 a shard): what a consumer at TRIM_HORIZON would read.
    const load = guarded(async () => {
      const shards = (await call("kinesis", "ListShards", { StreamName: name }, where)).Shards || [];
      const rows = [];
      for (const shard of shards) {
        const it = (await call("kinesis", "GetShardIterator", { StreamName: name, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }, where)).ShardIterator;
        const out = await call("kinesis", "GetRecords", { ShardIterator: it, Limit: 100 }, where);
        for (const rec of out.Records || []) rows.push([shard.ShardId, rec]);
      }
      rows.sort((a, b) => String(a[1].ApproximateArrivalTimestamp).localeCompare(String(b[1].ApproximateArrivalTimestamp)));
      list.replaceChildren(h("table", { "data-test": "records" }, h("tr", {}, ["Shard", "Sequence", "Partition key", "Arrived", "Data"].map((x) => h("th", {}, x))),
        rows.map(([shard, rec]) => h("tr", {}, h("td", {}, shard), h("td", { class: "mono" }, rec.SequenceNumber), h("td", {}, rec.PartitionKey),
          h("td", {}, when(rec.ApproximateArrivalTimestamp)), h("td", {}, h("pre", {}, shownData(rec.Data)))))));
    });
    box.append(h("h2", {}, "Put a record"), key, data, h("div", { class: "row" }, h("button", { class: "primary", "data-test": "put", onclick: guarded(async () => {
      const out = await call("kinesis", "PutRecord", { StreamName: name, PartitionKey: key.value || "console", Data: data.value }, where);
      toast(`Put ${out.SequenceNumber} in ${out.ShardId}`); data.value = ""; load();
    }) }, "Put record"), h("button", { onclick: load }, "Refresh")), h("h2", {}, "Records"), list);
    load();
  };

  // ---------------------------------------------------------------- Secrets Manager: the value, on demand; a new version

  views["secretsmanager/secrets"] = (box, r, where) => {
    const id = r.arn || r.key;
    const shown = h("div", {});
    const value = h("textarea", { rows: 4, placeholder: "new secret string", "data-test": "secret-new" });
    box.append(h("h2", {}, "Value"), h("div", { class: "row" }, h("button", { "data-test": "secret-reveal", onclick: guarded(async () => {
      const out = await call("secretsmanager", "GetSecretValue", { SecretId: id }, where);
      let text = out.SecretString !== undefined ? out.SecretString : shownData(out.SecretBinary);
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: as stored */ }
      shown.replaceChildren(h("div", { class: "muted" }, `version ${out.VersionId} (${(out.VersionStages || []).join(", ")})`), h("pre", { "data-test": "secret-value" }, text));
    }) }, "Reveal current value")), shown,
    h("h2", {}, "Store a new version"), value, h("div", { class: "row" }, h("button", { class: "primary", "data-test": "secret-put", onclick: guarded(async () => {
      const out = await call("secretsmanager", "PutSecretValue", { SecretId: id, SecretString: value.value }, where);
      toast(`Stored version ${out.VersionId}`); value.value = ""; shown.replaceChildren();
    }) }, "Store as AWSCURRENT")));
  };

  // ---------------------------------------------------------------- CloudFormation: a stack, its events and resources

  // Every page of a listing operation, up to `most` items.
  async function all(service, operation, input, where, key, most = 2000) {
    const items = [];
    let token;
    do {
      const out = await call(service, operation, { ...input, NextToken: token }, where);
      items.push(...(out[key] || []));
      token = out.NextToken;
    } while (token && items.length < most);
    return items;
  }

  const failedStatus = (s) => /FAILED|ROLLBACK/.test(s || "");

  views["cloudformation/stacks"] = (box, r, where) => {
    const stackId = r.key;
    let current = "Resources"; // the tab open, kept when the stack reloads
    const head = h("div", { class: "panel", "data-test": "stack" });
    const resources = async (body) => {
      const rows = await all("cloudformation", "ListStackResources", { StackName: stackId }, where, "StackResourceSummaries");
      // Where the console shows each physical resource, found from the type's own service (server side).
      let found = [];
      try {
        found = (await api("locate", { method: "POST", body: JSON.stringify({ ...where, resources: rows.map((x) => ({ type: x.ResourceType, physical: x.PhysicalResourceId })) }) })).found;
      } catch { /* links are a help: the ids stay as text */ }
      body.replaceChildren(rows.length ? h("table", { "data-test": "stack-resources" }, h("tr", {}, ["Logical ID", "Physical ID", "Type", "Status", "Reason"].map((x) => h("th", {}, x))),
        rows.map((x, i) => {
          const at = found[i];
          return h("tr", { class: failedStatus(x.ResourceStatus) ? "bad" : "", "data-logical": x.LogicalResourceId }, h("td", {}, x.LogicalResourceId),
            h("td", { class: "mono" }, at ? h("a", { href: "#/" + ["item", at.service, at.account, at.region, at.table, at.key].map(enc).join("/"), "data-physical": x.LogicalResourceId }, x.PhysicalResourceId || "") : x.PhysicalResourceId || ""),
            h("td", {}, x.ResourceType), h("td", {}, x.ResourceStatus), h("td", {}, x.ResourceStatusReason || ""));
        })) : h("p", { class: "muted" }, "No resources."));
    };
    const events = async (body) => {
      const rows = h("tbody", {});
      const more = h("button", { "data-test": "events-more" }, "More");
      let token;
      const page = guarded(async () => {
        const out = await call("cloudformation", "DescribeStackEvents", { StackName: stackId, NextToken: token }, where);
        token = out.NextToken;
        more.hidden = !token;
        for (const e of out.StackEvents || []) { // newest first, as AWS gives them
          rows.append(h("tr", { class: failedStatus(e.ResourceStatus) ? "bad" : "" }, h("td", {}, when(e.Timestamp)), h("td", {}, e.LogicalResourceId),
            h("td", {}, e.ResourceType), h("td", {}, e.ResourceStatus), h("td", {}, e.ResourceStatusReason || "")));
        }
      });
      more.addEventListener("click", page);
      body.replaceChildren(h("table", { "data-test": "stack-events" }, h("thead", {}, h("tr", {}, ["Time", "Logical ID", "Type", "Status", "Reason"].map((x) => h("th", {}, x)))), rows), more);
      await page();
    };
    const template = async (body) => {
      const text = h("div", {});
      const show = guarded(async (stage) => {
        const out = await call("cloudformation", "GetTemplate", { StackName: stackId, TemplateStage: stage }, where);
        let shown = out.TemplateBody || "";
        if (typeof shown !== "string") shown = JSON.stringify(shown, null, 2);
        else { try { shown = JSON.stringify(JSON.parse(shown), null, 2); } catch { /* YAML: shown as written */ } }
        text.replaceChildren(h("pre", { "data-test": "template" }, shown));
      });
      const stage = h("select", {}, ["Original", "Processed"].map((x) => h("option", { value: x }, x)));
      stage.addEventListener("change", () => show(stage.value));
      body.replaceChildren(h("div", { class: "row" }, "Stage", stage), text);
      await show("Original");
    };
    // Change sets waiting on the stack: what each would do, and executing one (ExecuteChangeSet).
    const changeSets = async (body) => {
      const sets = await all("cloudformation", "ListChangeSets", { StackName: stackId }, where, "Summaries");
      const detail = h("div", {});
      const show = guarded(async (cs) => {
        const d = await call("cloudformation", "DescribeChangeSet", { ChangeSetName: cs.ChangeSetId }, where);
        const changes = (d.Changes || []).map((c) => c.ResourceChange || {});
        detail.replaceChildren(h("h2", {}, `${d.ChangeSetName}: ${d.Status}${d.StatusReason ? ` (${d.StatusReason})` : ""}`),
          h("table", { "data-test": "changes" }, h("tr", {}, ["Action", "Logical ID", "Type", "Replacement"].map((x) => h("th", {}, x))),
            changes.map((c) => h("tr", {}, h("td", {}, c.Action), h("td", {}, c.LogicalResourceId), h("td", {}, c.ResourceType), h("td", {}, c.Replacement || "")))),
          d.ExecutionStatus === "AVAILABLE" ? h("div", { class: "row" }, h("button", { class: "primary", "data-test": "changeset-execute", onclick: guarded(async () => {
            await call("cloudformation", "ExecuteChangeSet", { ChangeSetName: d.ChangeSetId }, where);
            toast(`Executing ${d.ChangeSetName}`); load();
          }) }, "Execute")) : null);
      });
      body.replaceChildren(sets.length ? h("table", { "data-test": "changesets" }, h("tr", {}, ["Name", "Status", "Execution", "Created"].map((x) => h("th", {}, x))),
        sets.map((cs) => h("tr", {}, h("td", {}, h("a", { class: "act", role: "button", tabindex: "0", onclick: () => show(cs) }, cs.ChangeSetName)),
          h("td", {}, cs.Status), h("td", {}, cs.ExecutionStatus), h("td", {}, when(cs.CreationTime))))) : h("p", { class: "muted" }, "No change sets."), detail);
    };
    const load = guarded(async () => {
      const s = ((await call("cloudformation", "DescribeStacks", { StackName: stackId }, where)).Stacks || [])[0];
      if (!s) return;
      head.replaceChildren(h("dl", { class: "kv" },
        h("dt", {}, "Status"), h("dd", { "data-test": "stack-status", class: failedStatus(s.StackStatus) ? "error" : "" }, s.StackStatus, s.StackStatusReason ? ` (${s.StackStatusReason})` : ""),
        s.Description ? [h("dt", {}, "Description"), h("dd", {}, s.Description)] : null,
        h("dt", {}, "Created"), h("dd", {}, when(s.CreationTime)),
        s.LastUpdatedTime ? [h("dt", {}, "Updated"), h("dd", {}, when(s.LastUpdatedTime))] : null,
        s.DeletionTime ? [h("dt", {}, "Deleted"), h("dd", {}, when(s.DeletionTime))] : null,
        s.ParentId ? [h("dt", {}, "Parent"), h("dd", {}, link(["item", "cloudformation", r.account, r.region, "stacks", s.ParentId], s.ParentId))] : null,
        h("dt", {}, "Drift"), h("dd", {}, (s.DriftInformation || {}).StackDriftStatus || "")));
      const params = s.Parameters || [];
      const outputs = s.Outputs || [];
      const tabsBox = h("div", {});
      const gone = s.StackStatus === "DELETE_COMPLETE";
      const act = (label, test, run, cls) => gone ? null : h("button", { class: cls, "data-test": test, onclick: guarded(async () => { if (await run() !== false) load(); }) }, label);
      box.replaceChildren(h("h2", {}, "Stack"), head, h("div", { class: "row" }, h("button", { onclick: load }, "Refresh"),
        act("Detect drift", "stack-drift", async () => {
          const id = (await call("cloudformation", "DetectStackDrift", { StackName: stackId }, where)).StackDriftDetectionId;
          toast(`Drift detection ${id} started`);
        }),
        act("Delete stack", "stack-delete", async () => {
          if (!confirm(`Delete stack ${s.StackName} and the resources it made?`)) return false;
          await call("cloudformation", "DeleteStack", { StackName: stackId }, where);
          toast(`Deleting ${s.StackName}`);
        }, "danger")), tabsBox);
      const named = {
        Resources: resources,
        Events: events,
        Parameters: async (body) => body.replaceChildren(params.length ? h("table", { "data-test": "stack-parameters" }, h("tr", {}, ["Key", "Value", "Resolved"].map((x) => h("th", {}, x))),
          params.map((p) => h("tr", {}, h("td", {}, p.ParameterKey), h("td", { class: "mono" }, p.ParameterValue), h("td", { class: "mono" }, p.ResolvedValue || "")))) : h("p", { class: "muted" }, "No parameters.")),
        Outputs: async (body) => body.replaceChildren(outputs.length ? h("table", { "data-test": "stack-outputs" }, h("tr", {}, ["Key", "Value", "Description", "Export"].map((x) => h("th", {}, x))),
          outputs.map((o) => h("tr", {}, h("td", {}, o.OutputKey), h("td", {}, /^arn:/.test(o.OutputValue || "") ? window.Console.arnCell(o.OutputValue) : h("span", { class: "mono" }, o.OutputValue)),
            h("td", {}, o.Description || ""), h("td", {}, o.ExportName || "")))) : h("p", { class: "muted" }, "No outputs.")),
        Template: template,
        "Change sets": changeSets,
      };
      tabs(tabsBox, Object.fromEntries(Object.entries(named).map(([k, f]) => [k, (b) => { current = k; return f(b); }])), current);
      // A stack at work: its status and events follow until it comes to rest.
      if (/_IN_PROGRESS$/.test(s.StackStatus)) setTimeout(() => { if (document.body.contains(head)) load(); }, 1500);
    });
    load();
  };

  // ---------------------------------------------------------------- CloudWatch Logs: streams, events, tail

  // Live tail: new events pushed by the server (api/logs/tail, fed by Logs' own StartLiveTail), not polled.
  let tailing = null;
  const stopTail = () => { if (tailing) { tailing.close(); tailing = null; } };
  window.addEventListener("hashchange", stopTail);

  const eventKey = (e) => `${e.timestamp}|${e.ingestionTime}|${e.logStreamName || ""}|${e.message}`;

  views["logs/groups"] = (box, r, where) => {
    const group = r.key;
    const streams = h("div", {});
    const events = h("div", {});
    // One stream's events, oldest first; with the tail on, the new ones arrive as they are put.
    const open = guarded(async (stream, tail) => {
      stopTail();
      let token;
      const seen = new Set();
      const rows = h("tbody", {});
      const add = (e) => {
        const key = eventKey({ ...e, logStreamName: stream });
        if (seen.has(key)) return;
        seen.add(key);
        rows.append(h("tr", {}, h("td", {}, when(e.timestamp / 1000)), h("td", {}, h("pre", {}, e.message))));
      };
      const fetchMore = async () => { // every page from the last forward token on
        for (let i = 0; i < 20; i++) {
          const out = await call("logs", "GetLogEvents", { logGroupName: group, logStreamName: stream, startFromHead: true, limit: 1000, nextToken: token }, where);
          (out.events || []).forEach(add);
          const same = out.nextForwardToken === token;
          token = out.nextForwardToken;
          if (same || !(out.events || []).length) break;
        }
      };
      const tailBox = h("input", { type: "checkbox", checked: tail, "data-test": "tail" });
      tailBox.addEventListener("change", () => open(stream, tailBox.checked));
      const status = h("span", { class: "muted", "data-test": "tail-state" }, tail ? "connecting…" : "");
      events.replaceChildren(h("h2", {}, stream), h("label", {}, tailBox, " live tail "), status,
        h("table", { "data-test": "log-events" }, h("thead", {}, h("tr", {}, h("th", {}, "Time"), h("th", {}, "Message"))), rows));
      await fetchMore();
      if (!tail) return;
      const es = tailing = new EventSource("api/logs/tail" + qs({ group, stream, ...where }));
      let held = []; // pushed while catching up on what came between the listing and the session
      es.addEventListener("start", guarded(async () => {
        held = held || [];
        await fetchMore();
        held.forEach(add);
        held = null;
        status.textContent = "● live";
      }));
      es.addEventListener("end", () => { status.textContent = "ended (the group is gone)"; stopTail(); });
      es.onerror = () => { status.textContent = es.readyState === EventSource.CLOSED ? "closed" : "reconnecting…"; held = []; };
      es.onmessage = (ev) => {
        if (!document.body.contains(rows)) return stopTail();
        const pushed = JSON.parse(ev.data).events;
        if (held) held.push(...pushed); else pushed.forEach(add);
      };
    });
    // Every stream of the group at once (optionally filtered by a Logs filter pattern): only what comes from now on.
    const tailGroup = guarded(async () => {
      stopTail();
      const rows = h("tbody", {});
      const pattern = h("input", { type: "text", placeholder: "filter pattern (optional)", size: 30, "data-test": "tail-filter" });
      const status = h("span", { class: "muted", "data-test": "tail-state" }, "connecting…");
      const start = () => {
        stopTail();
        rows.replaceChildren();
        status.textContent = "connecting…";
        const es = tailing = new EventSource("api/logs/tail" + qs({ group, filter: pattern.value, ...where }));
        es.addEventListener("start", () => { status.textContent = "● live"; });
        es.addEventListener("end", () => { status.textContent = "ended (the group is gone)"; stopTail(); });
        es.onerror = () => { status.textContent = es.readyState === EventSource.CLOSED ? "closed" : "reconnecting…"; };
        es.onmessage = (ev) => {
          if (!document.body.contains(rows)) return stopTail();
          const out = JSON.parse(ev.data);
          for (const e of out.events) rows.append(h("tr", {}, h("td", {}, when(e.timestamp / 1000)), h("td", { class: "mono" }, e.logStreamName), h("td", {}, h("pre", {}, e.message))));
          if (out.sampled) rows.append(h("tr", {}, h("td", { colspan: 3, class: "muted" }, "(sampled: more events arrived than a tail update carries)")));
        };
      };
      pattern.addEventListener("keydown", (e) => { if (e.key === "Enter") start(); });
      events.replaceChildren(h("h2", {}, "Live tail of every stream"), h("div", { class: "row" }, pattern, h("button", { onclick: start }, "Apply"), status),
        h("table", { "data-test": "group-tail" }, h("thead", {}, h("tr", {}, h("th", {}, "Time"), h("th", {}, "Stream"), h("th", {}, "Message"))), rows));
      start();
    });
    const load = guarded(async () => {
      const rows = h("tbody", {});
      const more = h("button", { "data-test": "streams-more" }, "More streams");
      let token;
      const page = guarded(async () => { // the most recently written first, fifty at a time
        const out = await call("logs", "DescribeLogStreams", { logGroupName: group, orderBy: "LastEventTime", descending: true, limit: 50, nextToken: token }, where);
        token = out.nextToken;
        more.hidden = !token;
        for (const s of out.logStreams || []) rows.append(h("tr", {}, h("td", {}, h("a", { class: "act", role: "button", tabindex: "0", onclick: () => open(s.logStreamName, false) }, s.logStreamName)),
          h("td", {}, s.lastEventTimestamp ? when(s.lastEventTimestamp / 1000) : ""), h("td", { class: "num" }, size(s.storedBytes))));
      });
      more.addEventListener("click", page);
      streams.replaceChildren(h("table", { "data-test": "streams" }, h("thead", {}, h("tr", {}, ["Stream", "Last event", "Stored"].map((x) => h("th", {}, x)))), rows), more);
      await page();
    });
    box.append(h("h2", {}, "Log streams"), h("div", { class: "row" }, h("button", { onclick: load }, "Refresh"), h("button", { "data-test": "tail-group", onclick: tailGroup }, "Live tail of every stream")),
      streams, events);
    load();
  };
})();
