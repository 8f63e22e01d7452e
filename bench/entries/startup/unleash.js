// Unleash (frontend/proxy client): `bootstrap` toggles, refresh and metrics off.
import { UnleashClient } from 'unleash-proxy-client';
import { report } from '../report.js';

const client = new UnleashClient({
  url: `${location.origin}/unleash/proxy`, clientKey: 'bench', appName: 'bench',
  bootstrap: [{ name: 'feat_on', enabled: true, variant: { name: 'disabled', enabled: false }, impressionData: false }],
  bootstrapOverride: true, disableRefresh: true, disableMetrics: true,
});
client.start();
report(() => client.isEnabled('feat_on'), () => new Promise((r) => client.on('ready', r)));
