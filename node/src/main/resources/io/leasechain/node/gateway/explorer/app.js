// The explorer: hash routes (#/lease/7) rendered from the gateway's /v1 JSON. Every chain value
// reaches the page through dom.js as text, never as HTML.

import { ApiError, find, get, path } from './api.js';
import { fields, h, link, replace, section, table } from './dom.js';
import { big, enumName, grouped, hex, microUlease, price, short, time, ulease } from './format.js';

const POLL_MILLIS = 1000;
const LATEST = 10;
const PAGE = 50;
const BLOCK_PAGE = 50;
const SCAN_BLOCKS = 200;
const ADDRESS = /^lease1[02-9ac-hj-np-z]{6,}$/;
const TX_HASH = /^[0-9a-f]{64}$/i;

const main = document.getElementById('page');
const latestHeight = document.querySelector('[data-testid="latest-height"]');
const chainId = document.querySelector('[data-testid="chain-id"]');

// Bumped on every navigation, so a slow answer for a page already left is dropped.
let generation = 0;
let latest = 0n;
let home = null;

const routes = [
  [/^$/, homePage],
  [/^block\/(\d+)$/, blockPage],
  [/^tx\/([0-9A-Fa-f]{64})$/, txPage],
  [/^account\/([^/]+)$/, accountPage],
  [/^provider\/([^/]+)$/, providerPage],
  [/^order\/(\d+)$/, orderPage],
  [/^lease\/(\d+)$/, leasePage],
  [/^proof\/(\d+)$/, proofPage],
  [/^search\/(.*)$/, searchPage],
];

async function render() {
  const mine = ++generation;
  home = null;
  const route = decoded(location.hash.replace(/^#\/?/, ''));
  const [pattern, page] = routes.find(([p]) => p.test(route)) || [null, notFound];
  const match = pattern ? route.match(pattern) : [route];
  replace(main, h('p', { class: 'loading', testid: 'loading' }, 'Loading…'));
  let content;
  try {
    content = await page(...match.slice(1));
  } catch (e) {
    content = errorView(e);
  }
  if (mine === generation) {
    replace(main, content);
    window.scrollTo(0, 0);
  }
}

// A hand-typed address may hold a stray '%': it is then taken as written.
function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return text;
  }
}

function errorView(e) {
  const text =
    e instanceof ApiError
      ? `${e.status === 404 ? 'Not found' : 'Error'}: ${e.message}` +
        (e.codespace ? ` (${e.codespace}/${e.code})` : '')
      : `Error: ${e.message}`;
  return h('p', { class: 'error', testid: 'error' }, text);
}

function notFound(route) {
  return h('p', { class: 'error', testid: 'error' }, `No page here: ${route}`);
}

// ---- search ---------------------------------------------------------------------------------

document.querySelector('[data-testid="search-form"]').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.q;
  const target = searchTarget(input.value);
  input.value = '';
  location.hash = target;
});

