// What a page holds, read through the DevTools protocol: its JS heap after a full GC (CDP
// Runtime.getHeapUsage), the bytes of its WebAssembly.Memory objects, and how many live objects
// of a kind it holds (DOM elements: detached trees show there). Used by the soak's page driver
// (tests/e2e/soak/pages.mjs), its heap test (tests/e2e/soak/heap.test.mjs) and the benchmark's
// memory rows (bench/lib/memory.mjs).

/** `fn` (a function source) called on the array of live objects whose prototype is `proto` (an expression). */
async function onLiveObjects(cdp, proto, fn) {
  const group = 'page-memory';
  try {
    const p = await cdp.send('Runtime.evaluate', { expression: proto, objectGroup: group });
    const found = await cdp.send('Runtime.queryObjects', { prototypeObjectId: p.result.objectId, objectGroup: group });
    const out = await cdp.send('Runtime.callFunctionOn', { objectId: found.objects.objectId, functionDeclaration: fn, returnByValue: true });
    return out.result.value;
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group }).catch(() => {});
  }
}

/** `{ jsHeapUsed, jsHeapTotal, wasm }` in bytes for the page behind the CDP session `cdp`. */
export async function pageMemory(cdp) {
  // A full GC first, so the used heap is what the page holds, not garbage not yet collected
  // (the first full soak sampled without it: a 3.2-5.8 MB sawtooth).
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await onLiveObjects(cdp, 'WebAssembly.Memory.prototype', 'function () { return this.map((m) => m.buffer.byteLength); }');
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasm: wasm.reduce((a, b) => a + b, 0) };
}

/** How many DOM elements the page holds (in its document or detached), after a full GC. */
export async function liveElements(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  return onLiveObjects(cdp, 'Element.prototype', 'function () { return this.length; }');
}
