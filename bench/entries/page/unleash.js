import { UnleashClient } from 'unleash-proxy-client';

const client = new UnleashClient({
  url: `${location.origin}/unleash/proxy`, clientKey: 'bench', appName: 'bench',
  bootstrap: [{ name: 'feat_on', enabled: true, variant: { name: 'disabled', enabled: false }, impressionData: false }],
  bootstrapOverride: true, disableRefresh: true, disableMetrics: true,
});
await client.start();
window.bench = { read: () => client.isEnabled('feat_on') };