/** Where a search goes: an address, a tx hash, "order 7", "lease 7", or a number to ask about. */
function searchTarget(raw) {
  const query = raw.trim();
  const lower = query.toLowerCase();
  if (ADDRESS.test(lower)) return '#/account/' + lower;
  if (TX_HASH.test(query)) return '#/tx/' + query.toUpperCase();
  const kind = lower.match(/^(order|lease|block|proof|provider|account|tx)\s*#?\s*(\S+)$/);
  if (kind) {
    const id = kind[1] === 'tx' ? kind[2].toUpperCase() : kind[2];
    return '#/' + kind[1] + '/' + encodeURIComponent(id);
  }
  return '#/search/' + encodeURIComponent(query);
}

/** A bare number may be an order, a lease or a block: offer those that exist. */
async function searchPage(query) {
  if (!/^\d+$/.test(query)) {
    return h('p', { class: 'error', testid: 'error' }, `Nothing matches "${query}".`);
  }
  const [order, lease] = await Promise.all([find('/order/' + query), find('/lease/' + query)]);
  const choices = [];
  if (order) choices.push(h('li', null, link(`Order ${query}`, 'order', query)));
  if (lease) choices.push(h('li', null, link(`Lease ${query}`, 'lease', query)));
  if (big(query) > 0n && big(query) <= latest) {
    choices.push(h('li', null, link(`Block ${query}`, 'block', query)));
  }
  if (choices.length === 0) {
    return h('p', { class: 'error', testid: 'error' }, `No order, lease or block ${query}.`);
  }
  return section(`Which ${query}?`, 'search-choices', h('ul', null, choices));
}

// ---- live status and home -------------------------------------------------------------------

async function poll() {
  try {
    const status = await get('/status');
    chainId.textContent = status.chain_id;
    const height = big(status.latest_height);
    if (height !== latest) {
      latest = height;
      latestHeight.textContent = grouped(height);
      if (home) await home.update();
    }
  } catch (e) {
    latestHeight.textContent = 'unreachable';
  } finally {
    setTimeout(poll, POLL_MILLIS);
  }
}

async function homePage() {
  const blocks = h('tbody', { testid: 'blocks-list' });
  const txs = h('tbody', { testid: 'txs-list' });
  const view = h(
    'div',
    { class: 'columns' },
    section(
      'Latest blocks',
      'latest-blocks',
      h(
        'table',
        { class: 'list' },
        h('thead', null, h('tr', null, ['Height', 'Time', 'Txs', 'Proposer'].map((t) => h('th', null, t)))),
        blocks,
      ),
    ),
    section(
      'Latest transactions',
      'latest-txs',
      h(
        'table',
        { class: 'list' },
        h('thead', null, h('tr', null, ['Hash', 'Height', 'Messages', 'Result'].map((t) => h('th', null, t)))),
        txs,
      ),
    ),
  );
  let shown = 0n;
  let running = Promise.resolve();
  const mine = generation;
  // First the latest blocks, and the latest txs from as far back as SCAN_BLOCKS; then each block
  // committed since the last one shown, put on top.
  async function addNewBlocks() {
    if (shown > 0n && latest - shown > BigInt(LATEST)) {
      // Too far behind (a sleeping tab): start again from the top rather than fill the gap.
      blocks.replaceChildren();
      txs.replaceChildren();
      shown = 0n;
    }
    if (shown === 0n) {
      const recent = await recentBlocks();
      // Newest first, within a block too, as live updates put them.
      const hashes = recent.flatMap((block) => (block.txs || []).map((tx) => tx.hash).reverse());
      const details = await Promise.all(hashes.slice(0, LATEST).map((hash) => find('/txs/' + hash)));
      if (mine !== generation || recent.length === 0) return;
      blocks.append(...recent.slice(0, LATEST).map(blockRow));
      txs.append(...details.filter((t) => t).map(txRow));
      shown = big(recent[0].height);
    }
    for (let height = shown + 1n; height <= latest; height++) {
      const block = await get('/blocks/' + height);
      const newest = (block.txs || []).slice(-LATEST);
      const details = await Promise.all(newest.map((tx) => find('/txs/' + tx.hash)));
      if (mine !== generation) return;
      blocks.prepend(blockRow(block));
      for (const tx of details.filter((t) => t)) txs.prepend(txRow(tx));
      shown = height;
      trim(blocks, LATEST);
      trim(txs, LATEST);
    }
  }
  // The poller and the first render may both ask: one update at a time, so no block shows twice.
  home = {
    update() {
      running = running.then(addNewBlocks, addNewBlocks);
      return running;
    },
  };
  if (latest > 0n) await home.update();
  return view;
}

/** The latest blocks, newest first, paging back until LATEST txs are seen or SCAN_BLOCKS read. */
async function recentBlocks() {
  const found = [];
  let before = '';
  let txCount = 0;
  while (found.length < SCAN_BLOCKS && txCount < LATEST) {
    const page = await get(path('/blocks', { limit: BLOCK_PAGE, before }));
    found.push(...(page.blocks || []));
    txCount = found.reduce((n, block) => n + (block.txs || []).length, 0);
    before = page.next || '';
    if (!before) break;
  }
  return found;
}

function trim(tbody, keep) {
  while (tbody.children.length > keep) tbody.lastElementChild.remove();
}

function blockRow(block) {
  return h(
    'tr',
    { testid: 'block-row', 'data-height': block.height },
    h('td', null, link(grouped(block.height), 'block', block.height)),
    h('td', null, time(block.time)),
    h('td', null, String(block.num_txs ?? (block.txs || []).length)),
    h('td', { class: 'mono' }, short(block.proposer)),
  );
}

function txRow(tx) {
  return h(
    'tr',
    { testid: 'tx-row', 'data-hash': tx.hash },
    h('td', { class: 'mono' }, link(short(tx.hash), 'tx', tx.hash)),
    h('td', null, link(grouped(tx.height), 'block', tx.height)),
    h('td', null, messagesOf(tx.tx).map((m) => messageType(m)).join(', ')),
    h('td', null, resultText(tx)),
  );
}

// ---- blocks and txs -------------------------------------------------------------------------

async function blockPage(height) {
  const block = await get('/blocks/' + height);
  // One search for the block's txs rather than one request per tx.
  const found = big(block.num_txs)
    ? await get(path('/txs', { query: `tx.height=${big(block.height)}`, per_page: PAGE }))
    : { total_count: 0, txs: [] };
  const txs = found.txs || [];
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, `Block ${grouped(block.height)}`),
    h(
      'p',
      { class: 'nav' },
      big(height) > 1n ? link('← previous', 'block', big(height) - 1n) : null,
      ' ',
      big(height) < latest ? link('next →', 'block', big(height) + 1n) : null,
    ),
    fields([
      ['height', 'Height', grouped(block.height)],
      ['time', 'Time', time(block.time)],
      ['hash', 'Hash', h('span', { class: 'mono' }, block.hash)],
      ['proposer', 'Proposer', h('span', { class: 'mono' }, block.proposer)],
      ['num-txs', 'Transactions', grouped(block.num_txs)],
    ]),
    section(
      'Transactions',
      'block-txs',
      table(
        'block-txs-list',
        ['Hash', 'Messages', 'Result'],
        txs.map((tx) => ({
          attrs: { testid: 'tx-row' },
          cells: [
            h('span', { class: 'mono' }, link(short(tx.hash), 'tx', tx.hash)),
            messagesOf(tx.tx).map((m) => messageType(m)).join(', '),
            resultText(tx),
          ],
        })),
      ),
      big(found.total_count) > BigInt(txs.length)
        ? h('p', { class: 'empty' }, `The first ${txs.length} of ${grouped(found.total_count)}.`)
        : null,
    ),
  );
}

