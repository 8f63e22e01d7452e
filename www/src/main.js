// Boot: pick the demo user, start the SDK, wait (bounded) for the first flag refresh, render the
// page the URL asks for. Nothing here may break the page: a refused configuration renders an
// error box, and every later failure falls back inside the SDK (see the footer's lastError).
import { h, alertBox } from './dom.js';
import { personaFor } from './personas.js';
import { resolveUser } from './state.js';
import { startRollout, readyOrTimeout } from './sdk.js';
import { createRouter } from './router.js';
import { renderHeader, renderFooter } from './header.js';

async function boot() {
  const app = document.getElementById('app');
  const header = document.getElementById('site-header');
  const footer = document.getElementById('site-footer');
  const userId = resolveUser(window.location.search);
  const persona = personaFor(userId);
  const started = startRollout(userId);
  if (started.error) {
    app.dataset.page = 'error';
    app.replaceChildren(alertBox('error', 'The demo could not start the SDK', h('pre', {}, String(started.error.message ?? started.error))));
    app.dataset.ready = 'true';
    return;
  }
  const env = { ...started, persona, userId };
  // For the console and the journeys: the SDK instance and what the app knows (no secrets here).
  window.vaDemo = { rollout: started.rollout, sm: started.sm, vaos: started.vaos, persona, userId };
  const refreshChrome = () => {
    renderHeader(header, env);
    renderFooter(footer, env.rollout);
  };
  const router = createRouter({ app, env, onRendered: refreshChrome });
  env.go = router.go;
  await readyOrTimeout(env.rollout);
  env.rollout.onChange(refreshChrome);
  await router.render();
}

boot().catch((e) => console.warn('[demo] boot failed', e));
