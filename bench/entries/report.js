// Reports the first flag decision of a startup page: `read()` now, or after `ready()` when the
// SDK has no synchronous decision yet. The page's inline head script defines __benchDone.
export async function report(read, ready) {
  let value = read();
  let sync = true;
  if (value !== true && ready) {
    await ready();
    value = read();
    sync = false;
  }
  if (typeof globalThis.__benchDone === 'function') globalThis.__benchDone({ value, sync });
}