/** The messages of a decoded tx (none for bytes the gateway could not decode). */
function messagesOf(tx) {
  return tx?.body?.messages || [];
}

/** A message's kind: the name of its single oneof field, e.g. "create_bid". */
function messageType(message) {
  return Object.keys(message || {})[0] || 'unknown';
}

function resultText(tx) {
  const code = Number(tx.code || 0);
  return code === 0 ? 'ok' : `failed ${tx.codespace || ''}/${code}`;
}

async function txPage(hash) {
  const tx = await get('/txs/' + hash.toUpperCase());
  const body = tx.tx?.body || {};
  const fee = tx.tx?.auth_info?.fee;
  const signers = tx.tx?.auth_info?.signers || [];
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, 'Transaction'),
    fields([
      ['hash', 'Hash', h('span', { class: 'mono' }, tx.hash)],
      ['height', 'Block', link(grouped(tx.height), 'block', tx.height)],
      ['result', 'Result', resultText(tx)],
      Number(tx.code || 0) !== 0 ? ['log', 'Log', tx.log] : null,
      ['gas', 'Gas used / wanted', `${grouped(tx.gas_used)} / ${grouped(tx.gas_wanted)}`],
      fee ? ['fee', 'Fee', ulease(fee.amount)] : null,
      ['memo', 'Memo', body.memo || ''],
      signers.length ? ['sequence', 'Signer sequences', signers.map((s) => grouped(s.sequence)).join(', ')] : null,
    ]),
    section(
      'Messages',
      'tx-messages',
      messagesOf(tx.tx).map((message, i) =>
        h(
          'div',
          { class: 'message', testid: 'message' },
          h('h3', null, `${i + 1}. ${messageType(message)}`),
          valueView(message[messageType(message)]),
        ),
      ),
    ),
    section('Events', 'tx-events', eventsView(tx.events || [])),
  );
}

