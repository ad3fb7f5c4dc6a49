// clean.js turns any HTML (a paste from Word or Google Docs, the server's stored body, or the
// live editor) into the small set of elements a story body may hold:
//
//   p, h2, h3, blockquote, ul/ol/li, strong/em, a[href] (http, https, mailto or a site path),
//   br, figure > img[src=/media/…] + figcaption (caption text, credit in <cite>), and lang="en"
//   or lang="as" on paragraphs, headings and spans.
//
// Everything is rebuilt element by element from an allow-list, so no attribute that is not
// named here (style, class, id, on*, …) can survive. The server sanitises again; this pass keeps
// what the reporter sees in the editor equal to what will be saved.
//
// Two modes:
//   "in"  – into the editor (Squire): bold/italic as <b>/<i> (Squire's own tags), figures are
//           atomic (contenteditable=false), whitespace runs collapsed (the editor is pre-wrap).
//   "out" – from the editor to the form: <strong>/<em>, no editor artefacts (zero-width spaces,
//           Squire's selection markers, placeholder <br>s, empty blocks).

const DROP = new Set([
  'SCRIPT', 'STYLE', 'HEAD', 'META', 'TITLE', 'LINK', 'BASE', 'TEMPLATE', 'IFRAME', 'FRAME',
  'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'NOSCRIPT', 'SVG', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO',
  'SOURCE', 'TRACK', 'SELECT', 'OPTION', 'TEXTAREA', 'BUTTON', 'INPUT', 'DATALIST', 'AREA',
  'MAP', 'HR', 'XML', 'O:P', 'DIALOG', 'X-STYLE',
]);

// Elements that hold a line of text: nothing block-level may sit inside them.
const TEXT_BLOCKS = new Set(['P', 'H2', 'H3', 'LI', 'FIGCAPTION']);

// Source elements that start a new block when met in the middle of text.
const BLOCKISH = /^(?:ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|CAPTION|CENTER|DD|DIR|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HGROUP|LI|MAIN|MENU|NAV|OL|P|PRE|SECTION|SUMMARY|DETAILS|TABLE|TBODY|TD|TFOOT|TH|THEAD|TR|UL)$/;

const WS = /[ \t\n\r\f]+/g;
const ZWS = /\u200B/g;
// "Empty" text: whitespace, no-break spaces, zero-width spaces.
const BLANK = /^[\s\u00A0\u200B\uFEFF]*$/;

