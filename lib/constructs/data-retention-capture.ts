/**
 * The password-capture sidecar of the data-retention bot's task.
 *
 * On its first start the Wickr data-retention bot signs in with the one-time challenge and then
 * prints a password it generated for itself ("GENERATED PASSWORD ... DO NOT LOSE"). Every later start
 * needs that password, so it must reach the bot's secret, and it must never reach CloudWatch Logs
 * (a subscription filter would be too late: the plaintext would already be stored there).
 *
 * The kit cannot change the bot image or its entry point, so it intercepts the output instead:
 *
 *   bot container ──(FireLens log driver, Fluent Bit `http` output)──► this program on 127.0.0.1
 *   this program ──► its own stdout (awslogs driver) ──► the bot's log group
 *
 * The bot's stdout and stderr never go to CloudWatch directly. This program passes every line on,
 * except the lines around the banner: it withholds the line before the banner (if it is still
 * held back), the banner line and the three lines after it, reads the password from them, merges it
 * into the secret (`password`), keeps the withheld lines in the secret too
 * (`wickr_kit_generated_password_output`, so nothing is lost if the format surprises us), and logs
 * only that it did so. Any later line that contains a captured password (or the password the
 * secret held at start) is masked.
 *
 * The program is plain JavaScript with Node.js built-ins only (no packages to install into a
 * public image): it signs its Secrets Manager calls with SigV4 itself and takes credentials from
 * the ECS task role endpoint. It runs as `node -e <this text>` in a pinned Node.js image pulled
 * through the agency's ECR pull-through cache. The test suite runs exactly this text.
 */

/** The sidecar's port on the task's loopback interface (containers of a Fargate task share it). */
export const PASSWORD_CAPTURE_PORT = 8877;
/** The path the Fluent Bit `http` output posts the bot's log records to. */
export const PASSWORD_CAPTURE_PATH = '/bot-output';
/** The secret key holding the raw lines withheld around the banner. */
export const CAPTURED_OUTPUT_KEY = 'wickr_kit_generated_password_output';

/** Environment variables the program reads. */
export const PASSWORD_CAPTURE_ENV = {
  secretId: 'WICKR_KIT_SECRET_ID',
  secretRegion: 'WICKR_KIT_SECRET_REGION',
  port: 'WICKR_KIT_CAPTURE_PORT',
  holdMs: 'WICKR_KIT_CAPTURE_HOLD_MS',
  retryBaseMs: 'WICKR_KIT_CAPTURE_RETRY_BASE_MS',
} as const;

/**
 * The program. Written without template literals so it can live in this String.raw block unchanged.
 */