function eventsView(events) {
  return table(
    'events-list',
    ['Type', 'Attributes'],
    events.map((event) => ({
      attrs: { testid: 'event-row' },
      cells: [
        event.type,
        h(
          'dl',
          { class: 'attributes' },
          (event.attributes || []).map((a) => [h('dt', null, a.key), h('dd', null, valueView(a.value))]),
        ),
      ],
    })),
  );
}

// Fields whose numbers are amounts: shown with their unit.
const AMOUNTS = new Set(['amount', 'deposit', 'bond', 'balance', 'paid', 'taken']);
const PRICES = new Set(['price', 'max_price']);

/** Any JSON value as nested field tables: strings as text, addresses linked to their account. */
function valueView(value, key = '') {
  if (value == null) return '—';
  if (Array.isArray(value)) {
    return h('ol', null, value.map((item) => h('li', null, valueView(item, key))));
  }
  if (typeof value === 'object') {
    return fields(Object.entries(value).map(([k, v]) => [k, k, valueView(v, k)]));
  }
  const text = String(value);
  if (ADDRESS.test(text)) return link(text, 'account', text);
  if (AMOUNTS.has(key) && /^\d+$/.test(text)) return ulease(text);
  if (PRICES.has(key) && /^\d+$/.test(text)) return price(text);
  return text;
}

// ---- accounts -------------------------------------------------------------------------------

async function accountPage(address) {
  const account = await get('/account/' + encodeURIComponent(address));
  const [provider, sent, received] = await Promise.all([
    find('/provider/' + encodeURIComponent(address)),
    txSearch(`message.sender='${account.address || address}'`),
    txSearch(`transfer.recipient='${account.address || address}'`),
  ]);
  const history = new Map();
  for (const tx of [...sent, ...received]) history.set(tx.hash, tx);
  const txs = [...history.values()].sort((a, b) =>
    big(b.height) === big(a.height) ? Number(b.index || 0) - Number(a.index || 0) : big(b.height) > big(a.height) ? 1 : -1,
  );
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, 'Account'),
    fields([
      ['address', 'Address', h('span', { class: 'mono' }, account.address || address)],
      ['balance', 'Balance', ulease(account.balance)],
      ['sequence', 'Sequence', grouped(account.sequence)],
      ['public-key', 'Public key', account.public_key ? h('span', { class: 'mono' }, hex(account.public_key)) : 'not yet known (no tx signed)'],
      provider ? ['provider', 'Provider', link(`provider (${enumName(provider.state, 'PROVIDER_STATE_')})`, 'provider', address)] : null,
    ]),
    section(
      'History',
      'account-history',
      table(
        'history-list',
        ['Hash', 'Height', 'Messages', 'Result'],
        txs.map((tx) => ({
          attrs: { testid: 'tx-row', 'data-hash': tx.hash },
          cells: [
            h('span', { class: 'mono' }, link(short(tx.hash), 'tx', tx.hash)),
            link(grouped(tx.height), 'block', tx.height),
            messagesOf(tx.tx).map((m) => messageType(m)).join(', '),
            resultText(tx),
          ],
        })),
        'No transactions.',
      ),
    ),
    await paged('Orders', 'account-orders', '/orders', { tenant: address }, 'orders', orderTable),
    await paged('Leases as tenant', 'account-leases', '/leases', { tenant: address }, 'leases', leaseTable),
  );
}

async function txSearch(query) {
  const answer = await get(path('/txs', { query, per_page: PAGE }));
  return answer.txs || [];
}

// ---- providers ------------------------------------------------------------------------------

