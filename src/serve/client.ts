/**
 * The preview page's script, served as /assets/preview.js (no inline script: the pages' CSP
 * allows scripts from the server only). It listens to /events and, on each build:
 * - shows or clears the error banner (`file:line:col: message` lines), leaving the document as it is;
 * - when outputs changed, fetches the page again and swaps in its live parts, reloading the PDF.
 */
export const CLIENT_JS = `'use strict';
(() => {
  const body = document.body;
  const status = document.getElementById('_status');
  let wanted = Number(body.dataset.version);
  let refreshing = false;

  function showErrors(errors) {
    const banner = document.getElementById('_banner');
    const list = banner.querySelector('ul');
    list.replaceChildren(...errors.map((line) => {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = line;
      item.append(code);
      return item;
    }));
    banner.hidden = errors.length === 0;
    body.classList.toggle('has-errors', errors.length > 0);
  }

  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      while (Number(body.dataset.version) < wanted) {
        const target = wanted;
        const response = await fetch(location.href, { cache: 'no-store' });
        const next = new DOMParser().parseFromString(await response.text(), 'text/html');
        if (response.ok) {
          for (const part of document.querySelectorAll('[data-live]')) {
            const fresh = next.getElementById(part.id);
            if (!fresh) continue;
            if (part.tagName === 'IFRAME') {
              if (part.getAttribute('src') !== fresh.getAttribute('src')) part.setAttribute('src', fresh.getAttribute('src'));
            } else if (part.innerHTML !== fresh.innerHTML) {
              part.innerHTML = fresh.innerHTML;
            }
          }
          document.title = next.title;
        }
        body.dataset.version = String(Math.max(target, Number(next.body.dataset.version) || 0));
      }
    } catch {
      // The server is gone or restarting: the next state event tries again.
    } finally {
      refreshing = false;
    }
  }

  function connect() {
    const events = new EventSource('/events');
    events.addEventListener('open', () => { status.textContent = 'live'; status.className = 'status live'; });
    events.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.className = 'status down'; });
    events.addEventListener('state', (event) => {
      const state = JSON.parse(event.data);
      showErrors(state.errors);
      wanted = Math.max(wanted, state.version);
      if (Number(body.dataset.version) < wanted) refresh();
    });
  }

  const print = document.getElementById('_print');
  if (print) {
    print.addEventListener('click', () => {
      const frame = document.getElementById('_pdf');
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch {
        window.open(frame.getAttribute('src'), '_blank', 'noopener');
      }
    });
  }
  connect();
})();
`;
