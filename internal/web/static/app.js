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
