// DOM building without innerHTML: h('button', { class: 'x', dataset: { ddActionName: '…' },
// onClick: fn }, 'text', child, …). Strings become text nodes, so no data is ever parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A link that runs `onClick` instead of navigating (it keeps a real href for middle-clicks). */
export function actionLink(text, href, action, onClick, attrs = {}) {
  return h('a', {
    href,
    ...attrs,
    dataset: { ddActionName: action, ...(attrs.dataset ?? {}) },
    onClick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      onClick();
    },
  }, text);
}

/** A VA.gov-style alert box (`status`: info | error | success | warning). */
export function alertBox(status, heading, ...body) {
  return h('div', { class: `alert alert-${status}`, role: status === 'error' ? 'alert' : 'status' },
    heading ? h('h2', { class: 'alert-heading' }, heading) : null, ...body);
}

/** An inline validation message under a field; empty text hides it. */
export function fieldError(id) {
  const el = h('span', { class: 'field-error', id, role: 'alert' });
  el.hidden = true;
  return {
    el,
    show(text) {
      el.textContent = text;
      el.hidden = !text;
    },
  };
}

/** Radio tiles: [{ value, label, description, action }] in a fieldset with a legend. */
export function radioTiles(name, legend, hint, options, selected, onChange) {
  const items = options.map((o) => {
    const id = `${name}-${o.value}`;
    const input = h('input', { type: 'radio', id, name, value: o.value, checked: o.value === selected,
      dataset: { ddActionName: o.action }, onChange: () => onChange(o.value) });
    return h('div', { class: 'tile' }, input,
      h('label', { for: id }, h('span', { class: 'tile-label' }, o.label),
        o.description ? h('span', { class: 'tile-description', 'data-dd-privacy': 'mask' }, o.description) : null));
  });
  return h('fieldset', { class: 'radio-tiles' }, h('legend', {}, legend), hint ? h('p', { class: 'hint' }, hint) : null, items);
}

/** A labelled <select> with a placeholder option. */
export function selectField(id, label, action, options, selected, onChange, placeholder = '- Select -') {
  const select = h('select', { id, name: id, dataset: { ddActionName: action }, onChange: (e) => onChange(e.target.value) },
    h('option', { value: '' }, placeholder),
    options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)));
  return { select, el: h('div', { class: 'field' }, h('label', { for: id }, label), select) };
}
