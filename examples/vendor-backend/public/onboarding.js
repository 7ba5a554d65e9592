// The customer's onboarding page: plain DOM, no framework, no build step. Every text that comes from
// the server (names, messages, file contents) is set with textContent, never parsed as markup.

const $ = (id) => document.getElementById(id);
const organizationId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const cloudsUrl = `/v1/organization/${encodeURIComponent(organizationId)}/custom-cloud-environments`;
const apiUrl = `/v1/byoc-kit/onboarding/organization/${encodeURIComponent(organizationId)}`;
const contactRoles = ['Admin', 'Technical', 'Billing', 'Security'];
// The onboarding link's token rides in the address's fragment (#access=...), which browsers never send
// to a server; the page sends it back as a bearer token, and keeps it for the tab so a reload works.
const accessKey = `byoc-access:${organizationId}`;
const linkToken = new URLSearchParams(location.hash.slice(1)).get('access');
if (linkToken) sessionStorage.setItem(accessKey, linkToken);
const accessToken = linkToken ?? sessionStorage.getItem(accessKey);
const tagPrefix = 'byoc_resource_tag:';

let providers = [];
const formatNames = { terraform: 'Terraform', cloudformation: 'CloudFormation', arm: 'ARM template and Bicep' };
let cloud = null;
let pollTimer;
let downloads = [];

/** A JSON call; a failed one throws an Error carrying the server's message and body. */
async function call(method, url, body) {
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw Object.assign(new Error(json.message ?? `The server answered ${response.status}.`), { body: json, status: response.status });
  }
  return json;
}

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  for (const child of children) node.append(child);
  return node;
}

const chosenProvider = () => providers.find((provider) => provider.id === document.querySelector('input[name=provider]:checked')?.value);

// 1. Describe the cloud -----------------------------------------------------------------------------

function renderProviders() {
  const box = $('providers');
  box.replaceChildren();
  if (providers.length === 0) box.append(element('p', { textContent: 'No cloud provider is offered yet; ask your vendor.' }));
  providers.forEach((provider, index) => {
    const input = element('input', { type: 'radio', name: 'provider', value: provider.id, checked: index === 0 });
    input.addEventListener('change', renderRegions);
    box.append(element('label', {}, [input, ` ${provider.name}`]));
  });
  renderRegions();
}

function renderRegions() {
  const provider = chosenProvider();
  $('region').replaceChildren(
    ...(provider?.regions ?? []).map((region) => element('option', { value: region.id, textContent: `${region.name} (${region.id})` })),
  );
}

let cidrSequence = 0;
let cidrTimer;
async function checkCidr() {
  const sequence = ++cidrSequence;
  // A check due after the cloud was created finds the form gone: nothing to check.
  if (!$('cidr')) return;
  const value = $('cidr').value.trim();
  const message = $('cidr-message');
  const suggestion = $('cidr-suggestion');
  if (value === '') {
    message.textContent = '';
    suggestion.hidden = true;
    $('cidr').removeAttribute('aria-invalid');
    return;
  }
  let result;
  try {
    result = await call('POST', `${apiUrl}/cidr-check`, { cidr: value });
  } catch (error) {
    result = { ok: false, message: error.message };
  }
  // A newer check superseded this one, or the cloud was created meanwhile and the form is gone.
  if (sequence !== cidrSequence || !$('cidr')) return;
  message.className = result.ok && !result.warning ? 'ok' : result.ok ? 'warning' : 'error';
  message.textContent = result.ok
    ? `✓ ${result.cidr}: ${result.addresses.toLocaleString('en-US')} addresses.${result.warning ? ` ${result.warning}` : ''}`
    : result.message;
  $('cidr').setAttribute('aria-invalid', String(!result.ok));
  suggestion.hidden = result.suggestion === undefined;
  suggestion.textContent = result.suggestion ? `Use ${result.suggestion}, which is free` : '';
  suggestion.dataset.cidr = result.suggestion ?? '';
}

