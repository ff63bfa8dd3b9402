/**
 * Owned resources, in the shape of VS Code's own lifecycle helpers: everything that must be
 * released has an owner that disposes it, so nothing outlives the view or the extension.
 */

export interface Disposable {
  dispose(): void;
}

/** Holds at most one resource; setting a new one disposes the previous (e.g. the running turn). */
export class MutableDisposable<T extends Disposable> implements Disposable {
  private current: T | undefined;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    previous?.dispose();
  }

  /** Forgets the value without disposing it (its owner finished with it normally). */
  clearIfSame(value: T): void {
    if (this.current === value) this.current = undefined;
  }

  dispose(): void {
    this.value = undefined;
  }
}

/** A minimal typed event, usable in plain Node and in the webview. */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