async function providerPage(address) {
  const provider = await get('/provider/' + encodeURIComponent(address));
  const a = provider.attributes || {};
  const r = provider.reputation || {};
  const storageClass = enumName(a.storage_class, 'STORAGE_CLASS_');
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, 'Provider'),
    fields([
      ['address', 'Address', link(provider.address, 'account', provider.address)],
      ['state', 'State', enumName(provider.state, 'PROVIDER_STATE_')],
      ['bond', 'Bond', ulease(provider.bond)],
      ['host-uri', 'Host', provider.host_uri],
      ['region', 'Region', provider.region],
      ['registered', 'Registered at', link(grouped(provider.registered_height), 'block', big(provider.registered_height))],
      ['leased-units', 'GPUs leased', grouped(provider.leased_units)],
      ['open-bids', 'Open bids', grouped(provider.open_bids)],
      ['open-proofs', 'Proofs in their window', grouped(provider.open_proofs)],
    ]),
    section(
      'GPU attributes',
      'provider-attributes',
      fields([
        ['gpu-model', 'GPU model', a.gpu_model],
        ['gpu-count', 'GPU count', grouped(a.gpu_count)],
        ['vram', 'Memory per GPU', `${grouped(a.vram_gib)} GiB`],
        ['interconnect', 'Interconnect', enumName(a.interconnect, 'INTERCONNECT_')],
        ['cpu', 'CPU', `${grouped(a.cpu_millicores)} millicores`],
        ['memory', 'Memory', `${grouped(a.memory_mib)} MiB`],
        ['storage', 'Storage', `${grouped(a.storage_gib)} GiB` + (storageClass === '—' ? '' : ' ' + storageClass)],
        ['public-ips', 'Public IPs', grouped(a.public_ips)],
        ...(provider.labels || []).map((label, i) => ['label-' + i, label.key, label.value]),
      ]),
    ),
    section(
      'Reputation',
      'provider-reputation',
      fields([
        ['proofs-accepted', 'Proofs accepted', grouped(r.proofs_accepted)],
        ['disputes-lost', 'Disputes lost', grouped(r.disputes_lost)],
        ['disputes-won', 'Disputes won', grouped(r.disputes_won)],
        ['leases-completed', 'Leases completed', grouped(r.leases_completed)],
        ['leases-closed-early', 'Leases closed early', grouped(r.leases_closed_early)],
      ]),
    ),
    section(
      'Attestations',
      'provider-attestations',
      table(
        'attestations-list',
        ['Auditor', 'Attributes', 'Height'],
        (provider.attestations || []).map((att) => ({
          attrs: {},
          cells: [link(att.auditor, 'account', att.auditor), (att.attribute_keys || []).join(', '), grouped(att.height)],
        })),
      ),
    ),
    await paged('Leases', 'provider-leases', '/leases', { provider: address }, 'leases', leaseTable),
    await paged('Bids', 'provider-bids', '/bids', { provider: address }, 'bids', bidTable),
  );
}

// ---- market ---------------------------------------------------------------------------------

async function orderPage(id) {
  const [order, escrow] = await Promise.all([get('/order/' + id), find('/escrow/' + id)]);
  const spec = order.spec || {};
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, `Order ${order.id}`),
    fields([
      ['id', 'Id', String(order.id)],
      ['state', 'State', enumName(order.state, 'ORDER_STATE_')],
      ['tenant', 'Tenant', link(order.tenant, 'account', order.tenant)],
      ['max-price', 'Max price', price(order.max_price)],
      ['gpu-units', 'GPUs', grouped(spec.gpu_units)],
      ['gpu-models', 'GPU models', (spec.gpu_models || []).join(', ') || 'any'],
      ['min-vram', 'Min memory per GPU', `${grouped(spec.min_vram_gib)} GiB`],
      ['region', 'Region', spec.region || 'any'],
      ['allow-split', 'Split between providers', order.allow_split ? 'allowed' : 'no'],
      ['duration', 'Duration', big(order.duration) ? `${grouped(order.duration)} blocks` : 'until closed'],
      ['created', 'Created at', link(grouped(order.created_height), 'block', big(order.created_height))],
      ['window-end', 'Bid window ends', grouped(order.window_end_height)],
    ]),
    section('Escrow', 'order-escrow', escrow ? escrowView(escrow) : 'No escrow.'),
    await paged('Bids', 'order-bids', '/bids', { order: id }, 'bids', bidTable),
    await paged('Leases', 'order-leases', '/leases', { order: id }, 'leases', leaseTable),
  );
}

