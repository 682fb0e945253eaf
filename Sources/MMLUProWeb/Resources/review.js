// The review pages' script, served as a file: the content security policy allows no inline
// script. Question text arrives as JSON and is set as text; math ($...$, $$...$$, \(...\),
// \[...\]) is rendered by KaTeX into elements, never through HTML, and what KaTeX cannot
// parse stays as the raw text.
'use strict';

function token() { return sessionStorage.getItem('mmlupro-token') || ''; }
function $(id) { return document.getElementById(id); }
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function status(text, error) { const s = $('status'); s.textContent = text; s.className = error ? 'error' : ''; }

class Rejected extends Error {}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ 'Authorization': 'Bearer ' + token() }, body ? { 'Content-Type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem('mmlupro-token');
    showSignIn();
    throw new Rejected('your token was rejected: sign in again');
  }
  if (!response.ok) throw new Error(data.error || String(response.status));
  return data;
}

function showSignIn() { $('signin').hidden = false; $('signed').hidden = true; }
function setUpSignIn() {
  $('signin').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('mmlupro-token', $('token').value.trim());
    location.reload();
  });
  $('signout').addEventListener('click', () => { sessionStorage.removeItem('mmlupro-token'); location.reload(); });
  if (!token()) { showSignIn(); status('Sign in with your reviewer token (mmlupro review add-reviewer prints it).'); return false; }
  $('signin').hidden = true; $('signed').hidden = false;
  return true;
}
function report(error) {
  if (error instanceof Rejected) status('Your token was rejected: sign in again.', true);
  else status('Error: ' + error.message, true);
}

// Math. Inline $...$ follows Pandoc: no space inside either dollar, no digit after the
// closing one, so "$5 and $10" stays money.
const mathPattern = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|\$(?=[^\s$])([^$\n]*?[^\s$\\])\$(?!\d)/g;
function renderMath(element, text) {
  element.replaceChildren();
  text = text || '';
  if (typeof katex === 'undefined') { element.textContent = text; return; }
  let last = 0;
  for (const match of text.matchAll(mathPattern)) {
    const tex = match[1] ?? match[2] ?? match[3] ?? match[4];
    const display = match[1] !== undefined || match[2] !== undefined;
    element.append(document.createTextNode(text.slice(last, match.index)));
    const span = el('span', undefined, 'math');
    try {
      katex.render(tex, span, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000 });
      element.append(span);
    } catch (error) {
      element.append(document.createTextNode(match[0]));
    }
    last = match.index + match[0].length;
  }
  element.append(document.createTextNode(text.slice(last)));
}

// The review page.
const reasons = ['bad_question_clarity', 'bad_options_clarity', 'no_correct_answer', 'multiple_correct_answers', 'needs_image', 'missing_information', 'not_multiple_choice'];
let current = null, lastDecided = null, pending = null;

function queueBody() {
  const value = $('queue').value;
  return value === 'disputed' ? { disputed: true } : { phase: Number(value) };
}

