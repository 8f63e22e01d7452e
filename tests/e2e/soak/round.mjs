// One round of the soak's page driver (tests/e2e/soak/pages.mjs) and of the heap test beside it
// (heap.test.mjs): from the demo's select-care-team page to care-team help and back, each click
// waiting for the new render (about 7 telemetry events a round: two page views, clicks,
// transitions, the page's own track.action calls).
import { clickForRender } from '../journeys/helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One round trip through the curated pages: help, back, with `pauseMs` after each click. */
export async function round(page, pauseMs) {
  await clickForRender(page, "Can't find your care team link", 'care-team-help');
  await sleep(pauseMs);
  await clickForRender(page, 'Back to select care team link', 'select-care-team');
  await sleep(pauseMs);
}
