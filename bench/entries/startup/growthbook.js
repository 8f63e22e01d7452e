// GrowthBook: features passed in (no apiHost, no fetch).
import { GrowthBook } from '@growthbook/growthbook';
import { report } from '../report.js';

const gb = new GrowthBook({ attributes: { id: 'user-1' }, features: { feat_on: { defaultValue: true } } });
report(() => gb.isOn('feat_on'));
