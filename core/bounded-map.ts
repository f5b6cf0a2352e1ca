/**
 * A Map that starts over once it holds `limit` entries: for memo tables on request paths, whose
 * keys clients choose, so they cannot grow without bound. Starting over is cheap and rare.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
