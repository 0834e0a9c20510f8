// Compares what each SDK sent (runner.mjs's JSON lines) with what keyguard says it will check
// (`keyguard --offline --format json`, its per-provider "request") on the same environment.
// Compared: the origin, the API root (the SDK's path less its operation, keyguard's less its probe
// route; Azure's api-version beside it), the key's header, scheme and variable, and the extra
// header names. An SDK that disagrees with keyguard, or that cannot run on the row while keyguard
// passes it, must be matched by a keyguard warning (the provider's or the top-level one) naming
// one of the row's variables or the SDK (a row may name its own words in `warn`). keyguard
// refusing (78) a row on which an SDK makes its call is a failure: it would block a working app,
// unless the call carries an empty key. An SDK that sends nothing (it finds no key, region or
// version of its own and says so) needs no warning: docs/providers.md, "When SDKs read
// differently". A row's `known` names, per SDK, a difference the docs decide or an open issue
// leaves, with the reason; it is printed as such, never counted as agreement.
// Until keyguard's JSON has "request", only the key variable is compared and the rest is pending.
//   node compare.mjs KEYGUARD RESULTS.jsonl [--json]    exit 1 on a failure
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { ENVIRONMENTS } from './environments.mjs';

const [keyguard, resultsPath] = process.argv.slice(2);
const asJson = process.argv.includes('--json');

// The operation each SDK adds to its API root, and keyguard's probe route, per provider.
const CHAT = [/\/chat\/completions$/, /\/responses$/];
const ROUTES = {
  openai: { sdk: CHAT, keyguard: '/models' },
  anthropic: { sdk: [/\/v1\/messages$/], keyguard: '/v1/models' },
  azure: { sdk: [/\/deployments\/[^/]+\/chat\/completions$/, ...CHAT], keyguard: '/models' },
  gemini: { sdk: [/\/v1beta\/models\/[^/]+:generateContent$/], keyguard: '/v1beta/models' },
  // The SDK calls the runtime host, keyguard the control plane of the same region.
  bedrock: { sdk: [/\/model\/[^/]+\/converse$/], keyguard: '/foundation-models', host: (h) => h.replace(/^bedrock-runtime\./, 'bedrock.') },
  groq: { sdk: CHAT, keyguard: '/models' },
  mistral: { sdk: CHAT, keyguard: '/models' },
  deepseek: { sdk: CHAT, keyguard: '/user/balance' },
  openrouter: { sdk: CHAT, keyguard: '/key' },
  xai: { sdk: CHAT, keyguard: '/api-key' },
  together: { sdk: CHAT, keyguard: '/models' },
  fireworks: { sdk: CHAT, keyguard: '/models' },
  perplexity: { sdk: CHAT, keyguard: '/v1/models' },
  cerebras: { sdk: CHAT, keyguard: '/models' },
  cohere: { sdk: [/\/v2\/chat$/, /\/v1\/chat$/], keyguard: '/v1/check-api-key' },
  // Inference goes to the router, the token is checked on the Hub: one account, one key.
  huggingface: { sdk: [/\/v1\/responses$/, /\/v1\/chat\/completions$/, /\/api\/models\/.*$/], keyguard: '/api/whoami-v2',
    host: (h) => h.replace(/^router\./, '') },
};

// Header names that say nothing about the environment: telemetry and transport.
const INCIDENTAL = /^(host|user-agent|accept|accept-encoding|accept-language|connection|content-length|content-type|sec-fetch-mode|x-stainless-.*|x-fern-.*|x-goog-api-client|cookie|anthropic-dangerous-direct-browser-access|metadata-flavor|traceparent|baggage)$/i;

const SDK_NAMES = { 'ai-sdk': 'AI SDK', langchain: 'LangChain' };

function origin(scheme, host, port, map) {
  const h = map ? map(host) : host;
  const p = port && port !== (scheme === 'https' ? 443 : 80) ? `:${port}` : '';
  return `${scheme}://${h}${p}`;
}

function stripOperation(path, ops) {
  for (const op of ops) if (op.test(path)) return path.replace(op, '');
  return `(unknown operation) ${path}`;
}

function apiVersion(query) {
  const m = /(?:^|&)api-version=([^&]*)/.exec(query || '');
  return m ? decodeURIComponent(m[1]) : null;
}