function bidTable(bids) {
  return table(
    'bids-list',
    ['Bid', 'Order', 'Provider', 'GPUs', 'Price', 'Deposit', 'State'],
    bids.map((bid) => ({
      attrs: { testid: 'bid-row' },
      cells: [
        String(bid.id),
        link(String(bid.order_id), 'order', bid.order_id),
        link(short(bid.provider), 'provider', bid.provider),
        grouped(bid.gpu_units),
        price(bid.price),
        ulease(bid.deposit),
        enumName(bid.state, 'BID_STATE_'),
      ],
    })),
  );
}

function orderTable(orders) {
  return table(
    'orders-list',
    ['Order', 'GPUs', 'Max price', 'State'],
    orders.map((order) => ({
      attrs: { testid: 'order-row' },
      cells: [
        link(String(order.id), 'order', order.id),
        grouped(order.spec?.gpu_units),
        price(order.max_price),
        enumName(order.state, 'ORDER_STATE_'),
      ],
    })),
  );
}

function leaseTable(leases) {
  return table(
    'leases-list',
    ['Lease', 'Order', 'Provider', 'GPUs', 'Price', 'State'],
    leases.map((lease) => ({
      attrs: { testid: 'lease-row' },
      cells: [
        link(String(lease.id), 'lease', lease.id),
        link(String(lease.order_id), 'order', lease.order_id),
        link(short(lease.provider), 'provider', lease.provider),
        grouped(lease.gpu_units),
        price(lease.price),
        enumName(lease.state, 'LEASE_STATE_'),
      ],
    })),
  );
}

async function leasePage(id) {
  const answer = await get('/lease/' + id);
  const lease = answer.lease;
  const [escrow, proofs] = await Promise.all([
    find('/escrow/' + lease.order_id),
    paged('Proofs', 'lease-proofs', '/proofs', { lease: id }, 'proofs', proofTable),
  ]);
  const closed = lease.state === 'LEASE_STATE_CLOSED';
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, `Lease ${lease.id}`),
    fields([
      ['id', 'Id', String(lease.id)],
      ['state', 'State', enumName(lease.state, 'LEASE_STATE_')],
      closed ? ['close-reason', 'Closed because', enumName(lease.close_reason, 'CLOSE_REASON_')] : null,
      ['order', 'Order', link(`order ${lease.order_id}`, 'order', lease.order_id)],
      ['provider', 'Provider', link(lease.provider, 'provider', lease.provider)],
      ['tenant', 'Tenant', link(lease.tenant, 'account', lease.tenant)],
      ['gpu-units', 'GPUs', grouped(lease.gpu_units)],
      ['price', 'Price', price(lease.price)],
      ['start', 'Started at', link(grouped(lease.start_height), 'block', big(lease.start_height))],
      big(lease.end_height) ? ['end', 'Ends at', grouped(lease.end_height)] : null,
      closed ? ['closed', 'Closed at', grouped(lease.closed_height)] : null,
      ['proven-through', 'Proven through', grouped(lease.proven_through)],
      ['paid', 'Paid to provider', ulease(lease.paid)],
      ['taken', 'Taken by the chain', ulease(lease.taken)],
      ['owed', `Accrued, unpaid (at ${grouped(answer.height)})`, microUlease(answer.owed_micro)],
      ['withdrawable', 'Withdrawable', microUlease(lease.withdrawable_micro)],
    ]),
    section('Escrow', 'lease-escrow', escrow ? escrowView(escrow) : 'No escrow.'),
    proofs,
  );
}

