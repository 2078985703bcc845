// Switchboard agent console: sign in with a token, watch my queues, open a conversation,
// claim it, reply, transfer, hand it back to the bot or close it. Live updates come from the
// server-sent events at /v1/events. Plain script, no framework; segments.js is loaded first.
'use strict';

const TOKEN_KEY = 'switchboard.token';
const TITLE = 'Switchboard console';
const PICK = 'Pick a conversation from a queue.';
const $ = (id) => document.getElementById(id);

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,            // GET /v1/me: { agent, name, queues }
  stats: new Map(),    // queue name -> { waiting, oldest_wait_seconds, at }
  lists: new Map(),    // queue name -> conversations of GET /v1/queues/{queue}/conversations
  listsAt: 0,          // performance.now() when the lists arrived; wait times tick from there
  listError: null,
  openId: null,        // id of the conversation in the main pane
  open: null,          // GET /v1/conversations/{id} of that conversation
  busy: false,         // an action is in flight: its buttons stay disabled
  unseen: new Set(),   // new handoffs not opened yet, counted in the document title
  events: null,        // the EventSource
};

// ---- HTTP -------------------------------------------------------------------------------

class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Calls the JSON API with the bearer token; throws APIError carrying the body's `error` field.
async function api(method, path, body) {
  const init = { method, headers: { Authorization: `Bearer ${state.token}` } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new APIError(0, 'The server cannot be reached.');
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  if (response.status === 401 && state.me) signOut('Your session has expired. Sign in again.');
  throw new APIError(response.status, data?.error ?? `The server answered ${response.status}.`);
}

const conversationPath = (id, action = '') =>
  `/v1/conversations/${encodeURIComponent(id)}${action ? '/' + action : ''}`;

// ---- Sign-in ----------------------------------------------------------------------------

async function signIn(token) {
  state.token = token;
  state.me = await api('GET', '/v1/me');
  sessionStorage.setItem(TOKEN_KEY, token);
  $('signin').hidden = true;
  $('app').hidden = false;
  $('agent-name').textContent = state.me.name || state.me.agent;
  connectEvents();
  refreshLists();
  openFromHash();
}

function signOut(message) {
  state.events?.close();
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: null, me: null, events: null, openId: null, open: null, listError: null });
  state.stats.clear();
  state.lists.clear();
  state.unseen.clear();
  updateTitle();
  $('app').hidden = true;
  showPlaceholder(PICK);
  $('signin').hidden = false;
  showSignInError(message);
  $('token').value = '';
  $('token').focus();
}

function showSignInError(message) {
  $('signin-error').textContent = message ?? '';
  $('signin-error').hidden = !message;
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) return showSignInError('Enter your agent token.');
  const button = event.submitter;
  button.disabled = true;
  showSignInError(null);
  try {
    await signIn(token);
  } catch (error) {
    state.token = null;
    showSignInError(error.message);
  } finally {
    button.disabled = false;
  }
});

$('signout').addEventListener('click', () => signOut(null));

// ---- Live updates -----------------------------------------------------------------------

// EventSource cannot send headers, hence the token in the query. The browser reconnects by
// itself after a dropped connection; when it gives up (an HTTP error), retry every 5 s unless
// the token was refused.
function connectEvents() {
  const source = new EventSource(`/v1/events?access_token=${encodeURIComponent(state.token)}`);
  state.events = source;
  source.addEventListener('open', () => {
    setLive('live', 'Live');
    refreshSoon(); // catch up with whatever happened while disconnected
  });
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.CLOSED) return setLive('connecting', 'Reconnecting…');
    setLive('offline', 'Offline');
    setTimeout(async () => {
      if (state.events !== source) return;
      await api('GET', '/v1/me').catch(() => {}); // signs out on 401
      if (state.events === source) connectEvents();
    }, 5000);
  });
  source.addEventListener('queues', (event) => {
    applyStats(JSON.parse(event.data).queues);
    renderSidebar();
    refreshSoon();
  });
  source.addEventListener('handoff', (event) => {
    notifyHandoff(JSON.parse(event.data));
    refreshSoon();
  });
  source.addEventListener('message', (event) => {
    if (JSON.parse(event.data).conversation_id === state.openId) refreshSoon();
  });
}

function setLive(kind, label) {
  $('live').dataset.state = kind;
  $('live').textContent = label;
}