function addTagRow(key = '', value = '') {
  const number = $('tags').children.length + 1;
  const row = element('div', { className: 'row' }, [
    element('input', { value: key, className: 'tag-key', placeholder: 'key', autocomplete: 'off', ariaLabel: `Tag ${number} key` }),
    element('input', { value, className: 'tag-value', placeholder: 'value', autocomplete: 'off', ariaLabel: `Tag ${number} value` }),
  ]);
  const remove = element('button', { type: 'button', className: 'secondary', textContent: 'Remove', ariaLabel: `Remove tag ${number}` });
  remove.addEventListener('click', () => row.remove());
  row.append(remove);
  $('tags').append(row);
  return row;
}

function addContactRow(role = 'Technical') {
  const number = $('contacts').children.length + 1;
  const roles = element(
    'select',
    { className: 'contact-role', ariaLabel: `Contact ${number} role` },
    contactRoles.map((name) => element('option', { value: name, textContent: name, selected: name === role })),
  );
  const row = element('div', { className: 'row' }, [
    element('input', {
      type: 'email',
      className: 'contact-email',
      placeholder: 'email',
      autocomplete: 'email',
      ariaLabel: `Contact ${number} email`,
    }),
    element('input', { className: 'contact-name', placeholder: 'name', autocomplete: 'name', ariaLabel: `Contact ${number} name` }),
    roles,
  ]);
  const remove = element('button', {
    type: 'button',
    className: 'secondary',
    textContent: 'Remove',
    ariaLabel: `Remove contact ${number}`,
  });
  remove.addEventListener('click', () => row.remove());
  row.append(remove);
  $('contacts').append(row);
  return row;
}

/** The create body, in Aiven's wire format (the route the page posts to is Aiven's own). */
function createBody() {
  const form = $('cloud-form');
  const tags = {};
  for (const row of $('tags').children) {
    const key = row.querySelector('.tag-key').value.trim();
    const value = row.querySelector('.tag-value').value;
    if (key !== '' || value !== '') tags[`${tagPrefix}${key}`] = value;
  }
  const contacts = [];
  for (const row of $('contacts').children) {
    const email = row.querySelector('.contact-email').value.trim();
    const name = row.querySelector('.contact-name').value.trim();
    if (email === '' && name === '') continue;
    contacts.push({ email, ...(name ? { real_name: name } : {}), role: row.querySelector('.contact-role').value });
  }
  return {
    cloud_provider: chosenProvider()?.wireName,
    cloud_region: $('region').value,
    display_name: $('display-name').value,
    deployment_model: form.elements.deployment_model.value,
    reserved_cidr: $('cidr').value.trim(),
    tags,
    contact_emails: contacts,
  };
}

/** The field a wire path names (`reserved_cidr`, `contact_emails[1].email`, `tags.team`), to mark and focus. */
function fieldOf(path) {
  const contact = /^contact_emails\[(\d+)\]\.?(\w*)/.exec(path);
  if (contact) {
    const row = $('contacts').children[Number(contact[1])];
    return row?.querySelector(contact[2] === 'real_name' ? '.contact-name' : contact[2] === 'role' ? '.contact-role' : '.contact-email');
  }
  if (path.startsWith('tags')) return $('tags').querySelector('.tag-key');
  return { reserved_cidr: $('cidr'), display_name: $('display-name'), cloud_region: $('region') }[path.split('.')[0]];
}

function showFormError(error) {
  const box = $('form-error');
  const entries = error.body?.errors ?? [];
  box.replaceChildren(
    element('p', { textContent: error.message }),
    ...(entries.length > 1
      ? [
          element(
            'ul',
            {},
            entries.map((entry) => element('li', { textContent: entry.message })),
          ),
        ]
      : []),
  );
  box.hidden = false;
  const fields = entries.map((entry) => entry.details?.path && fieldOf(entry.details.path)).filter(Boolean);
  for (const field of fields) field.setAttribute('aria-invalid', 'true');
  (fields[0] ?? $('create')).focus();
}

