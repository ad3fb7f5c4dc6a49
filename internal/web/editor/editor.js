// Batori story editor: turns the body <textarea data-editor> of a <form data-editor-form> into a
// Squire rich-text area with a toolbar, photo upload, autosave and the Assamese র/ৰ check.
// Without this script the textarea works as plain HTML (the server sanitises either way).
//
// Every string comes from data-l-* attributes on the form; nothing here sets inline styles or
// evaluates code, so it runs under the site's strict Content-Security-Policy.
import Squire from 'squire-rte';
import { cleanHTML, serialise, safeHref } from './clean.js';
import { autosave } from './autosave.js';

const SVGNS = 'http://www.w3.org/2000/svg';
const BN_RA = /\u09B0/g; // র BENGALI LETTER RA
const AS_RA = '\u09F0'; // ৰ BENGALI LETTER RA WITH MIDDLE DIAGONAL (Assamese)
const EMBED_HOSTS = ['youtube.com', 'youtu.be', 'x.com', 'twitter.com'];
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

// Toolbar icons (24×24, stroked): drawn here, not taken from an icon set.
const ICONS = {
  link: 'M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1.5 1.5M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1.5-1.5',
  ul: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  ol: 'M10 6h10M10 12h10M10 18h10M4 4.5l1.5-1v5M3.5 13.5a1.5 1.5 0 1 1 2.5 1.1L3.5 17h3',
  quote: 'M4 18v-5a6 6 0 0 1 5-6M4 13h5v5H4M14 18v-5a6 6 0 0 1 5-6M14 13h5v5h-5',
  image: 'M3 5h18v14H3zM3 16l5-5 4 4 3-3 6 6M16 9h.01',
  embed: 'M3 6h18v12H3zM10 9.5l4.5 2.5-4.5 2.5z',
  undo: 'M9 13L4 8l5-5M4 8h10a6 6 0 0 1 0 12h-3',
  redo: 'M15 13l5-5-5-5M20 8H10a6 6 0 0 0 0 12h3',
};

function svgIcon(d) {
  const svg = document.createElementNS(SVGNS, 'svg');
  const attrs = {
    viewBox: '0 0 24 24', width: '20', height: '20', fill: 'none', stroke: 'currentColor',
    'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
    'aria-hidden': 'true', focusable: 'false',
  };
  for (const k in attrs) svg.setAttribute(k, attrs[k]);
  const path = document.createElementNS(SVGNS, 'path');
  path.setAttribute('d', d);
  svg.appendChild(path);
  return svg;
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text) e.textContent = text;
  return e;
}

// Numbers in an Assamese page are written with Assamese digits.
function num(n) {
  const s = String(n);
  return document.documentElement.lang === 'as' ? s.replace(/\d/g, (d) => '০১২৩৪৫৬৭৮৯'[d]) : s;
}

function fill(template, arg) {
  return String(template || '').split('{0}').join(arg);
}

function countRa(s) {
  const m = String(s || '').match(BN_RA);
  return m ? m.length : 0;
}

/** A YouTube or X (Twitter) address, or null. */
export function embedURL(value) {
  let v = String(value || '').trim();
  if (!v) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(v)) v = 'https://' + v;
  let u;
  try {
    u = new URL(v);
  } catch (e) {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password || u.port) return null;
  const host = u.hostname.toLowerCase().replace(/^(?:www|m|mobile)\./, '');
  return EMBED_HOSTS.indexOf(host) >= 0 ? u.href : null;
}