const MEDIA_SRC = /^\/media\/[^\s"'<>\\]+$/;
const DIGITS = /^\d{1,6}$/;

/** Returns a safe href (http, https, mailto or a site-relative path) or null. */
export function safeHref(value) {
  const v = String(value || '').trim();
  if (!v) return null;
  if (/^\/(?![/\\])/.test(v)) return v.replace(/[\s<>"]/g, encodeURIComponent);
  let u;
  try {
    u = new URL(v);
  } catch (e) {
    return null;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  if (u.protocol === 'mailto:' && /^mailto:[^\s@/]+@[^\s@/]+/i.test(v)) return v;
  return null;
}

// Reads bold/italic from a style attribute string (not el.style: a strict CSP may leave the
// parsed style of an inert document empty). Returns true, false or null (not said).
function styleSays(style, prop) {
  const m = new RegExp('(?:^|;)\\s*' + prop + '\\s*:\\s*([^;!]+)', 'i').exec(style || '');
  if (!m) return null;
  const v = m[1].trim().toLowerCase();
  if (prop === 'font-weight') {
    if (v === 'bold' || v === 'bolder' || /^[6-9]\d\d$/.test(v)) return true;
    if (v === 'normal' || v === 'lighter' || /^[1-5]\d\d$/.test(v)) return false;
    return null;
  }
  if (v === 'italic' || v.indexOf('oblique') === 0) return true;
  if (v === 'normal') return false;
  return null;
}

function langOf(el) {
  const l = el.getAttribute('lang');
  return l === 'en' || l === 'as' ? l : null;
}

function styleOf(el) {
  return el.getAttribute('data-x-style') || el.getAttribute('style') || '';
}

function isBlank(node) {
  if (node.nodeType === 3) return BLANK.test(node.data);
  if (node.nodeType !== 1) return true;
  if (node.nodeName === 'IMG' || node.querySelector('img')) return false;
  return BLANK.test(node.textContent);
}

// Word marks list paragraphs with "mso-list:l0 level1 lfo1" and the bullet or number it draws
// with "mso-list:Ignore".
function msoListKind(el) {
  const style = styleOf(el);
  if (!/mso-list\s*:\s*l\d/i.test(style)) return null;
  const marker = el.querySelector('[data-x-style*="mso-list"],[style*="mso-list"]');
  let text = '';
  if (marker && /mso-list\s*:\s*ignore/i.test(styleOf(marker))) {
    text = marker.textContent;
  }
  return /^\s*(?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)]/i.test(text) ? 'OL' : 'UL';
}

class Cleaner {
  constructor(doc, mode) {
    this.doc = doc;
    this.mode = mode;
    this.bold = mode === 'out' ? 'STRONG' : 'B';
    this.italic = mode === 'out' ? 'EM' : 'I';
  }

  el(tag) {
    return this.doc.createElement(tag);
  }

  // Appends the cleaned children of src to out. ctx: { text: inside a text block,
  // list: inside ul/ol, caption: inside figcaption }.
  children(src, out, ctx) {
    let list = null;
    for (let n = src.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && !ctx.text && !ctx.list) {
        const kind = msoListKind(n);
        if (kind) {
          if (!list || list.nodeName !== kind) {
            list = this.el(kind);
            out.appendChild(list);
          }
          const li = this.el('LI');
          this.children(n, li, { text: true });
          list.appendChild(li);
          continue;
        }
      }
      if (list && n.nodeType === 3 && BLANK.test(n.data)) continue;
      list = null;
      this.node(n, out, ctx);
    }
  }

  node(n, out, ctx) {
    if (n.nodeType === 3) {
      let text = n.data.replace(ZWS, '');
      if (this.mode === 'in') text = text.replace(WS, ' ');
      if (!text) return;
      out.appendChild(this.doc.createTextNode(text));
      return;
    }
    if (n.nodeType !== 1) return; // comments (incl. MS conditional markup), PIs, …
    const name = n.nodeName.toUpperCase();
    // Word's <o:p> holds spacing only and <v:…> its drawings; other prefixed elements (smart
    // tags such as <st1:place>) wrap real text and are unwrapped below.
    if (DROP.has(name) || name.indexOf('V:') === 0 || n.hidden === true) return;
    const style = styleOf(n);
    if (/mso-list\s*:\s*ignore|display\s*:\s*none/i.test(style)) return;
    if (n.classList && n.classList.contains('squire-image-resize-container')) return;

    switch (name) {
      case 'SPAN': {
        // The one attribute a span may carry: the language of a phrase (lang="en" inside an
        // Assamese story), with translate="no"; the server keeps exactly these.
        const l = langOf(n);
        if (!l || !ctx.text) break;
        const sp = this.el('SPAN');
        sp.setAttribute('lang', l);
        if (n.getAttribute('translate') === 'no') sp.setAttribute('translate', 'no');
        this.inline(n, sp, out, ctx);
        return;
      }
      case 'BR':
        if (ctx.text) out.appendChild(this.el('BR'));
        return;
      case 'IMG':
        this.image(n, out, ctx);
        return;
      case 'FIGURE':
        this.figure(n, out, ctx);
        return;
      case 'A': {
        const href = safeHref(n.getAttribute('href'));
        if (!href) break;
        const a = this.el('A');
        a.setAttribute('href', href);
        this.inline(n, a, out, ctx);
        return;
      }
      case 'B':
      case 'STRONG':
        // Google Docs wraps its whole paste in <b style="font-weight:normal">; headings are
        // bold already.
        if (styleSays(style, 'font-weight') === false || ctx.heading) break;
        this.inline(n, this.el(this.bold), out, ctx, styleSays(style, 'font-style') === true);
        return;
      case 'I':
      case 'EM':
        if (styleSays(style, 'font-style') === false) break;
        this.inline(n, this.el(this.italic), out, ctx, false, styleSays(style, 'font-weight') === true);
        return;
      case 'CITE':
        if (ctx.caption) {
          this.inline(n, this.el('CITE'), out, ctx);
          return;
        }
        break;
      case 'UL':
      case 'OL':
        if (ctx.text && !ctx.item) break;
        this.list(n, name, out, ctx);
        return;
      case 'LI':
        if (ctx.list) {
          const li = this.el('LI');
          this.children(n, li, { text: true, item: true });
          out.appendChild(li);
          return;
        }
        break;
      case 'BLOCKQUOTE':
        if (ctx.text || ctx.list) break;
        {
          const q = this.el('BLOCKQUOTE');
          this.children(n, q, {});
          this.wrapLoose(q);
          out.appendChild(q);
        }
        return;
      case 'P':
      case 'H1':
      case 'H2':
      case 'H3':
      case 'H4':
      case 'H5':
      case 'H6':
        if (ctx.text || ctx.list) break;
        {
          const tag = name === 'P' ? 'P' : name === 'H1' || name === 'H2' ? 'H2' : 'H3';
          const b = this.el(tag);
          if (langOf(n)) b.setAttribute('lang', langOf(n));
          // A paragraph styled bold or italic as a whole (Google Docs does this for spans, Word
          // sometimes for paragraphs) keeps that emphasis.
          let inner = b;
          if (tag === 'P' && styleSays(style, 'font-weight') === true) inner = inner.appendChild(this.el(this.bold));
          if (styleSays(style, 'font-style') === true) inner = inner.appendChild(this.el(this.italic));
          this.children(n, inner, { text: true, heading: tag !== 'P' });
          out.appendChild(b);
        }
        return;
      default:
        break;
    }

    // Not kept as itself. Inside text, a block-like element becomes a line break; outside,
    // one that holds only text becomes a paragraph; anything else is unwrapped.
    const blockish = BLOCKISH.test(name);
    if (blockish && ctx.text) {
      const br = () => {
        if (out.lastChild && out.lastChild.nodeName !== 'BR') out.appendChild(this.el('BR'));
      };
      br();
      this.children(n, out, ctx);
      br(); // trailing ones are trimmed at the end
      return;
    }
    if (blockish && ctx.list) {
      const li = this.el('LI');
      this.children(n, li, { text: true, item: true });
      out.appendChild(li);
      return;
    }
    if (blockish && !this.hasBlocks(n)) {
      const p = this.el('P');
      this.children(n, p, { text: true });
      out.appendChild(p);
      return;
    }
    // Inline wrappers (span, font, u, code, …): keep the emphasis their style asks for.
    const wantsBold = styleSays(style, 'font-weight') === true && !ctx.heading;
    if (!blockish && (wantsBold || styleSays(style, 'font-style') === true)) {
      const boldNow = wantsBold;
      this.inline(n, this.el(boldNow ? this.bold : this.italic), out, ctx,
        boldNow && styleSays(style, 'font-style') === true);
      return;
    }
    this.children(n, out, ctx);
  }

  hasBlocks(n) {
    for (let c = n.firstElementChild; c; c = c.nextElementSibling) {
      if (BLOCKISH.test(c.nodeName.toUpperCase()) || c.nodeName === 'IMG' || this.hasBlocks(c)) return true;
    }
    return false;
  }

  // Wraps inline element el around n's children. alsoItalic/alsoBold add a second wrapper.
  // An inline element that wraps blocks (a <b> around paragraphs) is unwrapped instead.
  inline(n, el, out, ctx, alsoItalic, alsoBold) {
    if (!ctx.text && this.hasBlocks(n)) {
      this.children(n, out, ctx);
      return;
    }
    let inner = el;
    if (alsoItalic) inner = inner.appendChild(this.el(this.italic));
    if (alsoBold) inner = inner.appendChild(this.el(this.bold));
    this.children(n, inner, Object.assign({}, ctx, { text: true }));
    if (isBlank(el) && !el.querySelector('br')) {
      // Keep a lone space between words; drop empty formatting.
      if (el.textContent) out.appendChild(this.doc.createTextNode(' '));
      return;
    }
    out.appendChild(el);
  }

  list(n, name, out, ctx) {
    const list = this.el(name);
    this.children(n, list, { list: true });
    // Loose text or inline elements straight in a list become items.
    for (let c = list.firstChild; c; ) {
      const next = c.nextSibling;
      if (c.nodeName !== 'LI' && c.nodeName !== 'UL' && c.nodeName !== 'OL') {
        const li = this.el('LI');
        list.replaceChild(li, c);
        li.appendChild(c);
        while (li.nextSibling && li.nextSibling.nodeName !== 'LI' && li.nextSibling.nodeName !== 'UL' && li.nextSibling.nodeName !== 'OL') {
          li.appendChild(li.nextSibling);
        }
        c = li.nextSibling;
        continue;
      }
      c = next;
    }
    out.appendChild(list);
  }

  image(n, out, ctx) {
    const src = (n.getAttribute('src') || '').trim();
    if (!MEDIA_SRC.test(src)) return; // pasted or remote pictures: use the Photo button
    const img = this.el('IMG');
    img.setAttribute('src', src);
    img.setAttribute('alt', (n.getAttribute('alt') || '').replace(WS, ' ').trim());
    for (const attr of ['width', 'height', 'data-media-id']) {
      const v = (n.getAttribute(attr) || '').trim();
      if (DIGITS.test(v)) img.setAttribute(attr, v);
    }
    if (ctx.text || ctx.figure) {
      out.appendChild(img);
      return;
    }
    // A picture on its own becomes a figure.
    const fig = this.el('FIGURE');
    fig.appendChild(img);
    this.finishFigure(fig);
    out.appendChild(fig);
  }

  figure(n, out, ctx) {
    const img = n.querySelector('img');
    const cap = n.querySelector('figcaption');
    const fig = this.el('FIGURE');
    if (img) this.image(img, fig, { figure: true });
    if (!fig.firstChild) {
      // No usable picture: keep the caption text as a paragraph.
      if (cap && !isBlank(cap)) this.node(cap, out, ctx);
      return;
    }
    if (cap && !isBlank(cap)) {
      const fc = this.el('FIGCAPTION');
      this.children(cap, fc, { text: true, caption: true });
      trimBlock(fc);
      if (!isBlank(fc)) fig.appendChild(fc);
    }
    if (ctx.text) {
      // A figure cannot sit inside a line of text: keep only its picture.
      out.appendChild(fig.firstChild);
      return;
    }
    this.finishFigure(fig);
    out.appendChild(fig);
  }

  finishFigure(fig) {
    if (this.mode === 'in') fig.setAttribute('contenteditable', 'false');
  }

  // Loose inline content in a container (the root, a blockquote) goes into paragraphs.
  wrapLoose(container) {
    let p = null;
    for (let c = container.firstChild; c; ) {
      const next = c.nextSibling;
      const inline = c.nodeType === 3 || !/^(?:P|H2|H3|UL|OL|BLOCKQUOTE|FIGURE)$/.test(c.nodeName);
      if (inline) {
        if (c.nodeName === 'BR') {
          container.removeChild(c);
          p = null;
        } else {
          if (!p) {
            p = this.el('P');
            container.insertBefore(p, c);
          }
          p.appendChild(c);
        }
      } else {
        p = null;
      }
      c = next;
    }
  }
}

// Removes leading/trailing <br>s and whitespace from a text block, and a <br> before a nested
// list (the list starts a new line anyway).
function trimBlock(b) {
  b.querySelectorAll('br').forEach((br) => {
    const next = br.nextSibling;
    if (next && (next.nodeName === 'UL' || next.nodeName === 'OL')) br.remove();
  });
  while (b.lastChild && (b.lastChild.nodeName === 'BR' || (b.lastChild.nodeType === 3 && BLANK.test(b.lastChild.data)))) {
    b.removeChild(b.lastChild);
  }
  while (b.firstChild && (b.firstChild.nodeName === 'BR' || (b.firstChild.nodeType === 3 && !/\u00A0/.test(b.firstChild.data) && BLANK.test(b.firstChild.data)))) {
    b.removeChild(b.firstChild);
  }
}

// Drops empty blocks (Word's <p>&nbsp;</p>, Docs' spacer paragraphs, empty list items) and
// empty formatting.
function tidy(root) {
  const all = root.querySelectorAll('p,h2,h3,li,blockquote,ul,ol,strong,em,b,i,a,cite');
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i];
    if (TEXT_BLOCKS.has(el.nodeName)) trimBlock(el);
    if (isBlank(el) && !(el.nodeName === 'LI' && el.querySelector('ul,ol'))) el.remove();
  }
}

