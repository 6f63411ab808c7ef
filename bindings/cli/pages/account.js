// The account pages the server serves for mailed links: /account/reset-password?hash=… and
// /account/confirm-email?token=…. Each takes the secret out of the address bar (and history)
// first, then calls the server's own API routes. Nothing is stored but, for this tab only
// (sessionStorage), a flag that the reset session was opened and the confirmation token
// until it is used, so a reload keeps the page working.
const API = '/api/v2';
const main = document.getElementById('main');
const status = document.getElementById('status');
const problems = document.getElementById('problems');

/** Takes `name` out of the query, keeping the page's path. */
function takeParam(name) {
  const params = new URLSearchParams(location.search);
  const value = params.get(name);
  if (value !== null) history.replaceState(null, '', location.pathname);
  return value;
}

/** Calls the API; resolves to { ok, body }. */
async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch {
    return { ok: false, body: { detail: 'The server cannot be reached. Try again in a moment.' } };
  }
  let parsed = {};
  try { parsed = await response.json(); } catch { /* an empty or non-JSON body */ }
  return { ok: response.ok, body: parsed };
}

/** Says `text` in the status line and moves focus there for screen readers. */
function say(text, done = false) {
  status.textContent = text;
  status.classList.toggle('done', done);
  main.focus();
}

/** Lists what the server refused, or hides the list. */
function showProblems(body) {
  problems.replaceChildren();
  const items = (body.suberrors || []).map((s) => s.message);
  if (items.length === 0 && body.detail) items.push(body.detail);
  for (const text of items) {
    const li = document.createElement('li');
    li.textContent = text;
    problems.append(li);
  }
  problems.hidden = items.length === 0;
}

async function resetPassword() {
  const form = document.getElementById('reset');
  const opened = 'userstore-reset-opened';
  const hash = takeParam('hash');
  if (hash) {
    const r = await call('GET', '/users/password-reset?hash=' + encodeURIComponent(hash));
    if (!r.ok) {
      sessionStorage.removeItem(opened);
      say(r.body.detail || 'This link is invalid or has expired. Ask for a new one.');
      return;
    }
    sessionStorage.setItem(opened, '1');
  } else if (!sessionStorage.getItem(opened)) {
    say('This link is incomplete. Open the link from the mail again, or ask for a new one.');
    return;
  }
  say('Choose your new password.');
  form.hidden = false;
  const [p1, p2] = [document.getElementById('password1'), document.getElementById('password2')];
  document.getElementById('show').addEventListener('change', (e) => {
    p1.type = p2.type = e.target.checked ? 'text' : 'password';
  });
  p1.focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (p1.value !== p2.value) {
      showProblems({ detail: 'The two passwords are not the same.' });
      p2.focus();
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    const r = await call('POST', '/users/password-reset', { newPassword1: p1.value, newPassword2: p2.value });
    button.disabled = false;
    if (r.ok) {
      sessionStorage.removeItem(opened);
      form.hidden = true;
      p1.value = p2.value = '';
      say('Your password was changed. You can now sign in with it.', true);
    } else {
      showProblems(r.body);
      if (!r.body.suberrors) say(r.body.detail || 'The password was not changed.');
      p1.focus();
    }
  });
}

async function confirmEmail() {
  const form = document.getElementById('confirm');
  // Kept for this tab only, so a reload before the click still works.
  const kept = 'userstore-confirm-token';
  const token = takeParam('token') || sessionStorage.getItem(kept);
  if (!token) {
    say('This link is incomplete. Open the link from the mail again.');
    return;
  }
  sessionStorage.setItem(kept, token);
  say('Confirm your new email address.');
  form.hidden = false;
  form.querySelector('button').focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    const r = await call('POST', '/users/email-confirmation', { token });
    button.disabled = false;
    if (r.ok) {
      sessionStorage.removeItem(kept);
      form.hidden = true;
      say('Your new email address is confirmed.', true);
    } else {
      showProblems(r.body);
      say('The address was not confirmed.');
    }
  });
}

if (main.dataset.page === 'reset-password') resetPassword();
else if (main.dataset.page === 'confirm-email') confirmEmail();
