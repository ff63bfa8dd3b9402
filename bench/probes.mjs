// Functions the benchmark runs inside the chat webview's frame (Playwright `frame.evaluate`).
// Each is self-contained: it is serialised and runs in the page, not here. They read the DOM and
// the webview's read-only counters (`window.__inkwellRenderStats`) and change nothing but the
// message box, as a person typing would.

/**
 * Types `prompt`, clicks Send, and watches the new answer until all `chars` of its text reached
 * the panel and its last text is in the DOM (`doneMs`; or, `until: 'received'`, until the turn
 * ended and all of its text reached the panel, for a webview that renders nothing), and then until
 * the turn is no longer busy (`formattedMs`: text parked in a burst is formatted by then). Resolves
 * with times relative to the click (ms), the long tasks seen until then, and samples of the render
 * counters until `doneMs`, for per-delta costs.
 * @param {{ prompt: string, lastHeading: string, lastLine: string, chars: number, timeoutMs: number, until?: 'rendered' | 'received' }} args
 */
export function sendAndWatch({ prompt, lastHeading, lastLine, chars, timeoutMs, until = 'rendered' }) {
  // A snapshot replaces the whole `role="log"` element, so it is looked up afresh each time, and
  // changes are watched on the transcript around it.
  const currentLog = () => document.querySelector('[role="log"]');
  const transcript = currentLog().parentElement;
  const stats = window.__inkwellRenderStats;
  const previousLast = currentLog().lastElementChild;
  const charsBefore = stats.textCharsReceived;
  const snapshotsBefore = stats.snapshotsApplied;
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration, culprit: entry.name });
  });
  observer.observe({ type: 'longtask' });
  const samples = [];
  let sentAt = 0;
  let firstGlyphAt;
  let firstPaintAt;
  let doneAt;
  let formattedAt;
  let sampling = true;
  const countersAt = (t) => ({ t, chars: stats.textCharsReceived, frozen: stats.markdownCharsFrozen, workMs: stats.workMs });
  const sample = () => {
    samples.push(countersAt(performance.now() - sentAt));
    if (sampling) requestAnimationFrame(sample);
  };

  /** The deepest last non-blank text of an element. */
  const lastText = (element) => {
    let node = element;
    while (node && node.nodeType !== Node.TEXT_NODE) {
      let child = node.lastChild;
      while (child && child.nodeType === Node.TEXT_NODE && child.data.trim() === '') child = child.previousSibling;
      node = child;
    }
    return node ? node.data.trim() : '';
  };

  return new Promise((resolve, reject) => {
    const check = () => {
      const article = currentLog().lastElementChild;
      if (!article || article === previousLast || article.getAttribute('aria-label') !== 'Claude') return;
      const markdown = article.querySelector('.markdown');
      if (!markdown) return;
      if (firstGlyphAt === undefined && markdown.textContent.trim() !== '') {
        firstGlyphAt = performance.now() - sentAt;
        // The glyph is seen once the frame that lays it out is painted. A new ResizeObserver
        // reports in that frame, after layout and just before paint; a task queued from there
        // runs after the paint.
        const resized = new ResizeObserver(() => {
          resized.disconnect();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => (firstPaintAt = performance.now() - sentAt);
          channel.port2.postMessage(undefined);
        });
        resized.observe(markdown);
      }
      if (doneAt === undefined) {
        const received = stats.textCharsReceived - charsBefore;
        if (until === 'received') {
          if (article.hasAttribute('aria-busy')) return;
          // Every text delta comes before the turn's end, so all of it has been counted by now.
          if (received < chars) {
            finish();
            reject(new Error(`the answer ended after ${received} of ${chars} characters reached the panel`));
            return;
          }
        } else {
          // All of the text reached the panel, so nothing more comes, and its end is in the DOM. (After
          // a resync the snapshot brought the rest of the text, which the counter does not see.)
          const resynced = stats.snapshotsApplied !== snapshotsBefore;
          if ((received < chars && !resynced) || lastText(markdown) !== lastLine) return;
          const headings = markdown.querySelectorAll('h2');
          if (headings[headings.length - 1]?.textContent.trim() !== lastHeading) return;
        }
        doneAt = performance.now() - sentAt;
        sampling = false;
        samples.push(countersAt(doneAt));
      }
      // The turn stays busy until text parked in a burst is formatted too.
      if (article.hasAttribute('aria-busy')) return;
      formattedAt = performance.now() - sentAt;
      finish();
    };
    const mutations = new MutationObserver(check);
    const timer = setTimeout(() => {
      finish();
      const what = doneAt !== undefined ? 'done being busy (formatting parked text)' : until === 'received' ? 'all received' : 'complete in the DOM';
      reject(new Error(`the answer was not ${what} after ${timeoutMs} ms`));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      mutations.disconnect();
      sampling = false;
      // Long-task entries are delivered asynchronously: collect them a moment later.
      setTimeout(() => {
        observer.disconnect();
        const during = longTasks.filter((task) => task.start >= sentAt - 1 && task.start <= sentAt + formattedAt);
        resolve({
          doneMs: doneAt,
          formattedMs: formattedAt,
          firstGlyphMs: firstGlyphAt,
          firstPaintMs: firstPaintAt,
          sentAtEpoch: performance.timeOrigin + sentAt,
          sentAt,
          longestTaskMs: Math.max(0, ...during.map((task) => task.duration)),
          longTaskCount: during.length,
          longTasks: during,
          samples,
        });
      }, 300);
    }
    mutations.observe(transcript, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });

    const input = document.querySelector('textarea.composer-input');
    input.value = prompt;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const send = document.querySelector('button.composer-send');
    sentAt = performance.now();
    requestAnimationFrame(sample);
    send.click();
  });
}