/**
 * Cleans the child nodes of src (an element, document or fragment) into a new fragment of doc.
 * @param {Node} src
 * @param {Document} doc
 * @param {'in'|'out'} mode
 */
export function cleanNode(src, doc, mode) {
  const c = new Cleaner(doc, mode);
  const holder = doc.createElement('div');
  c.children(src, holder, {});
  c.wrapLoose(holder);
  tidy(holder);
  const frag = doc.createDocumentFragment();
  while (holder.firstChild) frag.appendChild(holder.firstChild);
  return frag;
}

// An inert document still checks the page's Content-Security-Policy while it parses, and
// reports every style attribute, <style> element and on* handler in a paste (Word's HTML is full
// of them) as a violation. They are renamed before parsing: the cleaner reads the style from
// data-x-style and drops the rest. (Safety does not rest on this: nothing but the allow-list
// above is ever copied.)
const START_TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTR = /(\s+)([^\s"'>\/=]+)((?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)/g;

function neutralise(html) {
  return html
    .replace(/<(\/?)style\b/gi, '<$1x-style')
    .replace(START_TAG, (tag, name, attrs, slash) =>
      '<' + name + attrs.replace(ATTR, (a, sp, n, v) => {
        const lower = n.toLowerCase();
        if (lower === 'style') return sp + 'data-x-style' + v;
        if (lower.indexOf('on') === 0) return '';
        return a;
      }) + slash + '>');
}

/** Parses html inertly (no scripts run, no pictures load) and cleans it. */
export function cleanHTML(html, doc, mode) {
  const parsed = new DOMParser().parseFromString(neutralise(String(html || '')), 'text/html');
  return cleanNode(parsed.body || parsed, doc, mode);
}

/** The body HTML to send to the server for the editor's root element. */
export function serialise(root) {
  const holder = root.ownerDocument.createElement('div');
  holder.appendChild(cleanNode(root, root.ownerDocument, 'out'));
  return holder.innerHTML;
}
