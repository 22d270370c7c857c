// cumulo's Node.js runtime client: loads the function's handler and serves it over
// the Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
//
// Handlers may be async, return a promise, or take a callback; CommonJS (.js, .cjs)
// and ES modules (.mjs, or .js under "type": "module") both load. Response streaming
// follows the managed runtime: `awslambda.streamifyResponse(handler)` gets a writable
// stream, sent to the Runtime API as a chunked body in "streaming" response mode.
// console output is written as the managed runtime writes it: time, request id, level.
'use strict';

const http = require('http');
const path = require('path');
const fs = require('fs');
const util = require('util');
const { Writable } = require('stream');
const { pathToFileURL } = require('url');

// ES modules ignore NODE_PATH; this hook gives them the same folders (layers, the runtime's SDK).
const nodePath = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);
const { register } = require('module');
if (register && nodePath.length) {
  register(pathToFileURL(path.join(__dirname, 'node-paths.mjs')).href, { data: { folders: nodePath } });
}

// On AWS a custom resource's ResponseURL is an https URL on port 443, and the CDK's handlers
// (its custom resource providers, the Provider framework, AwsCustomResource) PUT their answer
// with https.request({ hostname, path }), dropping any port. cumulo serves that URL itself, on
// its own port: such a request, for a CloudFormation callback path on cumulo's host, is sent
// there, so those handlers answer as they do on AWS.
const CALLBACK_PATH = '/_cfn/callback/';
if (process.env.AWS_ENDPOINT_URL) {
  const https = require('https');
  const endpoint = new URL(process.env.AWS_ENDPOINT_URL);
  const secure = endpoint.protocol === 'https:';
  const hosts = new Set(['localhost', '127.0.0.1', endpoint.hostname]);
  for (const name of ['request', 'get']) {
    const original = https[name];
    https[name] = function (options, ...rest) {
      const callback = options && typeof options === 'object' && !(options instanceof URL) && !options.port &&
        hosts.has(options.hostname || options.host) && String(options.path || '').startsWith(CALLBACK_PATH);
      if (!callback) return original.call(this, options, ...rest);
      const target = { ...options, host: undefined, hostname: endpoint.hostname, port: endpoint.port || (secure ? 443 : 80), agent: undefined };
      return secure ? original.call(https, { ...target, rejectUnauthorized: false }, ...rest) : http[name](target, ...rest);
    };
  }
}

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const BASE = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
let requestId = '';

for (const [name, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[name] = (...args) => {
    process.stdout.write(`${new Date().toISOString()}\t${requestId || 'undefined'}\t${level}\t${util.format(...args)}\n`);
  };
}

function call(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port: PORT, method, path: BASE + route, agent, headers: headers || {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorPayload(err) {
  if (err instanceof Error) {
    return { errorType: err.name || 'Error', errorMessage: err.message, trace: String(err.stack || '').split('\n') };
  }
  if (err && typeof err === 'object' && err.errorType) return err;
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

async function loadHandler() {
  const spec = process.env._HANDLER || '';
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${spec}: missing module name`);
  const modulePath = spec.slice(0, dot);
  const member = spec.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => path.resolve(root, modulePath + ext)).find((f) => fs.existsSync(f));
  if (!file) throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  let mod;
  if (file.endsWith('.mjs')) {
    mod = await import(pathToFileURL(file).href);
  } else {
    try {
      mod = require(file);
    } catch (err) {
      if (err.code !== 'ERR_REQUIRE_ESM') throw err;
      mod = await import(pathToFileURL(file).href);
    }
  }
  const handler = mod[member] ?? (mod.default && mod.default[member]);
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${modulePath}.${member} is undefined or not exported`);
  }
  return handler;
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (v) => (v ? JSON.parse(v) : undefined);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context'] && Buffer.from(headers['lambda-runtime-client-context'], 'base64').toString()),
    identity: parse(headers['lambda-runtime-cognito-identity']),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err, value) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(value);
    };
    context.done = done;
    context.succeed = (value) => done(null, value);
    context.fail = (err) => done(err || new Error('handled'));
    try {
      const result = handler(event, context, done);
      if (result && typeof result.then === 'function') result.then((v) => done(null, v), (e) => done(e));
      else if (handler.length < 3) done(null, result);
    } catch (err) {
      done(err);
    }
  });
}

// A writable the handler streams into; the Runtime API request opens on the first write.
class ResponseStream extends Writable {
  constructor(id) {
    super();
    this.id = id;
    this.contentType = 'application/octet-stream';
    this.req = null;
    this.answered = new Promise((resolve, reject) => { this._answer = resolve; this._fail = reject; });
  }
  setContentType(type) { this.contentType = type; }
  open() {
    if (this.req) return this.req;
    this.req = http.request({
      host: HOST, port: PORT, method: 'POST', path: `${BASE}/invocation/${this.id}/response`, agent,
      headers: {
        'Content-Type': this.contentType,
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        'Transfer-Encoding': 'chunked',
        Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
      },
    }, (res) => { res.resume(); res.on('end', this._answer); });
    this.req.on('error', this._fail);
    return this.req;
  }
  _write(chunk, encoding, callback) { this.open().write(chunk, encoding, callback); }
  _final(callback) { this.open().end(); callback(); }
}

async function serveStreaming(handler, event, context, id) {
  const stream = new ResponseStream(id);
  try {
    await handler(event, stream, context);
    if (!stream.writableEnded) stream.end();
  } catch (err) {
    if (!stream.req) throw err;  // nothing sent yet: an ordinary error answer
    const payload = errorPayload(err);
    stream.req.addTrailers({
      'Lambda-Runtime-Function-Error-Type': payload.errorType,
      'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(payload)).toString('base64'),
    });
    stream.req.end();
  }
  await stream.answered;
}

async function reportError(route, err) {
  const payload = errorPayload(err);
  console.error('Invoke Error', JSON.stringify(payload));
  await call('POST', route, JSON.stringify(payload), { 'Lambda-Runtime-Function-Error-Type': payload.errorType, 'Content-Type': 'application/json' });
}

globalThis.awslambda = {
  streamifyResponse(handler) {
    const wrapped = (event, stream, context) => handler(event, stream, context);
    wrapped[STREAMING] = true;
    return wrapped;
  },
  HttpResponseStream: {
    from(stream, prelude) {
      stream.setContentType('application/vnd.awslambda.http-integration-response');
      stream.write(JSON.stringify(prelude || {}));
      stream.write(Buffer.alloc(8));
      return stream;
    },
  },
};

async function fatal(kind, err) {
  const payload = errorPayload(err);
  payload.errorType = kind;
  const route = requestId ? `/invocation/${requestId}/error` : '/init/error';
  try { await reportError(route, payload); } finally { process.exit(128); }
}
process.on('unhandledRejection', (reason) => fatal('Runtime.UnhandledPromiseRejection', reason));
process.on('uncaughtException', (err) => fatal(err && err.name ? err.name : 'Error', err));

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (err) {
    await reportError('/init/error', err);
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    requestId = id;
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] || '';
    const context = makeContext(next.headers);
    try {
      const text = next.body.toString('utf8');
      const event = text ? JSON.parse(text) : null;
      if (handler[STREAMING]) {
        await serveStreaming(handler, event, context, id);
      } else {
        const result = await runHandler(handler, event, context);
        const body = result === undefined ? 'null' : JSON.stringify(result);
        await call('POST', `/invocation/${id}/response`, body, { 'Content-Type': 'application/json' });
      }
    } catch (err) {
      await reportError(`/invocation/${id}/error`, err);
    }
    requestId = '';
  }
}

main();
