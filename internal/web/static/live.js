// Batori live blogs: without this file the page lists every entry and is complete on reload.
// With it, the page asks the updates endpoint (cached, a few kilobytes) every few seconds and
// offers new or corrected entries behind an "N new updates" button, so the text never moves
// under the reader. Labels come from data- attributes written by the template, § standing
// for the number.
(() => {
  'use strict';
  const d = document;
  const list = d.querySelector('ol[data-live]');
  const bar = d.querySelector('[data-live-bar]');
  const btn = bar && bar.querySelector('[data-live-show]');
  if (!list || !btn || !window.fetch || !window.DOMParser) return;
  const url = list.dataset.live;
  const every = (Number(list.dataset.poll) || 5) * 1000;
  const native = list.hasAttribute('data-native');
  const digits = (n) => (native ? String(n).replace(/[0-9]/g, (c) => String.fromCharCode(0x09e6 + Number(c))) : String(n));
  const label = (n) => (n === 1 ? list.dataset.one : list.dataset.other).replace('§', digits(n));
  let waiting = new Map();
  let ended = false;

  // check compares the endpoint's entries with the page's: new ones and ones whose stamp
  // changed (corrected, removed) wait for the button.
  const check = (doc) => {
    const got = doc.querySelector('ol[data-live-status]');
    if (!got) return;
    waiting = new Map();
    got.querySelectorAll('li[data-entry]').forEach((li) => {
      const mine = d.getElementById(li.id);
      if (!mine || mine.dataset.stamp !== li.dataset.stamp) waiting.set(li.id, li);
    });
    ended = got.dataset.liveStatus === 'ended';
    const n = waiting.size + (ended ? 1 : 0);
    if (n > 0) btn.textContent = label(n);
    bar.hidden = n === 0;
  };

  btn.addEventListener('click', () => {
    if (ended) {
      // The closing note and the final state are in the page itself.
      window.location.reload();
      return;
    }
    const fresh = [];
    const waitingFirst = waiting.keys().next().value;
    waiting.forEach((li, id) => {
      const node = d.importNode(li, true);
      const mine = d.getElementById(id);
      if (mine) mine.replaceWith(node);
      else fresh.push(node);
    });
    for (let i = fresh.length - 1; i >= 0; i--) list.prepend(fresh[i]);
    waiting = new Map();
    bar.hidden = true;
    const empty = d.querySelector('.live-empty');
    if (empty) empty.remove();
    // The reader asked: take them to the newest entry.
    const first = fresh[0] || d.getElementById(waitingFirst);
    if (first) {
      first.tabIndex = -1;
      first.scrollIntoView({ block: 'start' });
      first.focus({ preventScroll: true });
    }
  });

  const schedule = () => {
    if (ended) return;
    window.setTimeout(() => {
      if (d.hidden) d.addEventListener('visibilitychange', poll, { once: true });
      else poll();
    }, every + Math.random() * 1000);
  };
  const poll = () => {
    fetch(url, { cache: 'no-cache', credentials: 'omit' })
      .then((res) => (res.ok ? res.text() : null))
      .then((text) => {
        if (text) check(new DOMParser().parseFromString(text, 'text/html'));
      })
      .catch(() => {})
      .then(schedule);
  };
  schedule();
})();
