// What a page holds, read through the DevTools protocol: its JS heap after a full GC (CDP
// Runtime.getHeapUsage) and the bytes of its WebAssembly.Memory objects. Used by the soak's page
// driver (tests/e2e/soak/pages.mjs) and the benchmark's memory rows (bench/lib/memory.mjs).

/** `{ jsHeapUsed, jsHeapTotal, wasm }` in bytes for the page behind the CDP session `cdp`. */
export async function pageMemory(cdp) {
  // A full GC first, so the used heap is what the page holds, not garbage not yet collected
  // (the first full soak sampled without it: a 3.2-5.8 MB sawtooth).
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const heap = await cdp.send('Runtime.getHeapUsage');
  const group = 'page-memory';
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype', objectGroup: group });
  const found = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: group });
  const sizes = await cdp.send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId,
    functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group }).catch(() => {});
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasm: sizes.result.value.reduce((a, b) => a + b, 0) };
}
