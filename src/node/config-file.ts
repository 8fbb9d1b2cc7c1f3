import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export interface ConfigFileOptions {
  /** Words before the file name in messages, e.g. "The station configuration". */
  label?: string;
  /** What the reader does about a bad file, e.g. "Fix it, then start the station again." */
  fix: string;
  /** What a missing file means (parsed with the schema, so defaults apply); absent: a missing file is an error. */
  ifMissing?: unknown;
  /** The error each host shows its operator (the station's StationError, the server's ConfigError). */
  error?: (message: string) => Error;
}

/**
 * Reads a JSON configuration file and parses it with its schema. Every problem is one
 * sentence that names the file, each field's path and what to do:
 *   `<label> <file> is not valid: sync.blockSize: Too big: …; credentialTypes: …. <fix>`
 */
export async function loadConfigFile<S extends z.ZodType>(file: string, schema: S, options: ConfigFileOptions): Promise<z.output<S>> {
  const fail = options.error ?? ((message: string) => new Error(message));
  const named = options.label ? `${options.label} ${file}` : file;
  let json: unknown;
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // Unreadable (permissions, a folder): Node's own error names the file and the reason.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!('ifMissing' in options)) throw fail(`${named} does not exist. ${options.fix}`);
    json = options.ifMissing;
  }
  if (text !== undefined) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw fail(`${named} is not valid JSON (${(error as Error).message}). ${options.fix}`);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fail(`${named} is not valid: ${describeIssues(parsed.error.issues)}. ${options.fix}`);
  return parsed.data;
}

/** `path.to.field: message; …` (`(file)` for the file as a whole). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`).join('; ');
}
