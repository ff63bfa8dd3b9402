/**
 * Model output is untrusted. Markdown is built into DOM from tokens under the same rules
 * (markdownDom.ts uses `isSafeLink` and `isSafeImageSource`); HTML that does reach the panel
 * (highlighted code) is parsed in an inert document (no browsing context: nothing loads, nothing
 * runs) and cleaned against an allowlist of the elements and attributes markdown itself produces,
 * before any of it reaches the panel. The webview's CSP (no inline script, no remote loads) is the
 * second line of defence.
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

/** Whether a link may keep this destination: http, https and mailto only, however disguised. */
export function isSafeLink(href: string): boolean {
  return SAFE_LINK.test(href.replace(URL_IGNORED, ''));
}

/** Whether an image may show: an inline raster `data:` image, judged on the raw value. */
export function isSafeImageSource(src: string): boolean {
  return SAFE_IMAGE.test(src);
}

export interface HtmlSanitizer {
  /** Parses and cleans untrusted HTML into nodes that are safe to insert. */
  toFragment(html: string): DocumentFragment;
}

export function createHtmlSanitizer(window: Window): HtmlSanitizer {
  const doc = window.document;
  const dom = domAccess(window);
  // One inert document for every call: parsing there creates no requests and runs nothing.
  const inertDocument = doc.implementation.createHTMLDocument('');
  return {
    toFragment(html: string): DocumentFragment {
      const root = inertDocument.createElement('div');
      root.innerHTML = html;
      cleanChildren(dom, root);
      const fragment = doc.createDocumentFragment();
      fragment.append(...Array.from(root.childNodes));
      replaceUnsafeImages(doc, fragment);
      return fragment;
    },
  };
}

/**
 * Every property and method the walk uses, taken from the prototypes once and never read from
 * the node itself: a <form> exposes its controls as properties named after them, overriding
 * built-ins (`<form><input name="nextSibling">` makes `form.nextSibling` that input; likewise
 * `localName`, `firstChild`, `attributes`, `remove`, ...). Reading through the node would let the
 * content steer the walk. (DOMPurify guards the same thing with its `_isClobbered` check.)
 */
interface DomAccess {
  nodeType(node: Node): number;
  firstChild(node: Node): ChildNode | null;
  nextSibling(node: Node): ChildNode | null;
  childNodes(node: Node): ChildNode[];
  localName(element: Element): string;
  namespaceURI(element: Element): string | null;
  attributeNames(element: Element): string[];
  getAttribute(element: Element, name: string): string | null;
  removeAttribute(element: Element, name: string): void;
  setAttribute(element: Element, name: string, value: string): void;
  removeChild(parent: Node, child: Node): void;
  insertBefore(parent: Node, child: Node, before: Node): void;
}

function domAccess(window: Window): DomAccess {
  const { Node: NodeClass, Element: ElementClass } = window as unknown as typeof globalThis;
  const getter = (prototype: object, name: string): ((this: unknown) => unknown) => {
    const get = Object.getOwnPropertyDescriptor(prototype, name)?.get;
    if (!get) throw new Error(`DOM accessor ${name} not found`);
    return get;
  };
  const nodeType = getter(NodeClass.prototype, 'nodeType');
  const firstChild = getter(NodeClass.prototype, 'firstChild');
  const nextSibling = getter(NodeClass.prototype, 'nextSibling');
  const localName = getter(ElementClass.prototype, 'localName');
  const namespaceURI = getter(ElementClass.prototype, 'namespaceURI');
  const { getAttributeNames, getAttribute, removeAttribute, setAttribute } = ElementClass.prototype;
  const { removeChild, insertBefore } = NodeClass.prototype;
  const access: DomAccess = {
    nodeType: (node) => nodeType.call(node) as number,
    firstChild: (node) => firstChild.call(node) as ChildNode | null,
    nextSibling: (node) => nextSibling.call(node) as ChildNode | null,
    childNodes: (node) => {
      const children: ChildNode[] = [];
      for (let child = access.firstChild(node); child; child = access.nextSibling(child)) children.push(child);
      return children;
    },
    localName: (element) => localName.call(element) as string,
    namespaceURI: (element) => namespaceURI.call(element) as string | null,
    attributeNames: (element) => getAttributeNames.call(element),
    getAttribute: (element, name) => getAttribute.call(element, name),
    removeAttribute: (element, name) => removeAttribute.call(element, name),
    setAttribute: (element, name, value) => setAttribute.call(element, name, value),
    removeChild: (parent, child) => void removeChild.call(parent, child),
    insertBefore: (parent, child, before) => void insertBefore.call(parent, child, before),
  };
  return access;
}

function cleanChildren(dom: DomAccess, parent: Node): void {
  let node = dom.firstChild(parent);
  while (node) {
    const next = dom.nextSibling(node);
    if (dom.nodeType(node) === 1) cleanElement(dom, parent, node as Element);
    else if (dom.nodeType(node) !== 3) dom.removeChild(parent, node);
    node = next;
  }
}

function cleanElement(dom: DomAccess, parent: Node, element: Element): void {
  const tag = dom.localName(element);
  if (dom.namespaceURI(element) !== HTML_NAMESPACE || DROPPED_WITH_CONTENT.has(tag)) {
    dom.removeChild(parent, element);
    return;
  }
  cleanChildren(dom, element);
  if (!ALLOWED_TAGS.has(tag)) {
    for (const child of dom.childNodes(element)) dom.insertBefore(parent, child, element);
    dom.removeChild(parent, element);
    return;
  }
  cleanAttributes(dom, element, tag);
}

function cleanAttributes(dom: DomAccess, element: Element, tag: string): void {
  for (const name of dom.attributeNames(element)) {
    const value = dom.getAttribute(element, name) ?? '';
    const kept = keepAttribute(tag, name, value);
    if (kept === undefined) dom.removeAttribute(element, name);
    else if (kept !== value) dom.setAttribute(element, name, kept);
  }
}

/** The value to keep (possibly cleaned), or undefined to drop the attribute. */
function keepAttribute(tag: string, name: string, value: string): string | undefined {
  switch (name) {
    case 'href':
      return tag === 'a' && isSafeLink(value) ? value : undefined;
    case 'src':
      // Judged on the raw value, as replaceUnsafeImages does: anything but a plain data: image goes.
      return tag === 'img' && isSafeImageSource(value) ? value : undefined;
    case 'alt':
      return tag === 'img' ? value : undefined;
    case 'title':
      return value;
    case 'align':
      return tag === 'td' || tag === 'th' ? value : undefined;
    case 'start':
      return tag === 'ol' ? value : undefined;
    case 'class': {
      const kept = value.split(/\s+/).filter((part) => SAFE_CLASS.test(part) || SAFE_SUBSCOPE.test(part));
      return kept.length === 0 ? undefined : kept.join(' ');
    }
    default:
      return undefined;
  }
}

function replaceUnsafeImages(doc: Document, root: DocumentFragment): void {
  for (const image of Array.from(root.querySelectorAll('img'))) {
    if (isSafeImageSource(image.getAttribute('src') ?? '')) continue;
    const alt = image.getAttribute('alt') ?? '';
    image.replaceWith(doc.createTextNode(alt));
  }
}
