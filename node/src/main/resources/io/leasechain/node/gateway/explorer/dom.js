// Builds DOM nodes from chain data without ever parsing it as HTML: every string becomes a text
// node, so a memo or provider attribute like <img src=x onerror=...> shows as the text it is.

/** An element with attributes and children; strings become text nodes, null/false are skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'testid') el.dataset.testid = value;
    else if (key === 'class') el.className = value;
    else if (key === 'href') el.setAttribute('href', internalHref(value));
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Only the explorer's own hash routes are linked, so no chain-provided URL (javascript:, data:)
// can end up in an href.
function internalHref(value) {
  const text = String(value);
  return text.startsWith('#/') ? text : '#/';
}

/** A link to an explorer route built from parts, each percent-encoded. */
export function link(text, ...parts) {
  return h('a', { href: '#/' + parts.map((p) => encodeURIComponent(String(p))).join('/') }, text);
}

/** Replaces the children of {@code el}. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A two-column table of fields; each row is data-testid="field-<key>" for tests to read. */
export function fields(rows) {
  return h(
    'table',
    { class: 'fields' },
    h(
      'tbody',
      null,
      rows
        .filter((row) => row)
        .map(([key, label, value]) =>
          h('tr', { testid: 'field-' + key }, h('th', null, label), h('td', null, value ?? '—')),
        ),
    ),
  );
}

/** A table with a header row; {@code rows} are arrays of cells, each an object of tr attrs + cells. */
export function table(testid, headers, rows, empty = 'None.') {
  if (rows.length === 0) return h('p', { class: 'empty', testid: testid + '-empty' }, empty);
  return h(
    'table',
    { class: 'list', testid },
    h('thead', null, h('tr', null, headers.map((title) => h('th', null, title)))),
    h(
      'tbody',
      null,
      rows.map(({ attrs, cells }) => h('tr', attrs, cells.map((cell) => h('td', null, cell)))),
    ),
  );
}

export function section(title, testid, ...children) {
  return h('section', { testid }, h('h2', null, title), children);
}
