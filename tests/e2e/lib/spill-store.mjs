// The SDK's IndexedDB spill store (database `va-rollout`, store `spill`), read from a page.

/** How many records the page's origin holds in the spill store (-1 when it cannot be read). */
export function spilledCount(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('va-rollout');
    req.onsuccess = () => {
      try {
        const count = req.result.transaction('spill', 'readonly').objectStore('spill').count();
        count.onsuccess = () => { req.result.close(); resolve(count.result); };
        count.onerror = () => resolve(-1);
      } catch {
        resolve(-1);
      }
    };
    req.onerror = () => resolve(-1);
  })).catch(() => -1);
}
