// Grafana Faro (default web instrumentations) against a loopback collector URL.
// __benchConfig.compress: requestCompression.
import { initializeFaro } from '@grafana/faro-web-sdk';

const cfg = globalThis.__benchConfig ?? {};
const faro = initializeFaro({
  url: `${location.origin}/intake/${cfg.sink ?? 'faro'}`, app: { name: 'bench', version: '1.0.0' },
  requestCompression: cfg.compress === true,
});
window.bench = { track: (name, i) => faro.api.pushEvent(name, { n: String(i) }) };
