import * as assert from 'node:assert/strict';
import { highlightToHtml, languageOfInfo, MAX_HIGHLIGHTED_CODE_CHARS } from '../../../src/webview/markdown/highlight.js';

describe('highlight', () => {
  it('takes the language from the first word of the info string, if it is a plain name', () => {
    assert.equal(languageOfInfo('ts title="a.ts"'), 'ts');
    assert.equal(languageOfInfo('c++'), 'c++');
    assert.equal(languageOfInfo('"><img src=x>'), undefined);
    assert.equal(languageOfInfo(''), undefined);
    assert.equal(languageOfInfo(undefined), undefined);
  });

  it('highlights known languages and escapes everything else', () => {
    assert.match(highlightToHtml('const a = 1;', 'typescript'), /<span class="hljs-keyword">const<\/span>/);
    assert.match(highlightToHtml('fn main() {}', 'rs'), /hljs-/);
    assert.equal(highlightToHtml('<b>&</b>', 'klingon'), '&#60;b&#62;&#38;&#60;/b&#62;');
    assert.equal(highlightToHtml('<b>', undefined), '&#60;b&#62;');
  });

  it('leaves very long code uncoloured so closing its fence stays quick', () => {
    const long = 'const a = 1;\n'.repeat(Math.ceil(MAX_HIGHLIGHTED_CODE_CHARS / 13) + 1);
    assert.doesNotMatch(highlightToHtml(long, 'typescript'), /hljs-/);
  });
});