function show(task) {
  current = task;
  $('task').hidden = !task;
  if (!task) { $('left').textContent = ''; return; }
  $('task-key').textContent = task.key;
  $('phase').textContent = task.phase;
  $('category').textContent = task.category;
  $('src').textContent = task.src;
  $('state').textContent = task.state.status + (task.held ? ', claimed by you' : ', not claimed by you');
  $('left').textContent = task.left + ' of ' + task.total + ' left in this queue';
  renderMath($('question'), task.question);
  const list = $('options');
  list.replaceChildren();
  task.options.forEach((option, index) => {
    const li = el('li', undefined, (index === task.answerIndex ? 'answer' : '') + (task.phase === 2 && option === task.option ? ' flag' : ''));
    li.append(el('span', String.fromCharCode(65 + index) + '.', 'letter'));
    const text = el('span', undefined, 'text');
    renderMath(text, option);
    li.append(text);
    if (index === task.answerIndex) li.append(el('span', 'answer', 'tag answer'));
    if (task.phase === 2 && option === task.option) li.append(el('span', 'flagged', 'tag'));
    const origin = task.origins[index] || '';
    li.append(el('span', origin, 'tag' + (origin.startsWith('generated') ? ' generated' : '')));
    list.append(li);
  });
  const flagged = $('flagged');
  flagged.hidden = task.phase !== 2;
  flagged.replaceChildren();
  if (task.phase === 2) {
    const what = el('p'); what.append(el('b', 'Flagged option: ')); const option = el('span'); renderMath(option, task.option); what.append(option);
    flagged.append(what, el('p', 'Judge: ' + (task.judge || '(no rationale recorded)')),
      el('p', 'Is it a second correct answer? x removes it (never replaced), k keeps it, b sends the question back to phase 1.'));
  }
  $('origin').textContent = task.origin;
  renderMath($('solution'), (task.solution || '(no solution in the source)') + (task.sourceAnswer ? '\nSource answer: ' + task.sourceAnswer : ''));
  $('source').open = true;
  $('phase1-buttons').hidden = task.phase !== 1;
  $('phase2-buttons').hidden = task.phase !== 2;
  const mine = task.state.decisions && task.state.decisions[task.reviewer];
  $('note').value = mine && mine.note ? mine.note : '';
}

async function next() {
  try {
    const data = await api('POST', '/api/tasks/claim', queueBody());
    show(data.task);
    if (data.task) status((lastDecided ? 'Decided ' + lastDecided.key + ': ' + lastDecided.words + ' (u to undo). ' : '') + 'Claimed ' + data.task.key);
    else status((lastDecided ? 'Decided ' + lastDecided.key + '. ' : '') + 'Nothing left in this queue.');
  } catch (error) { report(error); }
}

async function decide(verdict, extra) {
  if (!current) return;
  if (!current.held && current.state.status !== 'disputed') { status('This task is not claimed by you: press n for one that is.', true); return; }
  const note = $('note').value.trim() || undefined;
  const body = Object.assign({ task: current.key, verdict, note }, extra || {});
  if (current.state.status === 'disputed') body.adjudicate = true;
  try {
    const data = await api('POST', '/api/decisions', body);
    lastDecided = { key: current.key, words: verdict.replace('_', ' ') + (extra && extra.answer ? ' ' + extra.answer : '') + (extra && extra.reason ? ' (' + extra.reason + ')' : '') + ' → ' + data.status };
    await next();
  } catch (error) { report(error); }
}

async function undo() {
  if (!lastDecided) { status('Nothing to undo.'); return; }
  try {
    const key = lastDecided.key;
    const data = await api('POST', '/api/undo', { task: key });
    lastDecided = null;
    const view = await api('GET', '/api/task?key=' + encodeURIComponent(key));
    show(view.task);
    status('Undone: ' + key + ' is ' + data.status + ' again and still yours: decide again.');
  } catch (error) { report(error); }
}

function press(key) {
  if (pending === 'w' && /^[a-jA-J]$/.test(key)) { pending = null; decide('wrong_answer', { answer: key.toUpperCase() }); return; }
  if (pending === 'r' && /^[1-7]$/.test(key)) { pending = null; decide('remove', { reason: reasons[Number(key) - 1] }); return; }
  pending = null;
  switch (key) {
    case 'n': next(); break;
    case 'o': decide('ok'); break;
    case 'e': decide('expert'); break;
    case 'w': pending = 'w'; status('Wrong answer: press the letter of the correct option.'); break;
    case 'r': pending = 'r'; status('Remove: ' + reasons.map((r, i) => (i + 1) + ' ' + r).join(', ')); break;
    case 'x': decide('remove_option'); break;
    case 'k': decide('keep_option'); break;
    case 'b': decide('question_bad'); break;
    case 'u': undo(); break;
  }
}

