// Debian Chromium and the headless flags DEVELOPERS.md requires (root, no GPU, no network
// chatter). Dependency-free, so suites with their own node_modules (tests/consumer-webpack)
// share it too.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
