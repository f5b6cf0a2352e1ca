/**
 * Edit distance with adjacent transpositions (optimal string alignment): "memroy" is one step from
 * "memory", as a person counts a swapped pair of keys.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The names a mistyped `word` most likely meant, best first. Names that contain the word as a whole
 * part ("port" in "login-port", "dir" in "data-dir") all come first, in their given order, since the
 * word alone cannot say which one was meant; otherwise the one nearest by edit distance.
 */
export function closest(word: string, names: readonly string[]): string[] {
  const w = word.toLowerCase();
  const parts = names.filter((n) => n !== w && n.split('-').includes(w));
  if (parts.length) return parts;
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const n of names) {
    const dist = editDistance(w, n);
    if (dist < bestDistance) [best, bestDistance] = [[n], dist];
  }
  return best;
}
