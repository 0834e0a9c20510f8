// Runs every environment row through its provider's SDKs and prints one JSON line per (row, SDK).
// Each row runs in a new user and network namespace (`unshare -rn`, only lo, brought up), with
// every host name resolved to 127.0.0.1 (resolve_loopback.mjs) and a recording server there whose
// certificate, from a CA made for this run, names every host of the table; so no request can reach
// a real provider. Exits 2 with a reason on stderr when namespaces are not permitted.
//   node runner.mjs [--only PROVIDER] [--jobs N] > results.jsonl
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HOSTS, ENVIRONMENTS } from './environments.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const jobs = args.includes('--jobs') ? Number(args[args.indexOf('--jobs') + 1]) : Math.max(2, os.cpus().length);

function fail(code, why) { process.stderr.write(`sdk runner: ${why}\n`); process.exit(code); }

const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
if (probe.status !== 0) fail(2, `skipped: cannot make a user and network namespace (unshare -rn): ${(probe.stderr || probe.error?.message || '').trim()}`);

// ---- A throwaway CA and one server certificate naming every host of the table ----
const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'keyguard-sdk-pki-'));
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keyguard-sdk-home-'));
process.on('exit', () => { fs.rmSync(pki, { recursive: true, force: true }); fs.rmSync(home, { recursive: true, force: true }); });
const hosts = new Set(DEFAULT_HOSTS);
for (const rows of Object.values(ENVIRONMENTS)) {
  for (const { env } of rows) {
    for (const v of Object.values(env)) { try { const u = new URL(v); if (u.hostname) hosts.add(u.hostname); } catch { /* not a URL */ } }
  }
}
const openssl = (...a) => {
  const r = spawnSync('openssl', a, { cwd: pki, encoding: 'utf8' });
  if (r.status !== 0) fail(1, `openssl ${a[0]} failed: ${r.stderr}`);
};
fs.writeFileSync(path.join(pki, 'leaf.ext'),
  `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${[...hosts].map((h) => `DNS:${h}`).join(',')},IP:127.0.0.1\n`);
openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
  '-days', '1', '-subj', '/CN=keyguard sdk conformance CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=gw.example.test');
openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'leaf.ext');

// ---- The rows ----
const tasks = [];
for (const [provider, rows] of Object.entries(ENVIRONMENTS)) {
  if (only && provider !== only) continue;
  rows.forEach((_, i) => tasks.push([provider, i]));
}

function runRow([provider, i]) {
  return new Promise((done) => {
    const env = {
      PATH: process.env.PATH, HOME: home, NODE_EXTRA_CA_CERTS: path.join(pki, 'ca.pem'),
      ...ENVIRONMENTS[provider][i].env,
    };
    const script = 'ip link set lo up && exec node --import "$0" "$1" "$2" "$3" "$4" "$5"';
    const child = spawn('unshare', ['-rn', 'sh', '-c', script, path.join(here, 'resolve_loopback.mjs'), path.join(here, 'row_child.mjs'),
      provider, String(i), path.join(pki, 'server.pem'), path.join(pki, 'server.key')], { env, cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      for (const line of out.split('\n')) if (line.startsWith('sdk-result ')) process.stdout.write(`${line.slice(11)}\n`);
      if (code !== 0) {
        process.stdout.write(JSON.stringify({ provider, row: ENVIRONMENTS[provider][i].row, sdk: null, error: `row process exited ${code}: ${err.slice(-400)}` }) + '\n');
      }
      done();
    });
  });
}

const queue = [...tasks];
await Promise.all(Array.from({ length: jobs }, async () => { while (queue.length) await runRow(queue.shift()); }));