// What the reporter typed into the link prompt, as an href, or null.
function linkHref(value) {
  const v = String(value || '').trim();
  if (/^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(v)) return 'mailto:' + v;
  if (/^(?:https?|mailto):/i.test(v) || v.charAt(0) === '/') return safeHref(v);
  if (/^[^\s/:]+\.[^\s/:]{2,}(?:[/?#]|$)/.test(v)) return safeHref('https://' + v);
  return null;
}

function setup(form) {
  const ta = form.querySelector('textarea[data-editor]');
  if (!ta || ta.hasAttribute('data-editor-on')) return;
  ta.setAttribute('data-editor-on', '');
  const ds = form.dataset;
  const L = (k) => ds['l' + k] || '';
  const lang = ds.lang || '';
  const field = (name) => form.querySelector('[name="' + name + '"]');
  const headline = field('headline');
  const standfirst = field('standfirst');
  const revision = field('base_revision');

  // --- the editing area
  const wrap = el('div', { class: 'editor' });
  const area = el('div', {
    class: 'editor-area',
    role: 'textbox',
    'aria-multiline': 'true',
    spellcheck: 'true',
    autocapitalize: 'sentences',
  });
  area.id = (ta.id || 'body') + '-editor';
  if (lang) area.setAttribute('lang', lang);
  const label = ta.id ? form.ownerDocument.querySelector('label[for="' + ta.id + '"]') : null;
  if (label) {
    if (!label.id) label.id = ta.id + '-label';
    area.setAttribute('aria-labelledby', label.id);
    label.addEventListener('click', (e) => {
      e.preventDefault();
      editor.focus();
    });
  }
  const described = ta.getAttribute('aria-describedby');
  if (described) area.setAttribute('aria-describedby', described);

  const editor = new Squire(area, {
    blockTag: 'P',
    sanitizeToDOMFragment: (html) => cleanHTML(html, document, 'in'),
    didError: (err) => {
      if (window.console) console.error(err);
    },
  });
  // Squire's picture resizer draws handles with inline styles and writes widths into the
  // story; neither belongs here (strict CSP, pictures are sized by the page).
  if (editor._imageResizer) editor._imageResizer.destroy();
  // Keyboard shortcuts for formats the story body does not keep are swallowed, so the browser
  // does not apply them either.
  const swallow = (self, event) => event.preventDefault();
  ['u', 'd', 'Shift-7', 'Shift-5', 'Shift-6'].forEach((k) => {
    editor.setKeyHandler('Ctrl-' + k, swallow);
    editor.setKeyHandler('Meta-' + k, swallow);
  });
  const blockedInput = /^format(?:Underline|StrikeThrough|Superscript|Subscript|Justify|Indent|Outdent|FontColor|FontName|BackColor|SetBlockTextDirection|SetInlineTextDirection|Remove)/;
  wrap.addEventListener('beforeinput', (e) => {
    if (blockedInput.test(e.inputType || '')) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);

  // --- toolbar
  const toolbar = el('div', { class: 'editor-toolbar', role: 'toolbar', 'aria-controls': area.id });
  const toolbarName = L('Toolbar') || (label ? label.textContent.trim() : '');
  if (toolbarName) toolbar.setAttribute('aria-label', toolbarName);
  const buttons = {};
  const order = [];
  const spec = [
    ['bold', 'Bold', 'B', true],
    ['italic', 'Italic', 'I', true],
    0,
    ['h2', 'H2', 'H2', true],
    ['h3', 'H3', 'H3', true],
    0,
    ['link', 'Link', ICONS.link],
    ['ul', 'Ul', ICONS.ul, true],
    ['ol', 'Ol', ICONS.ol, true],
    ['quote', 'Quote', ICONS.quote, true],
    0,
    ['image', 'Image', ICONS.image],
    ['embed', 'Embed', ICONS.embed],
    0,
    ['undo', 'Undo', ICONS.undo],
    ['redo', 'Redo', ICONS.redo],
  ];
  const uploadURL = ta.dataset.uploadUrl || '';
  for (const s of spec) {
    if (!s) {
      toolbar.appendChild(el('span', { class: 'editor-sep', 'aria-hidden': 'true' }));
      continue;
    }
    const [name, key, glyph, toggle] = s;
    if (name === 'image' && !uploadURL) continue;
    const b = el('button', { type: 'button', class: 'editor-btn editor-btn-' + name, tabindex: '-1' });
    const text = L(key) || name;
    b.setAttribute('aria-label', text);
    b.title = text;
    b.dataset.cmd = name;
    if (toggle) b.setAttribute('aria-pressed', 'false');
    if (glyph.length > 3) b.appendChild(svgIcon(glyph));
    else b.appendChild(el('span', { class: 'editor-glyph', 'aria-hidden': 'true' }, glyph));
    buttons[name] = b;
    order.push(b);
    toolbar.appendChild(b);
  }
  order[0].tabIndex = 0;

  const fileInput = el('input', { type: 'file', accept: PHOTO_TYPES.join(','), class: 'editor-file', tabindex: '-1' });
  fileInput.hidden = true;

  wrap.appendChild(toolbar);
  wrap.appendChild(area);
  wrap.appendChild(fileInput);
  ta.after(wrap);
  ta.hidden = true;
  ta.removeAttribute('required'); // a hidden control cannot show its own error

  editor.setHTML(ta.value);

  // Roving focus: Tab reaches the toolbar once, arrows move along it.
  toolbar.addEventListener('keydown', (e) => {
    const i = order.indexOf(document.activeElement);
    if (i < 0 || e.isComposing) return;
    let j = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % order.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + order.length) % order.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = order.length - 1;
    if (j < 0) return;
    e.preventDefault();
    order[i].tabIndex = -1;
    order[j].tabIndex = 0;
    order[j].focus();
  });
  toolbar.addEventListener('focusin', (e) => {
    const i = order.indexOf(e.target);
    if (i < 0) return;
    order.forEach((b, k) => (b.tabIndex = k === i ? 0 : -1));
  });
  // A tap on a button must not take the focus (and the phone keyboard) away from the text.
  toolbar.addEventListener('mousedown', (e) => {
    if (e.target.closest && e.target.closest('button')) e.preventDefault();
  });

  // --- state shown on the buttons
  function blockState() {
    const r = editor.getSelection();
    let n = r ? r.startContainer : null;
    const st = {};
    for (; n && n !== area; n = n.parentNode) {
      const t = n.nodeName;
      if ((t === 'H2' || t === 'H3') && !st.block) st.block = t;
      if ((t === 'UL' || t === 'OL') && !st.list) st.list = t;
      if (t === 'BLOCKQUOTE') st.quote = true;
      if (t === 'A' && !st.link) st.link = n;
    }
    return st;
  }
  function press(name, on) {
    if (buttons[name]) buttons[name].setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  function updateState() {
    const st = blockState();
    press('bold', editor.hasFormat('B'));
    press('italic', editor.hasFormat('I'));
    press('h2', st.block === 'H2');
    press('h3', st.block === 'H3');
    press('ul', st.list === 'UL');
    press('ol', st.list === 'OL');
    press('quote', !!st.quote);
  }
  function setUndo(canUndo, canRedo) {
    buttons.undo.setAttribute('aria-disabled', canUndo ? 'false' : 'true');
    buttons.redo.setAttribute('aria-disabled', canRedo ? 'false' : 'true');
  }
  setUndo(false, false);
  editor.addEventListener('pathChange', updateState);
  editor.addEventListener('select', updateState);
  editor.addEventListener('cursor', updateState);
  editor.addEventListener('undoStateChange', (e) => setUndo(e.detail.canUndo, e.detail.canRedo));

  // --- commands
  function setBlock(tag) {
    const target = blockState().block === tag ? 'P' : tag;
    editor.modifyBlocks((frag) => {
      frag.querySelectorAll('p,h2,h3,div').forEach((b) => {
        if (b.nodeName === target || (b.parentNode && b.parentNode.closest && b.parentNode.closest('li,figure'))) return;
        const n = document.createElement(target);
        while (b.firstChild) n.appendChild(b.firstChild);
        b.parentNode.replaceChild(n, b);
      });
      return frag;
    });
    editor.focus();
  }

  function askLink() {
    const cur = blockState().link;
    let v = cur ? cur.getAttribute('href') : 'https://';
    for (;;) {
      v = window.prompt(L('LinkPrompt') || L('Link'), v);
      if (v === null) return; // cancelled
      if (!v.trim() || v.trim() === 'https://') {
        if (cur) editor.removeLink();
        return;
      }
      const href = linkHref(v);
      if (href) {
        editor.makeLink(href);
        return;
      }
    }
  }

  function askEmbed() {
    let v = '';
    for (;;) {
      v = window.prompt(L('EmbedPrompt') || L('Embed'), v);
      if (v === null || !v.trim()) return;
      const url = embedURL(v);
      if (url) {
        const p = document.createElement('p');
        const a = el('a', { href: url }, url);
        p.appendChild(a);
        editor.insertElement(p);
        return;
      }
    }
  }

  const run = {
    bold: () => (editor.hasFormat('B') ? editor.removeBold() : editor.bold()),
    italic: () => (editor.hasFormat('I') ? editor.removeItalic() : editor.italic()),
    h2: () => setBlock('H2'),
    h3: () => setBlock('H3'),
    link: askLink,
    ul: () => (blockState().list === 'UL' ? editor.removeList() : editor.makeUnorderedList()),
    ol: () => (blockState().list === 'OL' ? editor.removeList() : editor.makeOrderedList()),
    quote: () => (blockState().quote ? editor.decreaseQuoteLevel() : editor.increaseQuoteLevel()),
    image: () => {
      fileInput.value = '';
      fileInput.click();
    },
    embed: askEmbed,
    undo: () => editor.undo(),
    redo: () => editor.redo(),
  };
  toolbar.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('button');
    if (!b || !toolbar.contains(b) || b.getAttribute('aria-disabled') === 'true') return;
    const f = run[b.dataset.cmd];
    if (f) f();
    updateState();
  });

  // --- status line: one part for saving, one for photo uploads
  const statusEl = form.querySelector('[data-editor-status]');
  const saveMsg = el('span', { class: 'editor-status-save' });
  const uploadMsg = el('span', { class: 'editor-status-upload' });
  if (statusEl) {
    statusEl.classList.add('editor-status');
    statusEl.appendChild(saveMsg);
    statusEl.appendChild(uploadMsg);
  }
  function show(span, text, state) {
    span.textContent = text;
    span.className = span.className.replace(/\s*is-\S+/g, '') + (state ? ' is-' + state : '');
  }

  // --- photos
  function uploadPhoto(file) {
    if (!file) return;
    if (PHOTO_TYPES.indexOf(file.type) < 0) {
      show(uploadMsg, fill(L('UploadFailed'), file.name || file.type), 'error');
      return;
    }
    show(uploadMsg, L('Uploading'), 'busy');
    const fd = new FormData();
    fd.append('file', file, file.name || 'photo');
    const up = fetch(uploadURL, {
      method: 'POST',
      body: fd,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    }).then((res) =>
      res.json().catch(() => null).then((data) => {
        if (!res.ok) throw new Error((data && data.error) || 'HTTP ' + res.status);
        if (!data || typeof data.url !== 'string' || !/^\/(?![/\\])/.test(data.url)) throw new Error('HTTP ' + res.status);
        return data;
      }),
    );
    // Ask for the caption while the picture travels.
    const caption = (window.prompt(L('Caption'), '') || '').trim();
    const credit = (window.prompt(L('Credit'), '') || '').trim();
    up.then((data) => {
      const fig = figure(data, caption, credit);
      editor.insertElement(fig);
      show(uploadMsg, '', '');
    }).catch((err) => {
      show(uploadMsg, fill(L('UploadFailed'), (err && err.message) || ''), 'error');
    });
  }

  function figure(data, caption, credit) {
    const fig = el('figure', { contenteditable: 'false' });
    const img = el('img', { src: data.url, alt: '' });
    if (data.width > 0) img.setAttribute('width', String(Math.round(data.width)));
    if (data.height > 0) img.setAttribute('height', String(Math.round(data.height)));
    if (data.id != null && /^\d+$/.test(String(data.id))) img.setAttribute('data-media-id', String(data.id));
    fig.appendChild(img);
    setCaption(fig, caption, credit);
    return fig;
  }

  function setCaption(fig, caption, credit) {
    let fc = fig.querySelector('figcaption');
    if (!caption && !credit) {
      if (fc) fc.remove();
      return;
    }
    if (!fc) fc = fig.appendChild(document.createElement('figcaption'));
    fc.textContent = caption;
    if (credit) {
      if (caption) fc.appendChild(document.createTextNode(' '));
      fc.appendChild(el('cite', {}, credit));
    }
  }

  fileInput.addEventListener('change', () => uploadPhoto(fileInput.files && fileInput.files[0]));
  editor.addEventListener('pasteImage', (e) => {
    const items = (e.detail && e.detail.clipboardData && e.detail.clipboardData.items) || [];
    for (let i = 0; i < items.length; i++) {
      if (items[i].kind === 'file' && PHOTO_TYPES.indexOf(items[i].type) >= 0) {
        uploadPhoto(items[i].getAsFile());
        return;
      }
    }
  });
  area.addEventListener('drop', (e) => {
    const files = e.dataTransfer && e.dataTransfer.files;
    if (!files || !files.length || !uploadURL) return;
    e.preventDefault();
    const r = document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
    if (r && area.contains(r.startContainer)) editor.setSelection(r);
    uploadPhoto(files[0]);
  });
  // A tap on a picture edits its caption and credit.
  area.addEventListener('click', (e) => {
    const fig = e.target.closest && e.target.closest('figure');
    if (!fig || !area.contains(fig)) return;
    const fc = fig.querySelector('figcaption');
    const cite = fc && fc.querySelector('cite');
    const oldCredit = cite ? cite.textContent : '';
    const oldCaption = fc ? fc.textContent.slice(0, fc.textContent.length - oldCredit.length).trim() : '';
    const caption = window.prompt(L('Caption'), oldCaption);
    if (caption === null) return;
    const credit = window.prompt(L('Credit'), oldCredit);
    if (credit === null) return;
    editor.saveUndoState();
    setCaption(fig, caption.trim(), credit.trim());
  });

  // --- keeping the form in step
  let composing = false;
  const content = () => ({
    headline: headline ? headline.value : '',
    standfirst: standfirst ? standfirst.value : '',
    body: ta.value,
  });
  function sync() {
    ta.value = serialise(area);
  }
  sync();

  const saver = ds.autosaveUrl
    ? autosave({
        url: ds.autosaveUrl,
        read: () => {
          sync();
          return content();
        },
        revision,
        status: (state) => {
          const text = { saving: L('Saving'), saved: L('Saved'), failed: L('SaveFailed'), conflict: L('Conflict') }[state];
          show(saveMsg, text || '', state);
        },
      })
    : null;

  // --- Assamese: Bengali র where Assamese ৰ belongs
  const warn = lang === 'as' ? form.querySelector('[data-ra-warning]') : null;
  let lint = () => {};
  if (warn) {
    warn.classList.add('editor-ra');
    warn.textContent = '';
    const msg = el('span', { class: 'editor-ra-text' });
    const fix = el('button', { type: 'button', class: 'editor-ra-fix' }, L('RaFix'));
    warn.appendChild(msg);
    warn.appendChild(fix);
    let shown = -1;
    lint = () => {
      const n = countRa(area.textContent) + countRa(headline && headline.value) + countRa(standfirst && standfirst.value);
      if (n === shown) return;
      shown = n;
      warn.hidden = n === 0;
      msg.textContent = n ? fill(L('RaWarning'), num(n)) : '';
    };
    fix.addEventListener('click', () => {
      for (const f of [headline, standfirst]) {
        if (!f || !countRa(f.value)) continue;
        const a = f.selectionStart;
        const b = f.selectionEnd;
        f.value = f.value.replace(BN_RA, AS_RA);
        try {
          f.setSelectionRange(a, b);
        } catch (e) {
          /* not a text control */
        }
      }
      if (countRa(area.textContent)) {
        editor.saveUndoState();
        // Same length before and after, so the caret's offsets stay valid.
        const r = editor.getSelection();
        const pos = [r.startContainer, r.startOffset, r.endContainer, r.endOffset];
        const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
          if (countRa(t.data)) t.data = t.data.replace(BN_RA, AS_RA);
        }
        try {
          const nr = document.createRange();
          nr.setStart(pos[0], pos[1]);
          nr.setEnd(pos[2], pos[3]);
          editor.setSelection(nr);
        } catch (e) {
          /* the old caret is gone; Squire keeps a sane one */
        }
      }
      changed();
      editor.focus();
    });
  }

  function changed() {
    if (composing) return; // an IME is still building the word
    sync();
    lint();
    if (saver) {
      if (saveMsg.classList.contains('is-saved')) show(saveMsg, '', '');
      saver.changed();
    }
  }

  area.addEventListener('compositionstart', () => {
    composing = true;
  });
  area.addEventListener('compositionend', () => {
    composing = false;
    changed();
  });
  editor.addEventListener('input', changed);
  for (const f of [headline, standfirst]) {
    if (!f) continue;
    f.addEventListener('input', (e) => {
      if (!e.isComposing) changed();
    });
    f.addEventListener('compositionend', changed);
  }
  lint();
  updateState();

  // --- submitting
  let submitting = false;
  form.addEventListener('submit', (e) => {
    sync();
    if (saver && saver.busy()) {
      // Let the autosave answer first, so base_revision is the newest one.
      e.preventDefault();
      const by = e.submitter;
      saver.idle(() => {
        if (form.requestSubmit) {
          try {
            form.requestSubmit(by && by.form === form ? by : undefined);
            return;
          } catch (err) {
            /* fall through */
          }
        }
        if (by && by.name) form.appendChild(el('input', { type: 'hidden', name: by.name, value: by.value }));
        sync();
        form.submit();
      });
      return;
    }
    submitting = true;
    if (saver) saver.stop();
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && submitting) {
      submitting = false;
      if (saver) saver.resume();
    }
  });
  window.addEventListener('beforeunload', (e) => {
    if (submitting || !saver || !saver.unsaved()) return;
    e.preventDefault();
    e.returnValue = '';
  });

  form.editor = editor; // for tests and the page's own scripts
}

function start() {
  document.querySelectorAll('form[data-editor-form]').forEach(setup);
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
