import { initializeFaro } from '@grafana/faro-web-sdk';

const faro = initializeFaro({ url: `${location.origin}/intake/faro`, app: { name: 'bench', version: '1.0.0' } });
faro.api.pushEvent('bench', { n: '1' });