// Events come in bursts (a handoff changes the queues too): one refresh per burst.
let refreshTimer = null;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshLists();
    loadConversation();
  }, 150);
}

// ---- New handoff notice -----------------------------------------------------------------

function notifyHandoff(handoff) {
  if (handoff.id === state.openId) return;
  state.unseen.add(handoff.id);
  updateTitle();
  beep();
  const toast = el('div', { class: 'toast', role: 'status', 'data-testid': 'handoff-toast' },
    el('div', { class: 'toast-text' },
      el('strong', {}, `New conversation in ${handoff.queue}`),
      el('span', {}, `${reasonLabel(handoff.reason)} · #${handoff.id}`)),
    el('button', { type: 'button', class: 'primary', onclick: () => { location.hash = handoff.id; toast.remove(); } },
      'Open'),
    el('button', { type: 'button', class: 'ghost', 'aria-label': 'Dismiss', onclick: () => toast.remove() }, '×'));
  $('toasts').append(toast);
  setTimeout(() => toast.remove(), 15000);
}

function updateTitle() {
  document.title = state.unseen.size > 0 ? `(${state.unseen.size}) ${TITLE}` : TITLE;
}

// A short two-tone beep. Browsers only start audio after a user gesture, so the context is
// created (or resumed) on the first click or key press.
let audio = null;
function wakeAudio() {
  audio ??= new AudioContext();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}
document.addEventListener('pointerdown', wakeAudio);
document.addEventListener('keydown', wakeAudio);

function beep() {
  if (audio?.state !== 'running') return;
  const start = audio.currentTime;
  const tone = audio.createOscillator();
  const volume = audio.createGain();
  tone.frequency.setValueAtTime(880, start);
  tone.frequency.setValueAtTime(1320, start + 0.12);
  volume.gain.setValueAtTime(0.0001, start);
  volume.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
  tone.connect(volume).connect(audio.destination);
  tone.start(start);
  tone.stop(start + 0.32);
}

// ---- Queues and waiting conversations (left column) -----------------------------------------

function applyStats(queues) {
  const at = performance.now();
  for (const queue of queues) state.stats.set(queue.name, { ...queue, at });
}

// Reloads the queue figures and lists; an answer overtaken by a newer refresh is dropped.
let listSeq = 0;
async function refreshLists() {
  if (!state.me) return;
  const seq = ++listSeq;
  try {
    const [stats, ...lists] = await Promise.all([
      api('GET', '/v1/queues'),
      ...state.me.queues.map((queue) => api('GET', `/v1/queues/${encodeURIComponent(queue)}/conversations`)),
    ]);
    if (seq !== listSeq) return;
    applyStats(stats.queues);
    state.me.queues.forEach((queue, i) => state.lists.set(queue, lists[i].conversations));
    state.listsAt = performance.now();
    state.listError = null;
    // A new handoff stops counting as unseen once it is no longer waiting.
    const waiting = new Set(lists.flatMap((list) => list.conversations)
      .filter((c) => c.status === 'queued').map((c) => c.id));
    for (const id of state.unseen) if (!waiting.has(id)) state.unseen.delete(id);
    updateTitle();
  } catch (error) {
    if (seq !== listSeq) return;
    state.listError = error.message;
  }
  renderSidebar();
}

function renderSidebar() {
  if (!state.me) return;
  const sections = state.me.queues.map((queue) => {
    const stats = state.stats.get(queue);
    const conversations = [...(state.lists.get(queue) ?? [])].sort(byUrgency);
    return el('section', { class: 'queue', 'data-testid': 'queue', 'data-queue': queue },
      el('h3', { class: 'queue-head' },
        el('span', { class: 'queue-name' }, queue),
        el('span', { class: 'badge', title: 'Waiting' }, String(stats?.waiting ?? 0)),
        stats?.waiting > 0 &&
          el('span', { class: 'muted oldest' }, 'oldest ', ticking(stats.oldest_wait_seconds, stats.at))),
      conversations.length === 0
        ? el('p', { class: 'muted empty' }, 'No one waiting')
        : el('ul', { class: 'conv-list' }, conversations.map(conversationItem)));
  });
  const focused = document.activeElement?.dataset.conversationId; // keep keyboard focus on rebuild
  $('queues').replaceChildren(
    ...(state.listError ? [el('p', { class: 'error', role: 'alert' }, state.listError)] : []),
    ...(sections.length ? sections : [el('p', { class: 'muted empty' }, 'You are not in any queue.')]));
  if (focused) $('queues').querySelector(`[data-conversation-id="${focused}"]`)?.focus();
}

