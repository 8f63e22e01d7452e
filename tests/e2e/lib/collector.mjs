// Starts the real collector binary on 127.0.0.1 with a fresh SQLite file, for one test file.
// The binary is built by scripts/test-e2e.sh (cargo build -p va-rollout-collector); override with
// VA_ROLLOUT_COLLECTOR_BIN. stop() / start() keep the port and database, so a test can take the
// collector down and bring it back. Every child is killed when the test process exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, until } from './chromium.mjs';

export const COLLECTOR_BIN =
  process.env.VA_ROLLOUT_COLLECTOR_BIN ?? path.join(ROOT, 'target/debug/va-rollout-collector');
export const DEMO_FLAGS = path.join(ROOT, 'collector/seed/demo-flags.json');

const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** A free loopback port (bind 0, read, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * options: { flagsFile = DEMO_FLAGS (null for none), staticDirs = { '/': dir, '/pkg': dir },
 *            args = [] (extra CLI flags), db (default: a new temp file), port, adminToken }
 * returns { origin, port, db, adminToken, log(), stop(), start(), admin(path, init) }
 */
export async function startCollector(options = {}) {
  const port = options.port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'va-rollout-e2e-'));
  const db = options.db ?? path.join(dir, 'collector.db');
  const adminToken = options.adminToken ?? `e2e-${process.pid}-${port}`;
  const flagsFile = options.flagsFile === undefined ? DEMO_FLAGS : options.flagsFile;
  const args = ['--addr', `127.0.0.1:${port}`, '--db', db, '--admin-token', adminToken];
  if (flagsFile) args.push('--flags-file', flagsFile);
  for (const [prefix, d] of Object.entries(options.staticDirs ?? {})) args.push('--static-dir', `${prefix}=${d}`);
  args.push(...(options.args ?? []));
  const origin = `http://127.0.0.1:${port}`;
  let child = null;
  let output = '';

  async function start() {
    if (child) return;
    child = spawn(COLLECTOR_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
    children.add(child);
    const c = child;
    c.stdout.on('data', (d) => (output += d));
    c.stderr.on('data', (d) => (output += d));
    c.on('exit', () => {
      children.delete(c);
      if (child === c) child = null;
    });
    await until(async () => {
      if (!child) throw new Error(`collector exited during start:\n${output}`);
      try {
        return (await fetch(`${origin}/healthz`)).ok;
      } catch {
        return false;
      }
    }, `collector /healthz on ${origin}`, { timeoutMs: 20_000 });
  }

  async function stop() {
    const c = child;
    if (!c) return;
    child = null;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** fetch(origin + path) with the admin token. */
  function admin(p, init = {}) {
    const headers = { authorization: `Bearer ${adminToken}`, ...(init.headers ?? {}) };
    return fetch(`${origin}${p}`, { ...init, headers });
  }

  await start();
  return { origin, port, db, adminToken, log: () => output, stop, start, admin };
}
