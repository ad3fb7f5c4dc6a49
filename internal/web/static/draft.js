// Batori keeps the edition being written in this browser (localStorage, one entry per story
// and language) until the newsroom has it, so that words typed while a save fails (the
// server answering 503, the network gone) survive a reload or a closed tab: the page then
// offers to restore them. A successful save, by the form or by the editor's autosave, clears
// the entry. Labels come from the page; nothing leaves the browser.
(() => {
  'use strict';
  const form = document.querySelector('form[data-draft-key]');
  const offer = document.querySelector('[data-draft-offer]');
  if (!form || !offer) return;
  let store;
  try {
    store = window.localStorage;
    store.getItem('');
  } catch (e) {
    return; // storage refused (private mode, policy): the form works as before
  }
  const key = 'batori:draft:' + form.dataset.draftKey;
  const names = ['headline', 'standfirst', 'body'];
  const field = (name) => form.querySelector('[name="' + name + '"]');
  const read = () => {
    const o = {};
    names.forEach((n) => {
      const f = field(n);
      o[n] = f ? f.value : '';
    });
    return o;
  };
  // The words, not the markup: the server's cleaning may write the same text differently.
  const parser = new DOMParser();
  const words = (html) => (parser.parseFromString(html || '', 'text/html').body.textContent || '').replace(/\s+/g, ' ').trim();
  const same = (a, b) => names.every((n) => words(a[n]) === words(b[n]));
  const load = () => {
    try {
      const d = JSON.parse(store.getItem(key) || 'null');
      return d && typeof d === 'object' ? d : null;
    } catch (e) {
      return null;
    }
  };
  const save = () => {
    try {
      const d = read();
      d.at = Date.now();
      store.setItem(key, JSON.stringify(d));
    } catch (e) {
      // Full storage: nothing more to be done here.
    }
  };
  const clear = () => {
    try {
      store.removeItem(key);
    } catch (e) {
      // As above.
    }
  };

  // The editor copies its words into the body field as the writer types; read them a moment
  // later, and once more as the form is sent (the editor's own handler runs first).
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  };
  form.addEventListener('input', later);
  form.addEventListener('keyup', later);
  form.addEventListener('submit', save);

  // The editor's autosave says "saved": the newsroom has these words.
  const status = form.querySelector('[data-editor-status]');
  if (status && window.MutationObserver) {
    new MutationObserver(() => {
      if (status.querySelector('.is-saved')) {
        clearTimeout(timer);
        clear();
      }
    }).observe(status, { subtree: true, attributes: true, attributeFilter: ['class'] });
  }

  const draft = load();
  if ('draftUnsaved' in form.dataset) {
    // The page came back from a refused save with the words in the form: keep them here too.
    save();
    return;
  }
  if (!draft) return;
  if (same(draft, read())) {
    clear(); // saved since: the newsroom has these words
    return;
  }
  const when = offer.querySelector('[data-draft-when]');
  if (when && typeof draft.at === 'number') {
    when.textContent = new Date(draft.at).toLocaleString(document.documentElement.lang || undefined);
  }
  offer.hidden = false;
  offer.querySelector('[data-draft-restore]').addEventListener('click', () => {
    names.forEach((n) => {
      const f = field(n);
      if (f && typeof draft[n] === 'string') f.value = draft[n];
    });
    if (form.editor && typeof draft.body === 'string') form.editor.setHTML(draft.body);
    offer.hidden = true;
    // Tell the editor (and its autosave) that the words changed.
    const h = field('headline');
    if (h) h.dispatchEvent(new Event('input', { bubbles: true }));
  });
  offer.querySelector('[data-draft-discard]').addEventListener('click', () => {
    clear();
    offer.hidden = true;
  });
})();
