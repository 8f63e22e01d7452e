// The QA panel: `rollout.panel()` / `vaRollout.panel()` in non-production. A small fixed corner
// widget listing every flag (value, reason, source) with a button to flip its QA override, a
// "Clear overrides" and a "Refresh" button; it re-renders on onChange. Calling it again closes it.
// Built only on the public API (flags, override, clearOverrides, refresh, explain, environment,
// onChange). CSP-safe: DOM APIs and textContent only (no innerHTML), styles through a constructed
// stylesheet in a shadow root and CSSOM properties (no <style> element, no style attribute).
// Its buttons carry no data-dd-action-name, so QA clicks never count as the app's clicks.
// The Rollout wrapper decides where it may open (never in production); this file only renders.
// Types: JSDoc, checked against index.d.ts by scripts/check-types.sh.
// @ts-check

/** @typedef {import('../index.js').Rollout} Api */

const HOST_ID = 'va-rollout-panel';
const CSS =
  ':host{all:initial}*{font:12px/1.4 system-ui,sans-serif;color:#1b1b1b}' +
  '.p{background:#fff;border:2px solid #112e51;border-radius:6px;box-shadow:0 2px 12px #0004;max-height:70vh;overflow:auto;min-width:340px}' +
  'header{display:flex;justify-content:space-between;align-items:center;background:#112e51;padding:4px 8px}' +
  'header,header *{color:#fff;font-weight:700}table{border-collapse:collapse;margin:4px}' +
  'td{padding:2px 6px;border-bottom:1px solid #dfe1e2;vertical-align:top}' +
  'td.n{font-family:monospace;cursor:pointer;max-width:250px;word-break:break-all}' +
  '.on{color:#2e8540;font-weight:700}.off{color:#b50909;font-weight:700}tr.o td{background:#faf3d1}' +
  'button{cursor:pointer;border:1px solid #005ea2;background:#fff;color:#005ea2;border-radius:3px;padding:1px 6px}' +
  'header button{background:none;border:0;font-size:16px;color:#fff}footer{display:flex;gap:6px;padding:4px 8px}' +
  'pre{font:11px monospace;white-space:pre-wrap;margin:2px 0;max-width:320px}';

/** @type {(() => void) | null} */
let openPanel = null;

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Partial<HTMLElementTagNameMap[K]>} props @param {...(Node | string | null)} children
 */
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

/** @param {string} text @param {Record<string, string>} dataset @param {() => unknown} onClick */
function button(text, dataset, onClick) {
  const b = el('button', { type: 'button', textContent: text, onclick: onClick });
  Object.assign(b.dataset, dataset);
  return b;
}

/**
 * @param {Api} rollout @param {import('../index.js').FlagRow} f @param {string | null} expanded
 * @param {(name: string | null) => void} rerender
 */
function row(rollout, f, expanded, rerender) {
  const on = f.value === true;
  const name = el('td', { className: 'n', textContent: f.name, title: 'explain', onclick: () => rerender(expanded === f.name ? null : f.name) });
  if (expanded === f.name) name.append(el('pre', { textContent: JSON.stringify(rollout.explain(f.name), null, 1) }));
  const tr = el('tr', { className: f.reason === 'OVERRIDE' ? 'o' : '' },
    name,
    el('td', { className: on ? 'on' : 'off', textContent: on ? 'on' : 'off' }),
    el('td', { textContent: `${f.reason}${f.source ? ` · ${f.source}` : ''}` }),
    el('td', {}, button(on ? 'Turn off' : 'Turn on', { flag: f.name, action: 'flip' }, () => rollout.override(f.name, !on))));
  tr.dataset.flag = f.name;
  tr.dataset.value = String(on);
  tr.dataset.reason = String(f.reason);
  return tr;
}

/** Opens the panel for `rollout` (true), or closes the open one (false). @param {Api} rollout */
export function togglePanel(rollout) {
  if (openPanel !== null) {
    openPanel();
    return false;
  }
  const host = el('div', { id: HOST_ID });
  host.setAttribute('role', 'dialog');
  host.setAttribute('aria-label', 'va-rollout QA panel');
  Object.assign(host.style, { position: 'fixed', right: '12px', bottom: '12px', zIndex: '2147483647' });
  const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    // (root is the host itself without shadow DOM: then this sets a property that does nothing.)
    /** @type {{ adoptedStyleSheets?: CSSStyleSheet[] }} */ (root).adoptedStyleSheets = [sheet];
  } catch (_) {
    // No constructed stylesheets: the panel works unstyled (still fixed in the corner).
  }
  const box = el('div', { className: 'p' });
  root.append(box);
  /** @type {string | null} */
  let expanded = null;
  /** @param {string | null} [name] */
  const render = (name) => {
    if (name !== undefined) expanded = name;
    const rows = (rollout.flags() || []).map((f) => row(rollout, f, expanded, render));
    box.replaceChildren(
      el('header', {}, el('span', { textContent: `va-rollout QA · ${rollout.environment()}` }),
        button('×', { action: 'close' }, () => close())),
      el('table', {}, el('tbody', {}, ...rows)),
      el('footer', {}, button('Clear overrides', { action: 'clear' }, () => rollout.clearOverrides()),
        button('Refresh', { action: 'refresh' }, () => rollout.refresh())));
  };
  // clearOverrides changes no value when none was set: re-render anyway after a click.
  box.addEventListener('click', () => setTimeout(() => openPanel && render(), 0));
  const off = rollout.onChange(() => render());
  const close = () => {
    off();
    host.remove();
    openPanel = null;
  };
  render();
  (document.body || document.documentElement).append(host);
  openPanel = close;
  return true;
}
