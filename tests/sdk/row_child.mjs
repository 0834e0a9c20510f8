// One environment row, run inside a network namespace of its own (see runner.mjs): a recording
// server on 127.0.0.1 (HTTPS on 443 and 8443, plain HTTP on 80 and 4000), then each SDK of the
// row's provider makes its basic call in turn. One JSON line per SDK on stdout. Values of secret
// variables are compared, never printed.
//   node --import ./resolve_loopback.mjs row_child.mjs PROVIDER ROW_INDEX CERT KEY
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ENVIRONMENTS, isSecretVar } from './environments.mjs';
import { SDKS } from './sdks.mjs';

const [provider, rowIndex, certPath, keyPath] = process.argv.slice(2);
const row = ENVIRONMENTS[provider][Number(rowIndex)];

// The secrets of the row: key variables and every value of a *_CUSTOM_HEADERS line.
const keys = Object.entries(row.env).filter(([n]) => isSecretVar(n) && !n.endsWith('CUSTOM_HEADERS'));
const secrets = [];
for (const [n, v] of Object.entries(row.env)) {
  if (!isSecretVar(n) || !v) continue;
  secrets.push(v);
  if (n.endsWith('CUSTOM_HEADERS')) {
    for (const line of v.split('\n')) { const i = line.indexOf(':'); if (i > 0) secrets.push(line.slice(i + 1).trim()); }
  }
}
const scrub = (text) => {
  let s = String(text);
  for (const v of secrets.sort((a, b) => b.length - a.length)) if (v.length >= 6) s = s.split(v).join('[secret]');
  return s.slice(0, 300);
};

/** Which variable's key a header value carries, and with what scheme ("Bearer", or null alone). */
function keyIn(value, header = '') {
  for (const [name, key] of keys) {
    if (!key) {  // set but empty: an SDK that sends it sends nothing after the scheme
      if (KEY_HEADERS.test(header) && /^(Bearer|Token|Basic)?\s*$/i.test(value)) return { var: name, scheme: value.trim() || null, empty: true };
      continue;
    }
    if (value === key) return { var: name, scheme: null };
    const sp = value.indexOf(' ');
    if (sp > 0 && value.slice(sp + 1) === key) return { var: name, scheme: value.slice(0, sp) };
    if (value.includes(key)) return { var: name, scheme: 'embedded' };
  }
  return null;
}

// Headers every HTTP client sends; the rest are the SDK's own (its "extra" headers).
const GENERIC = /^(host|content-type|content-length|accept|accept-encoding|accept-language|user-agent|connection|sec-fetch-mode|transfer-encoding|x-stainless-.*)$/;

// Where an empty key can show up: only these headers are read as carrying it.
const KEY_HEADERS = /^(authorization|x-api-key|api-key|x-goog-api-key)$/;

// SDKs print warnings on stdout too: results carry a mark of their own.
const MARK = 'sdk-result ';

let recorded = [];
const sniSeen = [];
function record(scheme, port) {
  return (req, res) => {
    const url = new URL(req.url, 'http://x');
    const key = [];
    const extra = [];
    for (const [name, value] of Object.entries(req.headers)) {
      const text = Array.isArray(value) ? value.join(', ') : value;
      const found = keyIn(text, name);
      if (found) key.push({ header: name, ...found });
      else if (!GENERIC.test(name)) extra.push(name);
    }
    for (const [name, value] of url.searchParams) {
      const found = keyIn(value);
      if (found) key.push({ header: `query:${name}`, ...found });
    }
    recorded.push({
      method: req.method, scheme, port, host: req.headers.host ?? null, sni: req.socket.servername ?? null,
      path: url.pathname, query: [...url.searchParams.keys()].filter((k) => !key.some((x) => x.header === `query:${k}`))
        .map((k) => `${k}=${url.searchParams.get(k)}`).join('&'),
      key, extra: extra.sort(), header_names: Object.keys(req.headers).sort(),
    });
    req.resume();
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'keyguard conformance test: request recorded', type: 'invalid_request_error', code: 'conformance' } }));
  };
}

const tlsOptions = { cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) };
const servers = [
  https.createServer({ ...tlsOptions, SNICallback: (name, cb) => { sniSeen.push(name); cb(null, null); } }, record('https', 443)),
  https.createServer({ ...tlsOptions, SNICallback: (name, cb) => { sniSeen.push(name); cb(null, null); } }, record('https', 8443)),
  http.createServer(record('http', 80)),
  http.createServer(record('http', 4000)),
];
await Promise.all(servers.map((s, i) => new Promise((ok, fail) => {
  s.on('error', fail);
  s.listen([443, 8443, 80, 4000][i], '127.0.0.1', ok);
})));

const version = (pkg) => {
  try { return JSON.parse(fs.readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url))).version; } catch { return null; }
};

for (const sdk of SDKS[provider]) {
  recorded = [];
  sniSeen.length = 0;
  let error = null;
  let timer;
  try {
    await Promise.race([
      sdk.call(),
      new Promise((_, fail) => { timer = setTimeout(() => fail(new Error('timed out after 15 s')), 15000); }),
    ]);
  } catch (e) {
    error = scrub(e?.message ?? e);
  }
  clearTimeout(timer);
  const first = recorded[0] ?? null;
  const out = {
    provider, row: row.row, sdk: sdk.sdk, package: `${sdk.pkg}@${version(sdk.pkg)}`, in_code: sdk.in_code,
    requests: recorded.length,
    ...(first ? {
      method: first.method,
      origin: first.host ? `${first.scheme}://${first.host.includes(':') ? first.host : `${first.host}`}${first.host.includes(':') || first.port === (first.scheme === 'https' ? 443 : 80) ? '' : `:${first.port}`}` : null,
      sni: first.sni, path: first.path, query: first.query, key: first.key, extra: first.extra,
      header_names: first.header_names,
      more: recorded.slice(1).map((r) => `${r.method} ${r.scheme}://${r.host}${r.path}`),
    } : { sni_seen: [...new Set(sniSeen)] }),
    error: first ? null : error,
  };
  process.stdout.write(`${MARK}${JSON.stringify(out)}\n`);
}
for (const s of servers) s.close();
process.exit(0);