export const PASSWORD_CAPTURE_SCRIPT = String.raw`'use strict';
const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');

const env = process.env;
const SECRET_ID = env.WICKR_KIT_SECRET_ID;
const REGION = env.WICKR_KIT_SECRET_REGION || env.AWS_REGION || env.AWS_DEFAULT_REGION;
const PORT = Number(env.WICKR_KIT_CAPTURE_PORT || 8877);
const HOLD_MS = Number(env.WICKR_KIT_CAPTURE_HOLD_MS || 5000);
const RETRY_BASE_MS = Number(env.WICKR_KIT_CAPTURE_RETRY_BASE_MS || 1000);
const OUTPUT_KEY = 'wickr_kit_generated_password_output';
const LINES_AFTER = 3;
const MARKER = /GENERATED\s+PASSWORD/i;
const BANNER_WORDS = new Set(['GENERATED', 'PASSWORD', 'DO', 'NOT', 'LOSE', 'THIS', 'IS', 'YOUR', 'NEW', 'THE', 'BOT', 'KEEP', 'SAFE', 'IT']);
const LOG_LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL']);

function note(level, message, fields) {
  const entry = Object.assign({ level: level, source: 'wickr-kit-password-capture', message: message }, fields || {});
  process.stdout.write(JSON.stringify(entry) + '\n');
}

if (!SECRET_ID || !REGION) {
  note('ERROR', 'WICKR_KIT_SECRET_ID and WICKR_KIT_SECRET_REGION must be set');
  process.exit(2);
}

// ---- output: every line the bot printed, except the ones withheld, with known passwords masked
const known = new Set();
function mask(text) {
  let out = text;
  known.forEach(function (secret) {
    if (secret.length >= 8 && out.indexOf(secret) >= 0) out = out.split(secret).join('***');
  });
  return out;
}
function emit(line, stream) {
  (stream === 'stderr' ? process.stderr : process.stdout).write(mask(line) + '\n');
}

// ---- reading the password from the withheld lines
function isNoise(token) {
  const word = token.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (word === '') return true;
  if (BANNER_WORDS.has(word) || LOG_LEVELS.has(word)) return true;
  if (/^\[?\d{4}-\d{2}-\d{2}/.test(token) || /^\d{1,2}:\d{2}(:\d{2})?/.test(token)) return true;
  return false;
}
function candidates(text) {
  return text.split(/\s+/).filter(function (t) { return t !== '' && !isNoise(t) && t.length >= 8 && t.length <= 256; });
}
function readPassword(lines, markerIndex) {
  const markerLine = lines[markerIndex];
  const found = MARKER.exec(markerLine);
  const after = markerLine.slice(found.index + found[0].length).replace(/^[\s:=>-]+/, '');
  const onMarker = candidates(after);
  if (onMarker.length === 1) return onMarker[0];
  if (onMarker.length > 1) return undefined;
  const order = lines.slice(markerIndex + 1).concat(lines.slice(0, markerIndex));
  for (let i = 0; i < order.length; i++) {
    const c = candidates(order[i]);
    if (c.length === 1) return c[0];
  }
  return undefined;
}

// ---- the line state machine
let held = null;
let episode = null;
function flushHeld() {
  if (!held) return;
  clearTimeout(held.timer);
  const h = held;
  held = null;
  emit(h.line, h.stream);
}
function accept(line, stream) {
  if (episode) {
    episode.lines.push(line);
    if (episode.lines.length - episode.markerIndex - 1 >= LINES_AFTER) finishEpisode();
    return;
  }
  if (MARKER.test(line)) {
    const lines = [];
    if (held) {
      clearTimeout(held.timer);
      lines.push(held.line);
      held = null;
    }
    lines.push(line);
    episode = { lines: lines, markerIndex: lines.length - 1, timer: setTimeout(finishEpisode, HOLD_MS) };
    return;
  }
  flushHeld();
  held = { line: line, stream: stream, timer: setTimeout(flushHeld, HOLD_MS) };
}
function finishEpisode() {
  if (!episode) return;
  clearTimeout(episode.timer);
  const e = episode;
  episode = null;
  const password = readPassword(e.lines, e.markerIndex);
  if (password) known.add(password);
  note('INFO', 'withheld the lines around the generated-password banner from the log', { withheldLines: e.lines.length, secretId: SECRET_ID });
  pending = pending.then(function () { return store(password, e.lines.join('\n')); });
}
let pending = Promise.resolve();

function ingest(body) {
  const rows = body.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.trim() === '') continue;
    let line = row;
    let stream = 'stdout';
    try {
      const record = JSON.parse(row);
      if (record && typeof record === 'object' && typeof record.log === 'string') {
        line = record.log.replace(/\r?\n$/, '');
        if (record.source === 'stderr') stream = 'stderr';
      }
    } catch (ignored) {
      // not a JSON record: pass the text on as it came
    }
    accept(line, stream);
  }
}

// ---- AWS: credentials, SigV4, Secrets Manager
function sha256(data) { return crypto.createHash('sha256').update(data, 'utf8').digest('hex'); }
function hmac(key, data) { return crypto.createHmac('sha256', key).update(data, 'utf8').digest(); }

function send(url, options, body) {
  return new Promise(function (resolve, reject) {
    const u = new URL(url);
    const lib = u.protocol === 'http:' ? http : https;
    const req = lib.request(u, { method: options.method, headers: options.headers, timeout: 10000 }, function (res) {
      const chunks = [];
      res.on('data', function (c) { chunks.push(c); });
      res.on('end', function () { resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }); });
    });
    req.on('timeout', function () { req.destroy(new Error('timeout')); });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let cached = null;
async function credentials() {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  if (cached && cached.expires - 300000 > Date.now()) return cached;
  let url;
  const headers = {};
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) url = 'http://169.254.170.2' + env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  else if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    url = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    if (env.AWS_CONTAINER_AUTHORIZATION_TOKEN) headers.authorization = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  } else throw Object.assign(new Error('no AWS credentials in the environment'), { code: 'NoCredentials' });
  const res = await send(url, { method: 'GET', headers: headers });
  if (res.status !== 200) throw Object.assign(new Error('credentials endpoint answered ' + res.status), { code: 'CredentialsEndpoint' });
  const c = JSON.parse(res.body);
  cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.Token, expires: c.Expiration ? Date.parse(c.Expiration) : Date.now() + 600000 };
  return cached;
}

function endpoint() {
  return env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || ('https://secretsmanager.' + REGION + '.amazonaws.com');
}

async function secretsManager(operation, input) {
  const creds = await credentials();
  const url = new URL(endpoint());
  const body = JSON.stringify(input);
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-target': 'secretsmanager.' + operation,
  };
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = ['POST', url.pathname || '/', '', names.map(function (n) { return n + ':' + String(headers[n]).trim() + '\n'; }).join(''), names.join(';'), sha256(body)].join('\n');
  const scope = [day, REGION, 'secretsmanager', 'aws4_request'].join('/');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac('AWS4' + creds.secretAccessKey, day), REGION), 'secretsmanager'), 'aws4_request');
  headers.authorization = 'AWS4-HMAC-SHA256 Credential=' + creds.accessKeyId + '/' + scope + ', SignedHeaders=' + names.join(';') + ', Signature=' + crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  headers['content-length'] = Buffer.byteLength(body);
  const res = await send(url.toString(), { method: 'POST', headers: headers }, body);
  let parsed = {};
  try { parsed = res.body ? JSON.parse(res.body) : {}; } catch (ignored) { parsed = {}; }
  if (res.status !== 200) {
    const code = String(parsed.__type || parsed.code || 'HTTP' + res.status).split('#').pop();
    throw Object.assign(new Error(operation + ' failed: ' + code), { code: code });
  }
  return parsed;
}

async function readSecret() {
  try {
    const out = await secretsManager('GetSecretValue', { SecretId: SECRET_ID });
    const value = out.SecretString ? JSON.parse(out.SecretString) : {};
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch (e) {
    if (e.code === 'ResourceNotFoundException') return {};
    if (e instanceof SyntaxError) return {};
    throw e;
  }
}

function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

async function store(password, raw) {
  for (let attempt = 1; ; attempt++) {
    try {
      const current = await readSecret();
      const next = Object.assign({}, current);
      next[OUTPUT_KEY] = raw;
      if (password) next.password = password;
      const text = JSON.stringify(next);
      if (text !== JSON.stringify(current)) {
        await secretsManager('PutSecretValue', { SecretId: SECRET_ID, SecretString: text, ClientRequestToken: 'wickr-kit-capture-' + sha256(text).slice(0, 40) });
      }
      if (password) {
        note('INFO', 'stored the password the bot generated in its secret (key "password")', { secretId: SECRET_ID });
      } else {
        note('ERROR', 'saw the generated-password banner but could not read exactly one password from it; the withheld lines are in the secret under "' + OUTPUT_KEY + '": copy the password into "password" before the bot restarts', { secretId: SECRET_ID });
      }
      return;
    } catch (e) {
      note('ERROR', 'could not store the generated password in the bot secret; retrying', { secretId: SECRET_ID, error: String(e.code || e.name), attempt: attempt });
      await sleep(Math.min(RETRY_BASE_MS * Math.pow(2, Math.min(attempt - 1, 6)), 60000));
    }
  }
}

// ---- the HTTP endpoint Fluent Bit posts to
const server = http.createServer(function (req, res) {
  if (req.method === 'GET' && req.url === '/healthz') { res.writeHead(200); res.end('ok'); return; }
  if (req.method !== 'POST') { res.writeHead(405); res.end(); return; }
  const chunks = [];
  req.on('data', function (c) { chunks.push(c); });
  req.on('end', function () {
    ingest(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200);
    res.end();
  });
});

function shutdown() {
  flushHeld();
  finishEpisode();
  server.close();
  Promise.race([pending, sleep(10000)]).then(function () { process.exit(0); });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

// The password the secret holds at start (the challenge, or the generated one) is masked too, from
// the first line on: the endpoint opens only once the secret has been read (or could not be).
readSecret().then(function (s) { if (typeof s.password === 'string') known.add(s.password); }, function (e) {
  note('WARN', 'could not read the bot secret at start; only passwords captured from now on are masked', { secretId: SECRET_ID, error: String(e.code || e.name) });
}).then(function () {
  server.listen(PORT, '127.0.0.1', function () { note('INFO', 'password capture listening', { port: server.address().port }); });
});
`;

/** The container health check: the capture endpoint answers. */
export function passwordCaptureHealthCheck(port: number = PASSWORD_CAPTURE_PORT): string[] {
  return [
    'CMD',
    'node',
    '-e',
    `require('http').get('http://127.0.0.1:${port}/healthz', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))`,
  ];
}
