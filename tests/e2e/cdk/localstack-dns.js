// Preloaded into the CDK CLI's node processes (NODE_OPTIONS=--require) by tests/e2e/test_cdk.py:
// answers for `localhost.localstack.cloud` and its sub-domains what public DNS answers (127.0.0.1),
// for machines without a resolver (this test's). cdklocal's defaults name those hosts.
"use strict";

const dns = require("dns");

const LOCAL = /(^|\.)localhost\.localstack\.cloud\.?$/i;
const lookup = dns.lookup;

dns.lookup = function localLookup(hostname, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  if (typeof hostname === "string" && LOCAL.test(hostname)) {
    const all = typeof options === "object" && options !== null && options.all;
    return process.nextTick(() => (all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4)));
  }
  return lookup.call(this, hostname, options, callback);
};
