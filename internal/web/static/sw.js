// Batori's service worker (served at /sw.js so that its scope is the whole site): it shows
// the notifications the newsroom sends by web push (internal/push) and opens the story when
// one is pressed. It caches nothing and fetches nothing.
'use strict';

self.addEventListener('push', (event) => {
  let n = null;
  try {
    n = event.data ? event.data.json() : null;
  } catch (e) {
    n = null;
  }
  if (!n || !n.title) return;
  event.waitUntil(self.registration.showNotification(n.title, {
    body: n.body || '',
    lang: n.lang || '',
    // A story sent twice replaces its first notification instead of adding a second.
    tag: n.tag || '',
    data: { url: n.url || '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  // Only our own pages: a payload cannot send the reader elsewhere.
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
    for (const c of list) {
      if (c.url === target.href && 'focus' in c) return c.focus();
    }
    return self.clients.openWindow(target.href);
  }));
});