async function createCloud(event) {
  event.preventDefault();
  $('form-error').hidden = true;
  for (const field of $('cloud-form').querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  const button = $('create');
  button.disabled = true;
  try {
    const { custom_cloud_environment: created } = await call('POST', cloudsUrl, createBody());
    clearTimeout(cidrTimer);
    history.replaceState(null, '', `?cloud=${encodeURIComponent(created.custom_cloud_environment_id)}${location.hash}`);
    await follow(created.custom_cloud_environment_id);
    $('apply-title').focus();
  } catch (error) {
    showFormError(error);
  } finally {
    button.disabled = false;
  }
}

// 2. Apply the template; 3. return the identity; 4. follow the verification --------------------------

async function follow(id) {
  const progress = await call('GET', `${apiUrl}/clouds/${encodeURIComponent(id)}/progress`);
  cloud = progress;
  const provider = providers.find((candidate) => candidate.id === progress.provider);
  const summary = element('p', { className: 'status ok', id: 'created' }, [
    `Custom cloud “${progress.displayName}” created (${progress.id}).`,
  ]);
  $('cloud-form').replaceWith(summary);
  $('formats').replaceChildren(
    ...(provider?.formats ?? ['terraform']).map((format, index) => {
      const input = element('input', { type: 'radio', name: 'format', value: format, checked: index === 0 });
      input.addEventListener('change', () => showBundle(format));
      return element('label', {}, [input, ` ${formatNames[format] ?? format}`]);
    }),
  );
  $('access').placeholder = provider?.access.example ?? '';
  const second = provider?.access.second;
  $('access-second-field').hidden = second === undefined;
  $('access-second').required = second !== undefined;
  if (second) {
    $('access-second').placeholder = second.example;
    $('access-second-label').textContent = `and the ${second.label}`;
  }
  for (const section of ['apply', 'connect', 'progress']) $(section).hidden = false;
  await showBundle((provider?.formats ?? ['terraform'])[0]);
  render(progress);
  poll();
}

async function showBundle(format) {
  const bundle = await call('GET', `${apiUrl}/clouds/${encodeURIComponent(cloud.id)}/bundle?format=${format}`);
  for (const url of downloads) URL.revokeObjectURL(url);
  downloads = bundle.files.map((file) => URL.createObjectURL(new Blob([file.contents], { type: 'text/plain' })));
  $('files').replaceChildren(
    ...bundle.files.map((file, index) =>
      element('li', {}, [element('a', { href: downloads[index], download: file.path, textContent: `Download ${file.path}` })]),
    ),
  );
  const link = bundle.applyLink;
  $('apply-link-line').hidden = link === undefined;
  $('apply-link-line').replaceChildren(
    ...(link
      ? [
          element('a', {
            href: link.url,
            target: '_blank',
            rel: 'noopener noreferrer',
            textContent:
              cloud.provider === 'azure' ? 'Deploy to Azure in the portal' : 'Open the stack in the AWS console, every value filled in',
          }),
        ]
      : []),
  );
  $('registration-wait').hidden = !link?.registersAccess;
  const provider = providers.find((candidate) => candidate.id === cloud.provider);
  const asked = `the ${provider?.access.label ?? 'identity'} the template printed`;
  $('access-label').textContent = link?.registersAccess ? `Or, if the stack could not reach us, paste ${asked}` : `Paste ${asked}`;
  $('template-version').textContent = bundle.templateVersion ? `Template version ${bundle.templateVersion}` : '';
  $('instructions').textContent = bundle.instructions;
}

const stateText = {
  draft: 'Waiting for the identity the template created.',
  validating: 'Checking that we can act through the identity…',
  creating: 'Access verified. We are building your custom cloud.',
  active: 'Your custom cloud is active.',
  creation_failed: 'Building the cloud failed; we will retry or contact you.',
  disconnected: 'We lost access to your account. Check the role, service account or delegation the template created.',
  reconnecting: 'Checking access again…',
  deleting: 'Your custom cloud is being deleted.',
  deleted: 'Your custom cloud is deleted.',
};

function render(progress) {
  cloud = progress;
  $('state').textContent = `State: ${progress.state}. ${stateText[progress.state] ?? ''}`;
  $('state').dataset.state = progress.state;
  $('access-form').hidden = progress.state !== 'draft';
  $('access-given').hidden = progress.access === null || progress.state === 'draft';
  $('access-given').textContent = progress.access ? `We act through ${progress.access.identity}.` : '';
  if (progress.state !== 'draft') $('registration-wait').hidden = true;
  $('checks').replaceChildren(
    ...progress.checks.map((check) =>
      element('li', { className: check.ok ? 'ok' : 'error' }, [
        `${check.ok ? '✓' : '✗'} ${check.id.replaceAll('_', ' ')}: ${check.detail}`,
      ]),
    ),
  );
  $('errors').replaceChildren(...progress.errors.map((error) => element('li', { textContent: `${error.message} (${error.code})` })));
  const health = progress.health;
  const watched = ['active', 'disconnected', 'reconnecting'].includes(progress.state);
  $('health').hidden = !watched;
  if (watched) {
    $('health').textContent = health
      ? `Health: last check ${health.lastResult === 'ok' ? 'passed' : health.lastResult} at ${new Date(health.checkedAt).toLocaleString()}` +
        (health.consecutiveFailures > 0 ? `, ${health.consecutiveFailures} failed in a row` : '') +
        (health.lastError ? `: ${health.lastError.message}` : '.')
      : 'Health: not checked yet.';
  }
}

/** How long to wait before the next read: quick while a verification runs, slower while the customer or the vendor works. */
function pollDelay(state) {
  if (state === 'validating' || state === 'reconnecting') return 1_000;
  if (state === 'draft' || state === 'creating') return 3_000;
  return 15_000;
}

/** Follows the cloud while the page is in view; a hidden tab reads nothing until it is shown again. */
function poll() {
  clearTimeout(pollTimer);
  if (document.visibilityState === 'hidden') return;
  pollTimer = setTimeout(async () => {
    try {
      render(await call('GET', `${apiUrl}/clouds/${encodeURIComponent(cloud.id)}/progress`));
    } catch {
      // A missed read is tried again at the next.
    }
    poll();
  }, pollDelay(cloud.state));
}

document.addEventListener('visibilitychange', () => {
  if (cloud && document.visibilityState === 'visible') poll();
});

async function submitAccess(event) {
  event.preventDefault();
  const provider = providers.find((candidate) => candidate.id === cloud.provider);
  const error = $('access-error');
  error.hidden = true;
  $('access').removeAttribute('aria-invalid');
  $('verify').disabled = true;
  try {
    render(await call('GET', `${apiUrl}/clouds/${encodeURIComponent(cloud.id)}/progress`));
    const body = { [provider.access.field]: $('access').value.trim() };
    if (provider.access.second) body[provider.access.second.field] = $('access-second').value.trim();
    await call('POST', `${cloudsUrl}/${encodeURIComponent(cloud.id)}/provision`, body);
    render(await call('GET', `${apiUrl}/clouds/${encodeURIComponent(cloud.id)}/progress`));
    poll();
    $('state').focus();
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
    $('access').setAttribute('aria-invalid', 'true');
    $('access').focus();
  } finally {
    $('verify').disabled = false;
  }
}

/** The page cannot act without a working link: it says so, and shows nothing else. */
function refuseLink(message) {
  for (const section of document.querySelectorAll('main > section')) section.hidden = true;
  $('link-error').textContent = message;
  $('link-error').hidden = false;
  document.body.dataset.ready = 'refused';
}

async function start() {
  if (!accessToken) return refuseLink('This page opens from the link your vendor sent you. Open that link again, or ask for a new one.');
  try {
    await call('GET', `${apiUrl}/session`);
  } catch (error) {
    if (error.status === 401) return refuseLink('This link has expired or is not valid. Ask your vendor for a new one.');
    if (error.status === 404) return refuseLink("This link does not open this organization's page. Use the link your vendor sent you.");
    throw error;
  }
  $('cloud-form').addEventListener('submit', createCloud);
  $('access-form').addEventListener('submit', submitAccess);
  $('cidr').addEventListener('input', () => {
    clearTimeout(cidrTimer);
    cidrTimer = setTimeout(checkCidr, 250);
  });
  $('cidr-suggestion').addEventListener('click', () => {
    $('cidr').value = $('cidr-suggestion').dataset.cidr;
    checkCidr();
    $('cidr').focus();
  });
  $('add-tag').addEventListener('click', () => addTagRow().querySelector('input').focus());
  $('add-contact').addEventListener('click', () => addContactRow().querySelector('input').focus());
  addContactRow('Admin');
  ({ providers } = await call('GET', '/v1/byoc-kit/onboarding/providers'));
  renderProviders();
  const resumed = new URLSearchParams(location.search).get('cloud');
  if (resumed) await follow(resumed);
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  $('form-error').textContent = `The page could not start: ${error.message}`;
  $('form-error').hidden = false;
});
