// Geography picker: a combobox (ARIA 1.2 pattern) that searches names and codes among the units the user is
// habilitated for. Arrow keys move in the list, Enter picks, Escape closes; the server does the search.
import { api } from './api.js';
import { h } from './ui.js';

const LEVELS = { FR: 'France', REG: 'région', DEP: 'département', EPCI: 'EPCI', COM: 'commune' };

/** `onPick(option)` is called with { code, label, level } when the user chooses a unit. */
export function geoPicker(current, onPick) {
  const input = h('input', {
    type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': 'geo-options', 'aria-describedby': 'geo-current', autocomplete: 'off', spellcheck: 'false', placeholder: 'Nom ou code (ex. Orléans, 45, 45234)',
  });
  const list = h('ul', { id: 'geo-options', role: 'listbox', class: 'geo-options', 'aria-label': 'Territoires', hidden: true });
  const count = h('span', { class: 'visually-hidden', 'aria-live': 'polite' });
  let options = [];
  let active = -1;
  let timer;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    }
  }

  function pick(i) {
    const option = options[i];
    if (!option) return;
    close();
    input.value = '';
    onPick(option);
  }

  async function search() {
    const q = input.value.trim();
    const ticket = ++asked;
    try {
      const res = await api(`/api/geo?q=${encodeURIComponent(q)}&limit=20`);
      if (ticket !== asked) return; // a later keystroke already asked again
      options = res.options;
      list.replaceChildren(...options.map((o, i) => h('li', {
        id: `geo-option-${i}`, role: 'option', 'aria-selected': 'false', 'data-code': o.code,
        onmousedown: (event) => { event.preventDefault(); pick(i); },
      }, o.label, h('span', { class: 'level' }, `${LEVELS[o.level] ?? o.level} · ${o.code}`))));
      list.hidden = options.length === 0;
      input.setAttribute('aria-expanded', String(options.length > 0));
      count.textContent = options.length === 0 ? 'Aucun territoire trouvé dans votre habilitation.' : `${options.length} territoires proposés.`;
      highlight(-1);
    } catch (err) {
      count.textContent = err.message;
    }
  }

  input.addEventListener('input', () => {
    // Results for the previous text are stale: Enter must not pick one of them while the new search runs.
    asked++;
    options = [];
    list.replaceChildren();
    close();
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener('focus', () => { if (options.length === 0) search(); });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (list.hidden) search();
      else highlight(Math.min(active + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (!list.hidden && options.length === 1) {
        event.preventDefault();
        pick(0);
      }
    } else if (event.key === 'Escape') {
      close();
    }
  });

  return h('div', { class: 'field' },
    h('label', { for: 'geo-search' }, 'Territoire'),
    Object.assign(input, { id: 'geo-search' }),
    h('span', { class: 'geo-current', id: 'geo-current' }, 'Affiché : ', h('strong', {}, current.label), ` (${current.code})`),
    list, count);
}
