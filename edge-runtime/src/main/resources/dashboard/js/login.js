// The login page: sends the token once (POST /api/v1/login); the gateway answers with an HttpOnly session cookie, so
// no script (not this one either) keeps the token. Then back to the page that needed the login.
import { $, CSRF_HEADERS, showError } from './common.js';

/** Only a dashboard page: a crafted link must not send the browser elsewhere after the login. */
function next() {
  const target = new URLSearchParams(location.search).get('next');
  return target && target.startsWith('/dashboard/') && !target.startsWith('//') ? target : '/dashboard/';
}

async function sessionFirst() {
  // Already logged in, or no token needed: nothing to do here.
  const response = await fetch('/api/v1/session', { headers: { accept: 'application/json' }, cache: 'no-store' });
  const session = response.ok ? await response.json() : { auth: true, loggedIn: false };
  if (!session.auth || session.loggedIn) location.replace(next());
}

$('#login').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(null);
  try {
    const response = await fetch('/api/v1/login', {
      method: 'POST',
      headers: { ...CSRF_HEADERS, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: $('#token').value.trim() }),
    });
    if (response.ok) {
      location.replace(next());
      return;
    }
    const body = await response.json().catch(() => ({}));
    showError(`Not logged in (${response.status}): ${body.error || response.statusText}`);
    $('#token').select();
  } catch (e) {
    showError(`The gateway did not answer (${e.message})`);
  }
});

sessionFirst().catch(() => { /* the form is there either way */ });