// Waiting conversations first, longest wait first; then the ones agents hold, mine first.
function byUrgency(a, b) {
  const rank = (c) => (c.status === 'queued' ? 0 : c.agent === state.me.agent ? 1 : 2);
  return rank(a) - rank(b) || b.waiting_seconds - a.waiting_seconds;
}

function conversationItem(c) {
  const mine = c.status === 'agent' && c.agent === state.me.agent;
  const holder = c.status === 'queued' ? null : mine ? 'You' : c.agent;
  return el('li', {},
    el('a', {
      href: `#${c.id}`,
      class: `conv-item${c.id === state.openId ? ' active' : ''}${holder ? ' held' : ''}`,
      'aria-current': c.id === state.openId ? 'true' : null,
      'data-testid': 'conversation-item',
      'data-conversation-id': c.id,
      'data-status': c.status,
    },
      el('span', { class: 'conv-line' },
        el('span', { class: 'phone' }, c.phone ?? `#${c.id}`),
        holder
          ? el('span', { class: `pill ${mine ? 'mine' : 'agent'}` }, holder)
          : el('span', { class: 'wait', title: `Waiting since ${formatTime(c.since)}` },
              ticking(c.waiting_seconds, state.listsAt))),
      el('span', { class: 'conv-line muted' },
        el('span', { class: 'reason' }, reasonLabel(c.reason)),
        c.note && el('span', { class: 'note', title: c.note }, c.note))));
}

// A wait time that the 1-second ticker keeps current.
function ticking(seconds, at) {
  const node = el('span', { class: 'ticking', 'data-base': seconds, 'data-at': at });
  node.textContent = formatWait(seconds);
  return node;
}

setInterval(() => {
  const now = performance.now();
  for (const node of document.querySelectorAll('.ticking')) {
    node.textContent = formatWait(Number(node.dataset.base) + (now - Number(node.dataset.at)) / 1000);
  }
}, 1000);

// ---- The open conversation (main pane) ---------------------------------------------------

window.addEventListener('hashchange', openFromHash);

function openFromHash() {
  const id = Number(location.hash.slice(1));
  if (state.me && Number.isInteger(id) && id > 0 && id !== state.openId) openConversation(id);
}

function openConversation(id) {
  state.openId = id;
  state.open = null;
  state.unseen.delete(id);
  updateTitle();
  $('reply').value = '';
  updateCounter();
  showBanner('conv-error', null);
  showBanner('conv-notice', null);
  showPlaceholder('Loading…');
  renderSidebar();
  loadConversation({ scroll: true });
}

// Loads the open conversation; answers that arrive after another one was opened are dropped.
let loadSeq = 0;
async function loadConversation({ scroll = false } = {}) {
  if (state.openId == null) return;
  const id = state.openId;
  const seq = ++loadSeq;
  try {
    const conversation = await api('GET', conversationPath(id));
    if (seq !== loadSeq) return;
    state.open = conversation;
    renderConversation(scroll);
  } catch (error) {
    if (seq !== loadSeq) return;
    if (state.open) showBanner('conv-error', error.message);
    else showPlaceholder(`Conversation ${id}: ${error.message}`, true);
  }
}

function isMine(c) {
  return c.status === 'agent' && c.handoff?.agent === state.me.agent;
}

function renderConversation(scroll) {
  const c = state.open;
  $('placeholder').hidden = true;
  $('conversation').hidden = false;
  $('conversation').dataset.status = c.status;
  $('conv-phone').textContent = c.phone;
  $('conv-status').textContent = statusLabel(c);
  $('conv-status').className = `pill status-${c.status}`;
  const inQueue = c.handoff && (c.status === 'queued' || c.status === 'agent');
  const meta = [inQueue && `Queue ${c.handoff.queue}`, c.opted_out && 'Opted out (STOP)'];
  $('conv-meta').textContent = meta.filter(Boolean).join(' · ');
  renderActions();
  renderBrief(c);
  renderTranscript(c, scroll);
}

