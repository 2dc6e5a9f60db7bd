import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/errors.js';
import { assertCompleteOrder } from '../../src/services/segment-order.js';

describe('assertCompleteOrder', () => {
  it('accepts any permutation of the project ids', () => {
    expect(() => assertCompleteOrder(['a', 'b', 'c'], ['c', 'a', 'b'])).not.toThrow();
    expect(() => assertCompleteOrder([], [])).not.toThrow();
  });

  it('lists missing, unknown and repeated ids', () => {
    let error: unknown;
    try {
      assertCompleteOrder(['a', 'b', 'c'], ['a', 'x', 'a']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).message).toBe(
      "segment_order must list each of the project's segments exactly once (2 missing, 1 not in this project, 1 listed twice)",
    );
    expect((error as BadRequestError).details).toEqual({ missing_ids: ['b', 'c'], unknown_ids: ['x'], duplicate_ids: ['a'] });
  });
});
