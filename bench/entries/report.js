// Reports the first flag decision of a startup page: `read()` now, or after `ready()` when the
// SDK has no synchronous decision yet. The page's inline head script defines __benchDone. Then
// the page settles: `settled()` (default `ready`: what the SDK still does after its first
// decision, e.g. our wasm core joining) and a quiet 200 ms, so the long-task observer has seen
// every task of the startup before the driver reads it (`window.__benchSettled`).
export async function report(read, ready, settled = ready) {
  let value = read();
  let sync = true;
  if (value !== true && ready) {
    await ready();
    value = read();
    sync = false;
  }
  if (typeof globalThis.__benchDone === 'function') globalThis.__benchDone({ value, sync });
  try {
    if (settled) await settled();
  } catch {}
  await new Promise((r) => setTimeout(r, 200));
  globalThis.__benchSettled = true;
}