function statusLabel(c) {
  if (c.status === 'agent') return isMine(c) ? 'Claimed by you' : `With ${c.handoff?.agent ?? 'an agent'}`;
  return { bot: 'With the bot', queued: 'Waiting', closed: 'Closed' }[c.status] ?? c.status;
}

// Which actions make sense now; the server still has the last word (its errors are shown).
function renderActions() {
  const c = state.open;
  const mine = isMine(c);
  const queued = c.status === 'queued';
  const others = state.me.queues.filter((queue) => queue !== c.handoff?.queue);
  const picker = $('transfer-queue');
  const chosen = picker.value; // keep the agent's pick across live refreshes
  picker.replaceChildren(...others.map((queue) => el('option', { value: queue }, queue)));
  if (others.includes(chosen)) picker.value = chosen;
  $('transfer-group').hidden = others.length === 0; // an agent with one queue cannot transfer
  $('claim').disabled = state.busy || !queued;
  $('transfer-queue').disabled = state.busy || !(queued || mine);
  $('transfer').disabled = $('transfer-queue').disabled;
  $('release').disabled = state.busy || !mine;
  $('close').disabled = state.busy || !mine;
  $('csat').disabled = $('close').disabled;

  const canReply = mine && !c.opted_out && !state.busy;
  $('reply').disabled = !canReply;
  $('reply').placeholder = c.opted_out ? 'The customer opted out (STOP): no texts can be sent.'
    : mine ? `Reply to ${c.phone}` : 'Claim the conversation to reply';
  updateCounter();
}

function renderBrief(c) {
  const b = c.brief ?? {};
  const h = c.handoff;
  const rows = [
    ['Escalation', h ? [el('strong', {}, reasonLabel(h.reason)), h.note && el('div', { class: 'muted' }, h.note)] : '—'],
    ['Intent', b.intent ? [b.intent, b.confidence != null && el('span', { class: 'muted' }, ` · ${percent(b.confidence)} confident`)] : '—'],
    ['Sentiment', b.sentiment
      ? el('span', { class: `sentiment ${b.sentiment}` }, b.sentiment,
          b.sentiment_score != null ? ` (${signed(b.sentiment_score)})` : '')
      : '—'],
    ['Frustration', b.frustration != null ? meter(b.frustration) : '—'],
  ];
  const slots = Object.entries(b.collected ?? {});
  $('brief').replaceChildren(
    el('h3', {}, 'Brief'),
    el('p', { class: 'summary', 'data-testid': 'brief-summary' }, b.summary || 'No summary.'),
    el('dl', { class: 'facts' }, rows.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, value)])),
    el('h4', {}, 'Collected'),
    slots.length === 0
      ? el('p', { class: 'muted' }, 'Nothing collected.')
      : el('table', { class: 'slots', 'data-testid': 'brief-slots' },
          el('tbody', {}, slots.map(([name, value]) =>
            el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, String(value)))))));
}

function meter(value) {
  const level = value >= 0.66 ? 'high' : value >= 0.33 ? 'medium' : 'low';
  const fill = el('span');
  fill.style.width = percent(value); // through CSSOM: the server's CSP forbids style attributes
  return el('span', { class: `meter ${level}`, title: percent(value) }, el('span', { class: 'meter-bar' }, fill), percent(value));
}

function renderTranscript(c, scroll) {
  const list = $('transcript');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...(c.transcript.length === 0
    ? [el('li', { class: 'muted empty' }, 'No messages yet.')]
    : c.transcript.map(messageItem)));
  if (scroll || atBottom) list.scrollTop = list.scrollHeight;
}

function messageItem(m) {
  const [kind, name] = m.author.split(':'); // "customer", "bot" or "agent:<id>"
  const who = kind === 'agent' ? (name === state.me.agent ? 'You' : name)
    : { bot: 'Bot', system: 'System', customer: 'Customer' }[kind] ?? m.author;
  return el('li', { class: `msg ${m.direction} from-${kind}`, 'data-testid': 'message', 'data-author': m.author },
    el('div', { class: 'bubble' }, m.body),
    el('div', { class: 'msg-meta' },
      who, ' · ', el('time', { datetime: m.at, title: new Date(m.at).toLocaleString() }, formatTime(m.at)),
      m.status && ` · ${m.status}`));
}

// ---- Actions ----------------------------------------------------------------------------