function escrowView(answer) {
  const escrow = answer.escrow || {};
  return fields([
    ['escrow-state', 'State', enumName(escrow.state, 'ESCROW_STATE_')],
    ['escrow-owner', 'Owner', link(escrow.owner, 'account', escrow.owner)],
    ['escrow-deposited', 'Deposited', ulease(escrow.deposited)],
    ['escrow-available', `Available (at ${grouped(answer.height)})`, microUlease(answer.available_micro)],
    ['escrow-balance', 'Balance at last settlement', microUlease(escrow.balance_micro)],
    ['escrow-rate', 'Rate', `${microUlease(escrow.rate_micro)} / block`],
    ['escrow-depletion', 'Runs dry at', big(escrow.depletion_height) ? grouped(escrow.depletion_height) : 'never'],
    ['escrow-refunded', 'Refunded', ulease(escrow.refunded)],
    ['escrow-pending-proofs', 'Proofs in their window', grouped(escrow.pending_proofs)],
  ]);
}

function proofTable(proofs) {
  return table(
    'proofs-list',
    ['Proof', 'Blocks', 'Amount', 'State', 'Challenge ends'],
    proofs.map((proof) => ({
      attrs: { testid: 'proof-row', 'data-proof-id': proof.id },
      cells: [
        link(`proof ${proof.id}`, 'proof', proof.id),
        `${grouped(proof.from_height)}–${grouped(proof.to_height)}`,
        microUlease(proof.amount_micro),
        enumName(proof.state, 'PROOF_STATE_'),
        grouped(proof.challenge_end_height),
      ],
    })),
  );
}

async function proofPage(id) {
  const proof = await get('/proof/' + id);
  const dispute = big(proof.dispute_id) ? await find('/dispute/' + proof.dispute_id) : null;
  const usage = proof.usage || {};
  return h(
    'div',
    null,
    h('h1', { testid: 'title' }, `Proof ${proof.id}`),
    fields([
      ['id', 'Id', String(proof.id)],
      ['lease', 'Lease', link(`lease ${proof.lease_id}`, 'lease', proof.lease_id)],
      ['provider', 'Provider', link(proof.provider, 'provider', proof.provider)],
      ['period', 'Blocks proven', `${grouped(proof.from_height)}–${grouped(proof.to_height)}`],
      ['state', 'State', enumName(proof.state, 'PROOF_STATE_')],
      ['amount', 'Amount', microUlease(proof.amount_micro)],
      ['submitted', 'Submitted at', link(grouped(proof.submitted_height), 'block', big(proof.submitted_height))],
      ['challenge-end', 'Challenge window ends', grouped(proof.challenge_end_height)],
      ['output-root', 'Output root', h('span', { class: 'mono' }, hex(proof.output_root))],
      ['agent-key', 'Agent key', h('span', { class: 'mono' }, hex(proof.agent_public_key))],
      ['gpu-seconds', 'GPU seconds', grouped(usage.gpu_seconds)],
      ['peak-vram', 'Peak GPU memory', `${grouped(usage.peak_vram_mib)} MiB`],
      ['usage-model', 'GPU model reported', usage.gpu_model],
    ]),
    dispute
      ? section(
          `Dispute ${dispute.id}`,
          'proof-dispute',
          fields([
            ['dispute-state', 'State', enumName(dispute.state, 'DISPUTE_STATE_')],
            ['dispute-tenant', 'Opened by', link(dispute.tenant, 'account', dispute.tenant)],
            ['dispute-deposit', 'Deposit', ulease(dispute.deposit)],
            ['dispute-evidence', 'Evidence', dispute.evidence_uri],
            ['dispute-deadline', 'Deadline', grouped(dispute.deadline_height)],
            ['dispute-slashed', 'Slashed', ulease(dispute.slashed)],
          ]),
        )
      : null,
  );
}

/** A section listing the first page of a /v1 list, with a button that appends the next pages. */
async function paged(title, testid, base, params, key, render) {
  const holder = h('div');
  const more = h('button', { type: 'button', class: 'more', testid: testid + '-more', hidden: true }, 'More');
  const items = [];
  let next = '';
  async function load() {
    const answer = await get(path(base, { ...params, limit: PAGE, after: next }));
    items.push(...(answer[key] || []));
    next = answer.next || '';
    replace(holder, render(items));
    more.hidden = !next;
  }
  more.addEventListener('click', () => load().catch((e) => replace(holder, errorView(e))));
  await load();
  return section(title, testid, holder, more);
}

window.addEventListener('hashchange', render);
render();
poll();
