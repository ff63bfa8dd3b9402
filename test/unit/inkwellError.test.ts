import * as assert from 'node:assert/strict';
import { asInkwellError, InkwellError } from '../../src/core/errors';
import { networkErrorOf } from '../../src/providers/network/networkErrors';

const BRAND: unique symbol = Symbol.for('inkwell.InkwellError');

describe('InkwellError across bundles', () => {
  it('recognises an InkwellError made by another copy of the class (the providers bundle)', () => {
    // What a second copy of the class produces: an Error carrying the registered brand.
    class CopiedInkwellError extends Error {
      readonly [BRAND] = true;
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

describe('NetworkFailure across bundles', () => {
  it('is recognised when made by the host bundle’s copy of the class and unwrapped by the providers’', () => {
    const NETWORK_BRAND: unique symbol = Symbol.for('inkwell.NetworkFailure');
    const carried = new InkwellError('proxy', 'Proxy refused the connection', 'Proxy 127.0.0.1:3128 refused the connection.');
    class CopiedNetworkFailure extends Error {
      readonly [NETWORK_BRAND] = true;
      readonly error = carried;
    }
    const wrapped = new Error('Connection error.', { cause: new CopiedNetworkFailure('x') });
    assert.equal(networkErrorOf(wrapped, 'api.example.com'), carried);
    assert.equal(networkErrorOf(new Error('plain'), 'api.example.com'), undefined);
  });
});
