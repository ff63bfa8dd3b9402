/**
 * Model output is untrusted: rendered markdown is parsed in an inert document (no browsing
 * context: nothing loads, nothing runs) and cleaned against an allowlist of the elements and
 * attributes markdown itself produces, before any of it reaches the panel. The webview's CSP
 * (no inline script, no remote loads) is the second line of defence.
 *
 * Choices:
 * - Elements outside the allowlist are unwrapped (their text stays, as text), except those whose
 *   content is code, styling, an embedded document or a form, which go with their content.
 *   Anything outside the HTML namespace (SVG, MathML) goes whole; comments go.
 * - Attributes: only `href` on links, `src` and `alt` on images, `title`, `align` on table cells,
 *   `start` on ordered lists and `class` (filtered). No event handlers, no `style`, no `id`/`name`
 *   (so nothing can clobber DOM properties).
 * - Links keep their `href` only for http, https and mailto; any other scheme (javascript:, data:,
 *   command:, file:, relative paths) loses the `href` and the text stays as plain text.
 * - Images: remote images are replaced by their alt text (no remote loads, no tracking pixels).
 *   Inline `data:` images in common raster formats (png, gif, jpeg, webp) are kept: they cannot
 *   run script, load nothing, and the CSP allows them. SVG data images are dropped.
 * - `class` survives only for highlight.js tokens and `language-*` on code, so output cannot
 *   borrow the panel's own classes to imitate its buttons.
 *
 * The nodes are moved into the panel as they are, never serialised and parsed again, so what was
 * checked is exactly what is shown.
 */

const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  // `div` is the root that gets cleaned; markdown itself never produces one.
  'a', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img',
  'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);
/** Removed together with everything inside them. */
const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'textarea', 'select', 'option', 'optgroup', 'datalist', 'link', 'meta', 'base', 'template', 'noscript',
  'noembed', 'noframes', 'xmp', 'plaintext', 'title', 'audio', 'video', 'source', 'track', 'canvas',
  'portal', 'dialog', 'slot', 'svg', 'math',
]);

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
const SAFE_LINK = /^(?:https?|mailto):/i;
const SAFE_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);/i;
const SAFE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+)$/;
// A class name may end in underscores for highlight.js sub-scopes ("hljs-title function_").
const SAFE_SUBSCOPE = /^[a-z]+_+$/;
// Browsers ignore these inside URLs ("java\tscript:"), so a scheme is judged without them.
const URL_IGNORED = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g;

export interface HtmlSanitizer {
  /** Parses and cleans untrusted HTML into nodes that are safe to insert. */
  toFragment(html: string): DocumentFragment;
}

export function createHtmlSanitizer(window: Window): HtmlSanitizer {
  const doc = window.document;
  // One inert document for every call: parsing there creates no requests and runs nothing.
  const inertDocument = doc.implementation.createHTMLDocument('');
  return {
    toFragment(html: string): DocumentFragment {
      const root = inertDocument.createElement('div');
      root.innerHTML = html;
      cleanChildren(root);
      const fragment = doc.createDocumentFragment();
      fragment.append(...Array.from(root.childNodes));
      replaceUnsafeImages(doc, fragment);
      return fragment;
    },
  };
}

function cleanChildren(parent: Node): void {
  let node = parent.firstChild;
  while (node) {
    const next = node.nextSibling;
    if (node.nodeType === 1) cleanElement(node as Element);
    else if (node.nodeType !== 3) node.parentNode!.removeChild(node);
    node = next;
  }
}

function cleanElement(element: Element): void {
  const tag = element.localName;
  if (element.namespaceURI !== HTML_NAMESPACE || DROPPED_WITH_CONTENT.has(tag)) {
    element.remove();
    return;
  }
  cleanChildren(element);
  if (!ALLOWED_TAGS.has(tag)) {
    element.replaceWith(...Array.from(element.childNodes));
    return;
  }
  cleanAttributes(element, tag);
}

function cleanAttributes(element: Element, tag: string): void {
  const attributes = element.attributes;
  for (let index = attributes.length - 1; index >= 0; index--) {
    const { name, value } = attributes[index]!;
    if (!keepAttribute(element, tag, name, value)) element.removeAttribute(name);
  }
}

function keepAttribute(element: Element, tag: string, name: string, value: string): boolean {
  switch (name) {
    case 'href':
      return tag === 'a' && SAFE_LINK.test(value.replace(URL_IGNORED, ''));
    case 'src':
      return tag === 'img' && SAFE_IMAGE.test(value.replace(URL_IGNORED, ''));
    case 'alt':
      return tag === 'img';
    case 'title':
      return true;
    case 'align':
      return tag === 'td' || tag === 'th';
    case 'start':
      return tag === 'ol';
    case 'class': {
      const kept = value.split(/\s+/).filter((part) => SAFE_CLASS.test(part) || SAFE_SUBSCOPE.test(part));
      if (kept.length === 0) return false;
      const cleaned = kept.join(' ');
      if (cleaned !== value) element.setAttribute('class', cleaned);
      return true;
    }
    default:
      return false;
  }
}

function replaceUnsafeImages(doc: Document, root: DocumentFragment): void {
  for (const image of Array.from(root.querySelectorAll('img'))) {
    if (SAFE_IMAGE.test(image.getAttribute('src') ?? '')) continue;
    const alt = image.getAttribute('alt') ?? '';
    image.replaceWith(doc.createTextNode(alt));
  }
}
