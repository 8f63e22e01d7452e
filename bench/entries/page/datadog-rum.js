// Datadog RUM against a loopback intake (`proxy`); automatic collection off so that only
// addAction events (plus the view) are sent. __benchConfig.compress: compressIntakeRequests.
import { datadogRum } from '@datadog/browser-rum';

const cfg = globalThis.__benchConfig ?? {};
datadogRum.init({
  applicationId: '00000000-0000-0000-0000-000000000000', clientToken: 'pub00000000000000000000000000000000',
  site: 'datadoghq.com', service: 'bench', proxy: `${location.origin}/intake/${cfg.sink ?? 'dd'}`,
  sessionSampleRate: 100, sessionReplaySampleRate: 0, trackUserInteractions: false, trackResources: false,
  trackLongTasks: false, compressIntakeRequests: cfg.compress === true,
});
window.bench = { track: (name, i) => datadogRum.addAction(name, { n: i }) };
