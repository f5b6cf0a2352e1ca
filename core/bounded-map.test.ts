import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('starts over when a new key would go past the limit; changing a kept key does not', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    m.set('b', 3);
    expect([...m]).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    m.set('c', 4);
    expect([...m]).toEqual([['c', 4]]);
  });
});
