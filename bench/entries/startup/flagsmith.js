// Flagsmith: `defaultFlags`, `preventFetch` (no request), no cache.
import flagsmith from 'flagsmith';
import { report } from '../report.js';

const ready = flagsmith.init({
  environmentID: 'bench', api: `${location.origin}/flagsmith/api/v1/`,
  defaultFlags: { feat_on: { enabled: true, value: null } }, preventFetch: true, cacheFlags: false,
});
report(() => flagsmith.hasFeature('feat_on'), () => ready);
