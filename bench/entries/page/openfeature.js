import { OpenFeature, InMemoryProvider } from '@openfeature/web-sdk';

await OpenFeature.setProviderAndWait(new InMemoryProvider({ feat_on: { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false } }));
const client = OpenFeature.getClient();
window.bench = { read: () => client.getBooleanValue('feat_on', false) };
