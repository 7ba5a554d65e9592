// The vendor's operators' status page: plain DOM, no framework, no build step. Every text that comes
// from the server (ids, codes, messages) is set with textContent, never parsed as markup.

const $ = (id) => document.getElementById(id);
const tokenKey = 'byoc-operator-token';
const refreshMs = 15_000;
let timer;

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  for (const child of children) node.append(child);
  return node;
}

/** Fills a table: a header row, then a row per item, or one row saying there is none. */
function table(id, columns, rows, emptyText, rowClass = () => '') {
  const head = element('thead', {}, [
    element(
      'tr',
      {},
      columns.map(([label]) => element('th', { scope: 'col', textContent: label })),
    ),
  ]);
  const body = element('tbody');
  if (rows.length === 0) {
    body.append(element('tr', {}, [element('td', { colSpan: columns.length, className: 'hint', textContent: emptyText })]));
  }
  for (const row of rows) {
    body.append(
      element(
        'tr',
        { className: rowClass(row) },
        columns.map(([, value, className = '']) => element('td', { className, textContent: String(value(row) ?? '') })),
      ),
    );
  }
  $(id).replaceChildren(head, body);
}

const seconds = (value) => (value < 10 ? `${value.toFixed(2)} s` : `${Math.round(value)} s`);
const when = (iso) => new Date(iso).toLocaleString();

function render(status) {
  $('freshness').textContent = `This replica's metrics since ${when(status.since)}; read ${when(status.generatedAt)}.`;
  const clouds = status.clouds ?? {};
  const states = Object.entries(clouds).filter(([, count]) => count > 0);
  const total = Object.values(clouds).reduce((sum, count) => sum + count, 0);
  table(
    'clouds',
    [
      ['State', ([state]) => state],
      ['Clouds', ([, count]) => count],
    ],
    [...states, ['total', total]],
    'No custom cloud yet.',
    ([state]) => (state === 'disconnected' || state === 'failed' ? 'bad' : state === 'total' ? 'total' : ''),
  );
  $('clouds-missing').hidden = status.clouds !== undefined;
  table(
    'queues',
    [
      ['Queue', (row) => row.name],
      ['Waiting', (row) => row.waiting],
      ['Oldest waiting', (row) => seconds(row.oldestWaitingSeconds)],
    ],
    status.queues,
    'This replica reports no queue.',
    (row) => (row.oldestWaitingSeconds > 300 ? 'bad' : ''),
  );
  renderFailures(status.recentFailures);
  table(
    'health',
    [
      ['Provider', (row) => row.provider],
      ['Code', (row) => row.code, 'code'],
      ['Failures', (row) => row.count],
      ['Meaning', (row) => row.description],
    ],
    status.healthCheckFailures,
    'No health check failed since this replica started.',
  );
  table(
    'verifications',
    [
      ['Provider', (row) => row.provider],
      ['Outcome', (row) => row.outcome],
      ['Verifications', (row) => row.count],
      ['Mean time', (row) => seconds(row.meanSeconds)],
    ],
    status.verifications,
    'No verification since this replica started.',
    (row) => (row.outcome === 'ok' ? '' : 'bad'),
  );
  $('throttled').textContent =
    status.throttledCalls === 0
      ? 'No call was throttled.'
      : `${status.throttledCalls} calls were throttled: the cloud's API limits are near.`;
  table(
    'calls',
    [
      ['Service', (row) => row.service],
      ['Method', (row) => row.method],
      ['Outcome', (row) => row.outcome],
      ['Calls', (row) => row.count],
    ],
    status.cloudCalls,
    'No cloud call since this replica started.',
    (row) => (row.outcome === 'throttled' || row.outcome === 'error' ? 'bad' : ''),
  );
}

/** The newest failures, one block each: what failed where and when, what the code means, what the check found and the fix. */
function renderFailures(failures) {
  const list = $('failures');
  if (failures.length === 0) {
    list.replaceChildren(element('li', { className: 'hint', textContent: 'No failed verification or health check.' }));
    return;
  }
  list.replaceChildren(
    ...failures.map((failure) =>
      element('li', {}, [
        element('p', { className: 'failure-title' }, [
          element('span', { className: 'code', textContent: failure.code ?? 'no code' }),
          ` ${failure.kind === 'health-check' ? 'health check' : failure.kind}, ${when(failure.at)}, by ${failure.actor}`,
        ]),
        element('p', { className: 'hint', textContent: `Organization ${failure.organizationId}, cloud ${failure.cloudId}` }),
        ...(failure.description ? [element('p', { textContent: failure.description })] : []),
        ...(failure.message ? [element('p', { className: 'message', textContent: failure.message })] : []),
      ]),
    ),
  );
}

function showForm(message) {
  clearTimeout(timer);
  $('status').hidden = true;
  $('token-form').hidden = false;
  $('error').hidden = message === undefined;
  $('error').textContent = message ?? '';
  $('token').focus();
}

async function load() {
  clearTimeout(timer);
  const token = sessionStorage.getItem(tokenKey);
  if (!token) return showForm();
  const response = await fetch('/v1/byoc-kit/status', { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  const body = await response?.json().catch(() => ({}));
  if (response?.status === 401 || response?.status === 403) {
    sessionStorage.removeItem(tokenKey);
    return showForm(body.message ?? 'This token is not an operator token.');
  }
  if (!response?.ok) {
    $('error').hidden = false;
    $('error').textContent = body?.message ?? 'The backend did not answer; retrying.';
  } else {
    $('error').hidden = true;
    $('token-form').hidden = true;
    $('status').hidden = false;
    render(body);
  }
  document.body.dataset.ready = 'true';
  timer = setTimeout(load, refreshMs);
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  if (token === '') return showForm('Paste an operator token.');
  sessionStorage.setItem(tokenKey, token);
  $('token').value = '';
  load();
});
$('refresh').addEventListener('click', load);
$('forget').addEventListener('click', () => {
  sessionStorage.removeItem(tokenKey);
  showForm();
});

await load();
document.body.dataset.ready = 'true';
