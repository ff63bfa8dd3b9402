/**
 * Small DOM-building helpers. Every module receives the `Document` it renders into, so the same
 * code runs in the webview and in jsdom-based tests without touching globals.
 */

export interface ElementOptions {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export function createElement<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  options: ElementOptions = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A codicon glyph; decorative, so screen readers skip it and rely on the control's own name. */
export function createCodicon(doc: Document, name: string, extraClass = ''): HTMLSpanElement {
  return createElement(doc, 'span', {
    className: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`,
    attrs: { 'aria-hidden': 'true' },
  });
}

/** A button showing only an icon; `label` is its accessible name and its tooltip. */
export function createIconButton(doc: Document, icon: string, label: string, className = ''): HTMLButtonElement {
  return createElement(
    doc,
    'button',
    { className: `icon-button${className ? ` ${className}` : ''}`, attrs: { type: 'button', 'aria-label': label, title: label } },
    [createCodicon(doc, icon)],
  );
}
