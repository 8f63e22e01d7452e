// Bootstrap documents shared by the Node consumer tests.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const SM_FLOW = 'mhv_secure_messaging_curated_list_flow';
export const SM_RECENT = 'mhv_secure_messaging_recent_recipients';

/** A vets-api response for a request without `features=`: every flag twice, camel then snake. */
export const vetsApiBoth = require('../../browser-support/fixtures/vets-api-sm.json');

export const PCT_KEYS = { pct_25: 25, pct_fraction: 12.345, pct_0: 0, pct_100: 100 };

/** A Flipper features document; percentages as Flipper's API sends them (strings) and native. */
export const flipperDoc = {
  features: [
    { key: 'bool_on', state: 'on', gates: [{ key: 'boolean', name: 'boolean', value: 'true' }] },
    { key: 'bool_off', state: 'off', gates: [{ key: 'boolean', name: 'boolean', value: null }] },
    {
      key: 'actors_only',
      state: 'conditional',
      gates: [{ key: 'actors', name: 'actor', value: ['user-1', 'ünï@example.com'] }],
    },
    { key: 'group_beta', state: 'conditional', gates: [{ key: 'groups', name: 'group', value: ['beta'] }] },
    ...Object.entries(PCT_KEYS).map(([key, pct], i) => ({
      key,
      state: 'conditional',
      gates: [
        { key: 'boolean', name: 'boolean', value: null },
        { key: 'percentage_of_actors', name: 'percentage_of_actors', value: i % 2 ? pct : String(pct) },
      ],
    })),
  ],
};

/** Actor ids: ASCII, emails, UUIDs, non-ASCII and the empty id. */
export const ACTOR_IDS = [
  '',
  'user-1',
  'ünï@example.com',
  '😀',
  'ñandú',
  ...Array.from({ length: 150 }, (_, i) => `actor-${i}@va.gov`),
  ...Array.from({ length: 40 }, (_, i) => `0000${i.toString(16)}-8b4f-4c2e-9d3a-${String(i).padStart(12, '0')}`),
];
