/** How often expired rows are dropped: often enough that a long-running sandbox stays small. */
const PRUNE_EVERY_MS = 600_000;

/** Runs `prune` every ten minutes without holding the process open; the returned function stops it. */
export function startPruner(prune: () => void): () => void {
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