/** Sends a message and resolves once its answer has ended (the Stop button is hidden again). */
export function sendAndWaitForEnd({ prompt, timeoutMs }) {
  const input = document.querySelector('textarea.composer-input');
  const stop = document.querySelector('button.composer-stop');
  // Looked up at each poll: a snapshot replaces the log element.
  const currentLog = () => document.querySelector('[role="log"]');
  const before = currentLog().childElementCount;
  input.value = prompt;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  document.querySelector('button.composer-send').click();
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const log = currentLog();
      const last = log.lastElementChild;
      if (log.childElementCount >= before + 2 && stop.hidden && last && !last.hasAttribute('aria-busy')) return resolve(log.childElementCount);
      if (performance.now() > deadline) return reject(new Error(`no answer to "${prompt.slice(0, 60)}" within ${timeoutMs} ms`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

/**
 * Sends a slowly streaming prompt, clicks Stop once `afterChars` characters have arrived, and
 * resolves with the click's wall-clock time (ms since the epoch, comparable with the server's).
 */
export function sendThenStop({ prompt, afterChars, timeoutMs }) {
  const stats = window.__inkwellRenderStats;
  const startChars = stats.textCharsReceived;
  const input = document.querySelector('textarea.composer-input');
  input.value = prompt;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  document.querySelector('button.composer-send').click();
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const stop = document.querySelector('button.composer-stop');
      if (stats.textCharsReceived - startChars >= afterChars && !stop.hidden) {
        const clickedAt = performance.timeOrigin + performance.now();
        stop.click();
        return resolve(clickedAt);
      }
      if (performance.now() > deadline) return reject(new Error('the answer did not start streaming'));
      setTimeout(poll, 5);
    };
    poll();
  });
}

/** After a reload: the snapshot's paint time from the webview's start, the turns shown and the JS heap. */
export function snapshotFigures() {
  const stats = window.__inkwellRenderStats;
  const answers = document.querySelectorAll('[role="log"] > article[aria-label="Claude"] .markdown');
  return {
    /** The newest answer (what the reloaded view shows) was rendered when it painted. */
    newestRendered: answers.length > 0 && answers[answers.length - 1].childElementCount > 0,
    renderedAnswers: Array.from(answers).filter((a) => a.childElementCount > 0).length,
    paintedMs: stats.snapshotPaintedAt,
    appliedMs: stats.snapshotAppliedAt,
    turns: document.querySelectorAll('[role="log"] > article').length,
    heapBytes: performance.memory?.usedJSHeapSize ?? NaN,
  };
}
