/**
 * Model output is untrusted: rendered markdown passes through DOMPurify with an allowlist of the
 * elements markdown itself produces, and nothing that can run code, load remote content or
 * restyle the panel.
 *
 * Choices:
 * - Links keep their `href` only for http, https and mailto; any other scheme (javascript:, data:,
 *   command:, file:, relative paths) loses the `href` and the text stays as plain text.
 * - Images: remote images are replaced by their alt text (no remote loads, no tracking pixels).
 *   Inline `data:` images in common raster formats (png, gif, jpeg, webp) are kept: they cannot
 *   run script, load nothing, and the CSP allows them. SVG data images are dropped.
 * - `class` survives only for highlight.js tokens and `language-*` on code, so output cannot
 *   borrow the panel's own classes to imitate its buttons.
 */
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';

const ALLOWED_TAGS = [
  // `div` is the root that gets cleaned in place; markdown itself never produces one.
  'a', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img',
  'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'class', 'align', 'start'];
const FORBID_TAGS = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math', 'link', 'meta', 'base'];

const SAFE_LINK = /^(?:https?|mailto):/i;
const SAFE_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);/i;
const SAFE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+)$/;
// A class name may end in underscores for highlight.js sub-scopes ("hljs-title function_").
const SAFE_SUBSCOPE = /^[a-z]+_+$/;

const CONFIG: Config & { IN_PLACE: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS,
  FORBID_ATTR: ['style'],
  ALLOWED_URI_REGEXP: SAFE_LINK,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  IN_PLACE: true,
};

export interface HtmlSanitizer {
  /** Parses and cleans untrusted HTML into nodes that are safe to insert. */
  toFragment(html: string): DocumentFragment;
}

export function createHtmlSanitizer(window: Window): HtmlSanitizer {
  const purify: DOMPurify = createDOMPurify(window as unknown as WindowLike);
  purify.addHook('uponSanitizeAttribute', (_node, event) => {
    if (event.attrName !== 'class') return;
    const kept = event.attrValue.split(/\s+/).filter((name) => SAFE_CLASS.test(name) || SAFE_SUBSCOPE.test(name));
    event.attrValue = kept.join(' ');
    event.keepAttr = kept.length > 0;
  });
  const doc = window.document;
  return {
    toFragment(html: string): DocumentFragment {
      // Parsed in a document without a browsing context, where nothing loads or runs. A fresh one
      // per call (as DOMPurify itself does) keeps no state, such as node iterators, across calls.
      const inertDocument = doc.implementation.createHTMLDocument('');
      const root = inertDocument.createElement('div');
      root.innerHTML = html;
      purify.sanitize(root, CONFIG);
      const fragment = doc.createDocumentFragment();
      fragment.append(...Array.from(root.childNodes));
      replaceUnsafeImages(doc, fragment);
      return fragment;
    },
  };
}

function replaceUnsafeImages(doc: Document, root: DocumentFragment): void {
  for (const image of Array.from(root.querySelectorAll('img'))) {
    if (SAFE_IMAGE.test(image.getAttribute('src') ?? '')) continue;
    const alt = image.getAttribute('alt') ?? '';
    image.replaceWith(doc.createTextNode(alt));
  }
}
