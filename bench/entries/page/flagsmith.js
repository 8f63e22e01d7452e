import flagsmith from 'flagsmith';

await flagsmith.init({
  environmentID: 'bench', api: `${location.origin}/flagsmith/api/v1/`,
  defaultFlags: { feat_on: { enabled: true, value: null } }, preventFetch: true, cacheFlags: false,
});
window.bench = { read: () => flagsmith.hasFeature('feat_on') };
