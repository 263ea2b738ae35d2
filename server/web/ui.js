// DOM helpers. Everything that comes from the server is inserted as text (never as HTML), so a label or a
// message can never become markup.

/** Creates an element: attributes (`on…` are listeners, `false`/null ones are left out) and children (text or nodes). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the main region's content and moves focus to its heading, so keyboard and screen reader users follow. */
export function show(...nodes) {
  const main = document.getElementById('main');
  main.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  document.title = `${heading ? `${heading.textContent} – ` : ''}Infocentre NUNIQUE`;
}

/** A polite notice in the live region (loading, done). */
export function announce(text) {
  document.getElementById('status').textContent = text;
}

/** Shows a refusal: the registry's code, its message and what to do. */
export function showError(err) {
  const box = document.getElementById('error');
  const parts = [h('strong', {}, err.message ?? String(err))];
  if (err.hint) parts.push(h('span', { class: 'hint' }, err.hint));
  if (err.code) parts.push(h('span', { class: 'hint' }, 'Code : ', h('span', { class: 'code' }, err.code)));
  box.replaceChildren(...parts);
  box.hidden = false;
  announce('');
}

export function clearError() {
  const box = document.getElementById('error');
  box.hidden = true;
  box.replaceChildren();
}

/** A labelled form field. */
export function field(id, label, input, help) {
  input.id = id;
  const helpId = help ? `${id}-help` : null;
  if (helpId) input.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, help ? h('span', { class: 'help', id: helpId }, help) : null);
}

/** A suppressed value: `s`, explained for sighted users (tooltip) and for screen readers (abbr title). */
export function secret() {
  return h('abbr', { class: 'secret', title: 'secret statistique' }, 's');
}
