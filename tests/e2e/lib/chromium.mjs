// Headless Debian Chromium through playwright-core, with the flags DEVELOPERS.md requires, and a
// page wrapper that records console errors / uncaught exceptions and screenshots on failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium-args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../..');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
export { CHROMIUM, CHROMIUM_ARGS };

/** Launches Chromium (playwright gives each launch a fresh profile directory). */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 30_000 });
}

/** Starts recording console errors and uncaught page exceptions; returns the live list. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url;
    errors.push(`console.error: ${m.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/** Saves a full-page screenshot under tests/artifacts/<name>.png; never throws. */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name.replace(/[^a-z0-9_.-]+/gi, '-')}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    return file;
  } catch {
    return null;
  }
}

/**
 * Runs fn(page, errors) in a new browser context (fresh storage); on failure saves a screenshot
 * named after the test and rethrows. The context is always closed.
 */
export async function withPage(browser, name, fn, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    return await fn(page, errors, context);
  } catch (e) {
    const shot = await screenshot(page, `FAIL-${name}`);
    if (shot) e.message += `\n  screenshot: ${path.relative(ROOT, shot)}`;
    if (errors.length) e.message += `\n  page errors: ${errors.join(' | ')}`;
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
}

/** Polls fn until it returns a truthy value (bounded); returns that value or throws `what`. */
export async function until(fn, what, { timeoutMs = 10_000, everyMs = 50 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}
