/**
 * Calls `onNear` once for each observed element when it comes within `margin` of the view (of
 * `root`, the scrolling element), then stops watching it. Undefined where the page has no
 * IntersectionObserver (tests in jsdom): the callers then do their work at once.
 */
export function observeOnceNear(
  IntersectionObserverClass: typeof IntersectionObserver | undefined,
  root: Element,
  margin: string,
  onNear: (entries: readonly Element[]) => void,
): IntersectionObserver | undefined {
  if (!IntersectionObserverClass) return undefined;
  const observer: IntersectionObserver = new IntersectionObserverClass(
    (entries) => {
      const near = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
      for (const element of near) observer.unobserve(element);
      if (near.length > 0) onNear(near);
    },
    { root, rootMargin: margin },
  );
  return observer;
}
