// OpenFeature web SDK with its InMemoryProvider.
import { OpenFeature, InMemoryProvider } from '@openfeature/web-sdk';
import { report } from '../report.js';

const provider = new InMemoryProvider({ feat_on: { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false } });
const ready = OpenFeature.setProviderAndWait(provider);
const client = OpenFeature.getClient();
report(() => client.getBooleanValue('feat_on', false), () => ready);
