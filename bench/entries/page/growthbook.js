// GrowthBook: a single-user instance for cached reads, and the multi-user GrowthBookClient
// (isOn(key, { attributes })) for fresh actors on a 50% rollout rule hashed on `id`.
import { GrowthBook, GrowthBookClient } from '@growthbook/growthbook';

const features = {
  feat_on: { defaultValue: true },
  feat_pct: { defaultValue: false, rules: [{ force: true, coverage: 0.5, hashAttribute: 'id' }] },
};
const gb = new GrowthBook({ attributes: { id: 'user-1' }, features });
const client = new GrowthBookClient().initSync({ payload: { features } });
window.bench = {
  read: () => gb.isOn('feat_on'),
  forActor: (id) => client.isOn('feat_pct', { attributes: { id } }),
};
