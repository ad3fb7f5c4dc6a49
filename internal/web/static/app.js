// Batori progressive enhancement. Every page reads fine without this file: it only adds the
// "Read more" collapse on long stories and the share buttons the browser can support.
// Labels come from data- attributes written by the templates, so there are no strings here.
(() => {
  'use strict';
  const d = document;

  // Read more / read less: long bodies are collapsed behind a toggle button.
  d.querySelectorAll('[data-collapse]').forEach((body) => {
    const more = body.dataset.more;
    const less = body.dataset.less;
    if (!more || !less || !body.id) return;
    body.classList.add('is-collapsed');
    // Nothing to hide (short text or a very tall screen): leave the body as it is.
    if (body.scrollHeight <= body.clientHeight + 80) {
      body.classList.remove('is-collapsed');
      return;
    }
    const btn = d.createElement('button');
    btn.type = 'button';
    btn.className = 'btn readmore';
    btn.setAttribute('aria-controls', body.id);
    const set = (open) => {
      body.classList.toggle('is-collapsed', !open);
      btn.setAttribute('aria-expanded', String(open));
      btn.textContent = open ? less : more;
    };
    set(false);
    btn.addEventListener('click', () => {
      const open = body.classList.contains('is-collapsed');
      set(open);
      // After collapsing, bring the reader back to where the text now ends.
      if (!open) btn.scrollIntoView({ block: 'center' });
    });
    body.after(btn);
  });

  // Proof of work for forms under attack (formguard/pow.go): when the newsroom asks for it,
  // the browser fetches a challenge as the form is sent, finds the number whose SHA-256 with
  // the salt gives the challenge, and sends it along. Asked for nothing (204), or without
  // this script, the form goes as it is.
  d.querySelectorAll('form[data-pow]').forEach((form) => {
    const field = form.querySelector('input[name="altcha"]');
    if (!field || !window.crypto || !crypto.subtle || !window.fetch) return;
    let solving = false;
    const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
    const solve = async (c) => {
      const enc = new TextEncoder();
      for (let n = 0; n <= c.maxnumber; n++) {
        if (hex(await crypto.subtle.digest('SHA-256', enc.encode(c.salt + n))) === c.challenge) return n;
      }
      return -1;
    };
    form.addEventListener('submit', (ev) => {
      if (field.value || solving) return;
      ev.preventDefault();
      solving = true;
      const button = form.querySelector('button[type="submit"]');
      const label = button ? button.textContent : '';
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.powWait || label;
      }
      fetch(form.dataset.pow, { credentials: 'omit', headers: { Accept: 'application/json' } })
        .then((res) => (res.status === 200 ? res.json() : null))
        .then(async (c) => {
          if (c) {
            const n = await solve(c);
            if (n >= 0) {
              field.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
            }
          }
        })
        .catch(() => {})
        .then(() => {
          solving = false;
          if (button) {
            button.disabled = false;
            button.textContent = label;
          }
          // The server says what to do if the proof is missing; the reader's text is kept.
          HTMLFormElement.prototype.submit.call(form);
        });
    });
  });

  // Share: the Web Share API button and the copy-link button stay hidden unless supported.
  const share = d.querySelector('[data-share]');
  if (!share) return;
  const url = share.dataset.url || location.href;
  const title = share.dataset.title || d.title;
  const status = share.querySelector('[data-share-status]');
  const reveal = (el) => {
    const item = el.closest('li') || el;
    item.hidden = false;
  };

  const native = share.querySelector('[data-share-native]');
  if (native && typeof navigator.share === 'function') {
    reveal(native);
    native.addEventListener('click', () => {
      // A cancelled share rejects; there is nothing to tell the reader.
      navigator.share({ title, url }).catch(() => {});
    });
  }

  const copy = share.querySelector('[data-copy-link]');
  if (copy && window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
    let timer = 0;
    reveal(copy);
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(url).then(() => {
        if (!status) return;
        status.textContent = share.dataset.copied || '';
        clearTimeout(timer);
        timer = setTimeout(() => { status.textContent = ''; }, 4000);
      }, () => {});
    });
  }
})();

// Web push (internal/push, site/push.go): the footer's prompt appears only where the browser
// can receive pushes, and asks for permission only when the reader presses its button, never
// on page load. The subscription, with the languages and sections ticked, goes to
// /push/subscription; the service worker (/sw.js) shows what arrives.
(() => {
  'use strict';
  const box = document.querySelector('[data-push]');
  if (!box || !('serviceWorker' in navigator) || !('PushManager' in window) || !window.Notification || !window.fetch) return;
  const open = box.querySelector('[data-push-open]');
  const form = box.querySelector('[data-push-form]');
  const off = box.querySelector('[data-push-off]');
  const status = box.querySelector('[data-push-status]');
  if (!open || !form || !off || !status) return;
  const say = (key) => { status.textContent = box.dataset[key] || ''; };
  const json = (url, body) => fetch(url, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  // The VAPID key arrives in base64url; PushManager wants its bytes.
  const bytes = (b64) => {
    const s = atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  };
  const registration = () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready);
  const current = () => navigator.serviceWorker.getRegistration('/').then((r) => (r ? r.pushManager.getSubscription() : null));

  box.hidden = false;
  current().then((sub) => { off.hidden = !sub; }, () => {});
  open.addEventListener('click', () => {
    form.hidden = !form.hidden;
    open.setAttribute('aria-expanded', String(!form.hidden));
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const ticked = (name) => Array.from(form.querySelectorAll('input[name="' + name + '"]:checked'), (i) => i.value);
    const langs = ticked('lang');
    if (!langs.length) { say('msgLang'); return; }
    try {
      if ((await Notification.requestPermission()) !== 'granted') { say('msgDenied'); return; }
      const reg = await registration();
      const key = await (await fetch('/push/key', { headers: { Accept: 'application/json' } })).json();
      let sub = await reg.pushManager.getSubscription();
      if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key.publicKey) });
      const res = await json('/push/subscription', Object.assign(sub.toJSON(), { langs, sections: ticked('section') }));
      if (!res.ok) throw new Error('subscription refused: ' + res.status);
      off.hidden = false;
      say('msgOn');
    } catch (e) {
      say('msgFailed');
    }
  });
  off.addEventListener('click', async () => {
    try {
      const sub = await current();
      if (sub) {
        // The server forgets it even if the browser cannot; a 404 means it already had.
        const res = await json('/push/unsubscribe', { endpoint: sub.endpoint });
        if (!res.ok && res.status !== 404) throw new Error('unsubscribe refused: ' + res.status);
        await sub.unsubscribe();
      }
      off.hidden = true;
      say('msgOff');
    } catch (e) {
      say('msgFailed');
    }
  });
})();
