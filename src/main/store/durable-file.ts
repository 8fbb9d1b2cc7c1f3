import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `data` (one buffer, or parts in order) to a temp file beside `file` and fsyncs it; returns the temp path. */
export async function writeDurableTemp(file: string, data: Uint8Array | readonly Uint8Array[]): Promise<string> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    for (const part of data instanceof Uint8Array ? [data] : data) await handle.write(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Renames and makes the rename itself durable (fsync of the folder). */
export async function renameDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDirectory(dirname(to));
}

/**
 * Replaces `file` so that after this resolves the new content survives a crash or a
 * power cut: write a temp file → fsync it → rename over the target → fsync the folder.
 * (lowdb's default writer renames but never fsyncs.)
 */
export async function writeFileDurably(file: string, data: Uint8Array): Promise<void> {
  const temp = await writeDurableTemp(file, data);
  try {
    await renameDurably(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