/** An SDK's request, read as the fields compared. */
function readSdk(r, provider, keyguardVar) {
  const [hostname, port] = (r.origin.replace(/^https?:\/\//, '')).split(':');
  const scheme = r.origin.startsWith('https') ? 'https' : 'http';
  const route = ROUTES[provider];
  let root = stripOperation(r.path, route.sdk);
  let version = provider === 'azure' ? apiVersion(r.query) : null;
  if (provider === 'azure' && /\/v1$/.test(root) && ['v1', 'preview', null].includes(version)) version = null;
  // An SDK sending two credentials (LangChain: x-api-key and a bearer token) is read by the one
  // keyguard checks.
  const keyRow = r.key?.find((k) => k.var === keyguardVar) ?? r.key?.[0] ?? null;
  return {
    origin: origin(scheme, hostname, Number(port) || null, route.host),
    root, version,
    key: keyRow ? `${keyRow.header.toLowerCase()} ${keyRow.scheme ?? '-'} ← ${keyRow.var}` : 'none',
    headers: (r.extra || []).filter((h) => !INCIDENTAL.test(h) && !(r.key || []).some((k) => k.header === h)).map((h) => h.toLowerCase()).sort().join(','),
  };
}

/** keyguard's request, read the same way; null until keyguard's JSON has "request". */
function readKeyguard(entry, provider) {
  if (!entry?.request) return null;
  const u = new URL(entry.request.url);
  const scheme = u.protocol.replace(':', '');
  const route = ROUTES[provider];
  let root = u.pathname.endsWith(route.keyguard) ? u.pathname.slice(0, -route.keyguard.length) : `(unknown route) ${u.pathname}`;
  let version = provider === 'azure' ? u.searchParams.get('api-version') : null;
  if (provider === 'azure' && /\/v1$/.test(root) && ['v1', 'preview', null].includes(version)) version = null;
  return {
    origin: origin(scheme, u.hostname, Number(u.port) || null, route.host),
    root, version,
    key: `${(entry.request.key_header || '').toLowerCase()} ${entry.request.key_scheme ?? '-'} ← ${entry.env}`,
    headers: (entry.request.headers || []).filter((h) => !INCIDENTAL.test(h)).map((h) => h.toLowerCase()).sort().join(','),
  };
}

function runKeyguard(env) {
  const r = spawnSync(keyguard, ['--offline', '--format', 'json'], {
    env: { PATH: process.env.PATH, HOME: os.tmpdir(), ...env }, encoding: 'utf8', timeout: 10000,
  });
  // The report goes to stderr (stdout is the app's); take its JSON line wherever it is.
  let report = null;
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    if (!line.startsWith('{')) continue;
    try { report = JSON.parse(line); } catch { /* not the report */ }
  }
  return { exit: r.status, report };
}

const results = fs.readFileSync(resultsPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const outcomes = [];
const keyguardRuns = new Map();
let pending = false;

for (const r of results) {
  if (!r.sdk) { outcomes.push({ ...r, verdict: 'FAIL', diff: [r.error] }); continue; }
  const row = ENVIRONMENTS[r.provider]?.find((x) => x.row === r.row);
  if (!row) { outcomes.push({ ...r, verdict: 'FAIL', diff: ['not a row of environments.mjs'] }); continue; }
  const id = `${r.provider}/${r.row}`;
  if (!keyguardRuns.has(id)) keyguardRuns.set(id, runKeyguard(row.env));
  const kg = keyguardRuns.get(id);
  const entry = kg.report?.providers?.find((p) => p.provider === r.provider) ?? null;
  const warnings = [...(kg.report?.warnings ?? []), ...(entry?.warnings ?? [])].map(String);
  const words = row.warn?.[r.sdk] ? [new RegExp(row.warn[r.sdk])]
    : [...Object.keys(row.env), r.sdk, SDK_NAMES[r.sdk], r.package?.replace(/@[^@]*$/, '')].filter(Boolean).map((w) => new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  const warned = warnings.some((w) => words.some((re) => re.test(w)));
  const refused = kg.exit === 78 || entry?.outcome === 'misconfigured';

  let verdict;
  let diff = [];
  const emptyKey = (r.key || []).some((k) => k.empty);
  if (!r.origin || !(r.key || []).length) {
    // The SDK cannot run on this row (no request, or one without the key): it says so itself.
    verdict = refused ? 'both refuse' : warned ? 'warned' : 'SDK refuses';
    diff = [r.origin ? `SDK sends no key (${r.method} ${r.origin}${r.path})` : `SDK sends nothing: ${r.error}`];
  } else if (refused && emptyKey) {
    verdict = 'both refuse';
    diff = ['the SDK sends an empty key'];
  } else if (refused || !entry) {
    verdict = 'FAIL';
    diff = [`keyguard ${entry ? 'refuses' : 'does not check'} (exit ${kg.exit}) an environment the SDK calls with`];
  } else {
    const sdk = readSdk(r, r.provider, entry.env);
    const ours = readKeyguard(entry, r.provider);
    if (!ours) {
      pending = true;
      const sdkVar = r.key?.[0]?.var ?? null;
      if (sdkVar && sdkVar !== entry.env) diff.push(`key variable: SDK ${sdkVar}, keyguard ${entry.env}`);
      verdict = diff.length === 0 ? 'pending' : warned ? 'warned' : 'FAIL';
    } else {
      for (const f of ['origin', 'root', 'version', 'key', 'headers']) {
        if (sdk[f] !== ours[f]) diff.push(`${f}: SDK ${JSON.stringify(sdk[f])}, keyguard ${JSON.stringify(ours[f])}`);
      }
      verdict = diff.length === 0 ? 'agree' : warned ? 'warned' : 'FAIL';
    }
  }
  if (verdict === 'FAIL' && row.known?.[r.sdk]) {
    verdict = 'known';
    diff = [`${row.known[r.sdk]} (${diff.join('; ')})`];
  }
  outcomes.push({ provider: r.provider, row: r.row, sdk: r.sdk, verdict, diff, keyguard_exit: kg.exit, warnings: warnings.length });
}

if (asJson) for (const o of outcomes) process.stdout.write(JSON.stringify(o) + '\n');
else {
  const w = (s, n) => String(s).padEnd(n).slice(0, n);
  process.stdout.write(`${w('provider', 11)} ${w('row', 46)} ${w('sdk', 12)} ${w('verdict', 11)} difference\n`);
  for (const o of outcomes) process.stdout.write(`${w(o.provider, 11)} ${w(o.row, 46)} ${w(o.sdk, 12)} ${w(o.verdict, 11)} ${o.diff.join('; ')}\n`);
}
const count = (v) => outcomes.filter((o) => o.verdict === v).length;
const failed = count('FAIL');
const passed = outcomes.length - failed;
process.stderr.write(`sdk conformance: agree ${count('agree')}, warned ${count('warned')}, both refuse ${count('both refuse')}, SDK refuses ${count('SDK refuses')}, known ${count('known')}, pending ${count('pending')}, FAIL ${failed}${pending ? ' (keyguard has no "request" yet: origin, root, header and extra headers pending)' : ''}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