async function reviewPage() {
  if (!setUpSignIn()) return;
  document.addEventListener('keydown', (event) => {
    if (event.target.tagName === 'INPUT' || event.target.tagName === 'SELECT' || event.ctrlKey || event.metaKey || event.altKey) return;
    press(event.key);
  });
  for (const button of document.querySelectorAll('button[data-key]')) button.addEventListener('click', () => press(button.dataset.key));
  const wanted = new URLSearchParams(location.search).get('task');
  const queue = new URLSearchParams(location.search).get('queue');
  if (queue) $('queue').value = queue;
  $('queue').addEventListener('change', () => { lastDecided = null; next(); });
  try {
    const me = await api('GET', '/api/me');
    $('name').textContent = me.reviewer;
    if (!me.adjudicator) $('queue').querySelector('option[value=disputed]').disabled = true;
  } catch (error) { report(error); return; }
  if (!wanted) { status('Signed in. Press n for the next task of the queue.'); return; }
  try {
    const data = await api('POST', '/api/tasks/claim', { task: wanted });
    show(data.task);
    status('Claimed ' + wanted);
  } catch (error) {
    if (error instanceof Rejected) { report(error); return; }
    try {
      const data = await api('GET', '/api/task?key=' + encodeURIComponent(wanted));
      show(data.task);
      status('Shown, not claimed: ' + error.message, true);
    } catch (second) { report(second); }
  }
}

function number(value) { return value === null || value === undefined ? 'n/a' : value.toFixed(3); }

async function progressPage() {
  if (!setUpSignIn()) return;
  try {
    const data = await api('GET', '/api/progress');
    $('name').textContent = data.reviewer;
    for (const row of data.rows) {
      const tr = el('tr');
      for (const key of ['phase', 'category', 'open', 'disputed', 'decided']) tr.append(el('td', String(row[key])));
      $('rows').append(tr);
    }
    const adjudicated = data.agreement.withAdjudication || {};
    for (const name of Object.keys(data.reviewers).sort()) {
      const counts = data.reviewers[name], share = adjudicated[name], recall = (data.calibration || {})[name];
      const tr = el('tr');
      const calibration = recall ? recall.caught + ' of ' + recall.total + ' (' + Math.round(recall.low * 100) + '–' + Math.round(recall.high * 100) + '%)' : '';
      for (const value of [name, counts.today, counts.total, share ? share.agree + ' of ' + share.total : '', calibration]) tr.append(el('td', String(value)));
      $('reviewers').append(tr);
    }
    const a = data.agreement;
    $('agreement').textContent = a.tasks + ' tasks decided by two or more reviewers, ' + a.pairs + ' pairs of decisions, ' + a.percent.toFixed(1) + '% agree; Fleiss\' kappa ' + number(a.fleissKappa) + '.';
    for (const pair of a.pairwise) {
      const tr = el('tr');
      for (const value of [pair.first + ' and ' + pair.second, pair.tasks, pair.percent.toFixed(1) + '%', number(pair.kappa)]) tr.append(el('td', String(value)));
      $('pairs').append(tr);
    }
    status('');
  } catch (error) { report(error); }
}

async function auditPage() {
  if (!setUpSignIn()) return;
  const params = new URLSearchParams(location.search);
  $('filter-reviewer').value = params.get('reviewer') || '';
  $('filter-task').value = params.get('task') || '';
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if ($('filter-reviewer').value.trim()) query.set('reviewer', $('filter-reviewer').value.trim());
    if ($('filter-task').value.trim()) query.set('task', $('filter-task').value.trim());
    location.search = query.toString();
  });
  try {
    const me = await api('GET', '/api/me');
    $('name').textContent = me.reviewer;
    const events = await api('GET', '/api/audit?' + params.toString());
    for (const e of events) {
      const tr = el('tr');
      for (const value of [e.id, e.at, e.reviewer, e.kind, e.task, e.decision || '', e.origin]) tr.append(el('td', String(value)));
      $('rows').append(tr);
    }
    status(events.length + ' events' + (events.length === 500 ? ' (the latest 500)' : ''));
  } catch (error) { report(error); }
}

document.addEventListener('DOMContentLoaded', () => {
  const page = document.body.dataset.page;
  if (page === 'review') reviewPage();
  else if (page === 'progress') progressPage();
  else if (page === 'audit') auditPage();
});
