// The smoke suites' pages: pkg/ and tests/e2e/smoke/site served on 127.0.0.1, and one headless
// Chromium, started before a file's tests and stopped after them.
import path from 'node:path';
import { after, before } from 'node:test';
import { startStaticServer } from '../../../scripts/serve-static.mjs';
import { launchChromium, ROOT } from './chromium.mjs';

/** `{ server, browser }`, filled in by the file's `before` hook. */
export function smokeSite() {
  /** @type {{ server: any, browser: any }} */
  const site = { server: null, browser: null };
  before(async () => {
    site.server = await startStaticServer({ mounts: { '/pkg': path.join(ROOT, 'pkg'), '/': path.join(ROOT, 'tests/e2e/smoke/site') } });
    site.browser = await launchChromium();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
