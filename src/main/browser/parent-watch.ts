/**
 * Calls `onLost` once when this process's parent goes away (it is re-parented). `npm
 * start` runs its script through `sh -c`, and on SIGTERM npm signals only that shell,
 * which dies without passing the signal on: without this the launcher would stay behind
 * with the window open.
 */
export function watchParent(onLost: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onLost();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
