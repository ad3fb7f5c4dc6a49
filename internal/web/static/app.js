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
