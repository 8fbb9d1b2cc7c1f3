/**
 * Waits until `check` returns a value (not undefined/false), polling. The limit only
 * stops a broken test from hanging; it is not a claim about speed.
 */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, limitMs = 15_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
