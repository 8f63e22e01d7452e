import { datadogRum } from '@datadog/browser-rum-slim';

datadogRum.init({ applicationId: '00000000-0000-0000-0000-000000000000', clientToken: 'pub00000000000000000000000000000000', site: 'datadoghq.com', service: 'bench', proxy: `${location.origin}/intake/dd` });
datadogRum.addAction('bench', { n: 1 });
