import * as assert from 'node:assert/strict';
import { asInkwellError, InkwellError } from '../../src/core/errors';

describe('InkwellError across bundles', () => {
  it('recognises an InkwellError made by another copy of the class (the providers bundle)', () => {
    // What a second copy of the class produces: an Error carrying the registered brand.
    class CopiedInkwellError extends Error {
      readonly [Symbol.for('inkwell.InkwellError')] = true;
      readonly kind = 'auth';
    }
    const foreign = new CopiedInkwellError('API key rejected');
    assert.ok(foreign instanceof InkwellError);
    assert.equal(asInkwellError(foreign), foreign);
  });

  it('does not take a plain error for one', () => {
    const plain = new Error('boom');
    assert.ok(!(plain instanceof InkwellError));
    assert.equal(asInkwellError(plain).kind, 'unknown');
    assert.ok(new InkwellError('auth', 'API key rejected', 'x') instanceof InkwellError);
  });
});