// Runs one action on the open conversation, shows its error inline, then reloads.
async function act(action, body, onDone) {
  const id = state.openId;
  showBanner('conv-error', null);
  showBanner('conv-notice', null);
  state.busy = true;
  renderActions();
  try {
    const result = await api('POST', conversationPath(id, action), body);
    if (id === state.openId) onDone?.(result);
  } catch (error) {
    if (id === state.openId) showBanner('conv-error', error.message);
  } finally {
    state.busy = false;
    if (state.open) renderActions();
    await Promise.all([loadConversation(), refreshLists()]);
  }
}

$('claim').addEventListener('click', async () => {
  await act('claim', {});
  if (!$('reply').disabled) $('reply').focus();
});

$('transfer').addEventListener('click', () => {
  const queue = $('transfer-queue').value;
  act('transfer', { queue }, () => showBanner('conv-notice', `Transferred to ${queue}.`));
});

$('release').addEventListener('click', () => act('release', {}, (result) => {
  const replies = result?.replies ?? [];
  showBanner('conv-notice', replies.length
    ? `Handed back to the bot. It replied: “${replies.join(' / ')}”`
    : 'Handed back to the bot.');
}));

$('close').addEventListener('click', () => {
  const csat = $('csat').checked;
  act('close', { csat }, () => showBanner('conv-notice', csat ? 'Closed; CSAT survey sent.' : 'Closed.'));
});

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = $('reply').value;
  if (!body.trim() || $('reply').disabled) return;
  act('messages', { body }, () => {
    $('reply').value = '';
    updateCounter();
    $('transcript').scrollTop = $('transcript').scrollHeight;
  });
});

$('reply').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $('composer').requestSubmit();
});

// ---- Segment counter --------------------------------------------------------------------

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

$('reply').addEventListener('input', updateCounter);

// "42 chars · GSM-7 · 1 segment", naming the characters that force UCS-2.
function updateCounter() {
  const text = $('reply').value;
  const m = SMSSegments.measure(text);
  const chars = [...graphemes.segment(text)].length;
  const counter = $('counter');
  counter.dataset.encoding = m.encoding;
  counter.dataset.segments = m.segments;
  counter.classList.toggle('warn', m.segments > 1 || m.encoding === 'UCS-2');
  counter.replaceChildren(el('span', {},
    `${chars} ${chars === 1 ? 'char' : 'chars'} · `,
    el('span', { class: 'encoding' }, m.encoding),
    ` · ${m.segments} ${m.segments === 1 ? 'segment' : 'segments'}`,
    el('span', { class: 'muted' }, ` (${m.units}/${m.segments * m.perSegment} ${m.encoding === 'GSM-7' ? 'septets' : 'units'})`),
    m.ucs2Chars.length > 0 &&
      el('span', { class: 'culprits', 'data-testid': 'ucs2-chars' },
        ` · UCS-2 because of ${m.ucs2Chars.map(SMSSegments.describe).join(', ')}`)));
  $('send').disabled = $('reply').disabled || !text.trim();
}

// ---- Small helpers ----------------------------------------------------------------------

// Builds an element; strings become text nodes (never HTML), null/false children are skipped.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children.flat().filter((child) => child != null && child !== false && child !== ''));
  return node;
}

// The main pane's text when no conversation is shown.
function showPlaceholder(text, isError = false) {
  $('conversation').hidden = true;
  $('placeholder').hidden = false;
  $('placeholder').textContent = text;
  $('placeholder').classList.toggle('error', isError);
}

function showBanner(id, message) {
  $(id).textContent = message ?? '';
  $(id).hidden = !message;
}

function reasonLabel(reason) {
  const text = (reason || 'unknown').replaceAll('_', ' ');
  return text[0].toUpperCase() + text.slice(1);
}

function formatWait(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (date.toDateString() === new Date().toDateString() ? timeOfDay : dayAndTime).format(date);
}

const percent = (value) => `${Math.round(value * 100)}%`;
const signed = (value) => (value > 0 ? '+' : value < 0 ? '−' : '') + Math.abs(value).toFixed(2);

// ---- Start ------------------------------------------------------------------------------

updateCounter();
if (state.token) {
  signIn(state.token).catch((error) => {
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('signin').hidden = false;
    showSignInError(error.message);
  });
} else {
  $('signin').hidden = false;
}
