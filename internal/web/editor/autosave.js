// autosave.js keeps a draft safe while a reporter writes: it posts the headline, standfirst and
// body as JSON a while after the last change, when the page is hidden (phone locked, app
// switched) and, on failure, again later with backoff. A 409 means someone else saved the story
// since it was opened: autosave stops and says so until the page is reloaded.

const QUIET_MS = 15000; // after the last change
const MAX_WAIT_MS = 60000; // at the latest, while typing goes on
const BACKOFF_MS = [15000, 30000, 60000, 120000, 300000];
const KEEPALIVE_MAX = 60000; // browsers cap keepalive bodies at 64 KiB in all

/**
 * @param {object} o
 * @param {string} o.url
 * @param {() => {headline:string, standfirst:string, body:string}} o.read current content
 * @param {HTMLInputElement|null} o.revision the hidden base_revision input
 * @param {(state:string) => void} o.status "saving" | "saved" | "failed" | "conflict"
 */
export function autosave(o) {
  let saved = key(o.read()); // what the server has
  let timer = 0;
  let firstChange = 0;
  let inFlight = null; // Promise while a request runs
  let failures = 0;
  let stopped = false; // while the form is being submitted, or for good after a conflict
  let conflict = false;
  const waiters = [];

  function key(c) {
    return JSON.stringify([c.headline, c.standfirst, c.body]);
  }

  function dirty() {
    return !stopped && key(o.read()) !== saved;
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => save(false), ms);
  }

  // Called after every change the reporter makes.
  function changed() {
    if (stopped || failures) return; // a retry is already booked
    if (!dirty()) {
      clearTimeout(timer);
      firstChange = 0;
      return;
    }
    const now = Date.now();
    if (!firstChange) firstChange = now;
    schedule(Math.max(0, Math.min(QUIET_MS, firstChange + MAX_WAIT_MS - now)));
  }

  function revision() {
    const n = parseInt(o.revision ? o.revision.value : '', 10);
    return Number.isFinite(n) ? n : 0;
  }

  function save(keepalive) {
    clearTimeout(timer);
    if (stopped) return Promise.resolve();
    if (inFlight) {
      // One request at a time: the newer text goes when this one is answered.
      return inFlight.then(() => (dirty() ? save(keepalive) : undefined));
    }
    const content = o.read();
    const sent = key(content);
    if (sent === saved) {
      firstChange = 0;
      return Promise.resolve();
    }
    const body = JSON.stringify({
      headline: content.headline,
      standfirst: content.standfirst,
      body: content.body,
      base_revision: revision(),
    });
    const init = {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body,
    };
    // keepalive lets the request outlive the page, but only for small bodies; a longer story
    // goes as a normal request, which still completes when the page is only hidden.
    if (keepalive && new TextEncoder().encode(body).length < KEEPALIVE_MAX) init.keepalive = true;
    o.status('saving');
    inFlight = fetch(o.url, init)
      .then((res) => {
        if (res.status === 409) {
          stopped = true;
          conflict = true;
          o.status('conflict');
          return;
        }
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json().then((data) => {
          if (!data || typeof data.revision !== 'number') throw new Error('bad reply');
          if (o.revision) o.revision.value = String(data.revision);
          saved = sent;
          failures = 0;
          firstChange = 0;
          o.status('saved');
        });
      })
      .catch(() => {
        // The text stays in the editor (and in the form); try again later.
        o.status('failed');
        const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
        failures += 1;
        schedule(wait);
      })
      .then(() => {
        inFlight = null;
        if (!stopped && !failures && dirty()) changed();
        waiters.splice(0).forEach((f) => f());
      });
    return inFlight;
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && dirty()) save(true);
  });
  window.addEventListener('online', () => {
    if (failures && dirty()) save(false);
  });

  return {
    changed,
    /** Whether the server lacks some of the text (also after a conflict). */
    unsaved() {
      return key(o.read()) !== saved;
    },
    /** Runs fn once no request is in flight (at once if none is). */
    idle(fn) {
      if (inFlight) waiters.push(fn);
      else fn();
    },
    busy() {
      return !!inFlight;
    },
    /** Pauses while the form is being submitted. */
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    /** Starts again (the page came back from the back/forward cache), unless in conflict. */
    resume() {
      if (conflict) return;
      stopped = false;
      failures = 0;
      changed();
    },
  };
}
