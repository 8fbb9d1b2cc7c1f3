import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, stdSerializers, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Fields that never reach a log line, at the top of a log object or one level down
 * (`{ server: { secret } }`). Messages are plain words: callers never put a secret in one.
 */
const SECRET_KEYS = [
  'key',
  'secret',
  'secretKey',
  'privateKey',
  'token',
  'pin',
  'newPin',
  'puk',
  'passphrase',
  'password',
  'authorization',
  'cookie',
  'launchKey',
  'browserKey',
  'adminKey',
  'apiKey',
];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];
export const REDACTED = '[redacted]';

/** Secrets that can hide in an error's text (a header echoed back, an address with its key). */
const SECRET_TEXT: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/([#?&](?:key|token|secret)=)[^\s&#"']+/gi, `$1${REDACTED}`],
];

export function scrubSecrets(text: string): string {
  return SECRET_TEXT.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** pino's error serializer, with secrets scrubbed from the message and stack. */
function errorSerializer(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    if (typeof serialized[field] === 'string') serialized[field] = scrubSecrets(serialized[field]);
  }
  return serialized;
}

/** The options every logger here uses (the server hands them to Fastify). */
export function loggerOptions(options: { level?: string; name?: string; epochTime?: boolean } = {}): LoggerOptions {
  return {
    level: options.level ?? 'info',
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: errorSerializer, error: errorSerializer },
    // ISO times for people reading a station's log; the server keeps pino's epoch ms its log collectors expect.
    timestamp: options.epochTime ? pino.stdTimeFunctions.epochTime : pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(loggerOptions(options), options.destination ?? pino.destination({ dest: 2, sync: true }));
}

/** A logger that writes nothing (tests, tools without a data folder). */
export const silentLogger: Logger = pino({ enabled: false });

export interface RotatingFileOptions {
  file: string;
  /** A file is rotated before a line would take it past this size. */
  maxBytes?: number;
  /** Files kept in all: `file`, `file.1` … `file.(files-1)`; the oldest is deleted. */
  files?: number;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_FILES = 5;

/**
 * A size-capped, rotating JSON-lines file: `file` → `file.1` → … → `file.(files-1)` → gone.
 * Writes are synchronous, so the line before a crash is on disk. A log that cannot be
 * written never stops the station: the line is dropped and one warning goes to stderr.
 */
export class RotatingFile implements DestinationStream {
  readonly file: string;
  readonly maxBytes: number;
  readonly files: number;
  private fd: number | undefined;
  private size = 0;
  private warned = false;

  constructor(options: RotatingFileOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.files = Math.max(1, options.files ?? DEFAULT_LOG_FILES);
  }

  write(line: string): void {
    try {
      const bytes = Buffer.byteLength(line);
      if (this.fd === undefined) this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) {
        this.rotate();
        this.open();
      }
      writeSync(this.fd!, line);
      this.size += bytes;
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        console.error(`Cannot write the log ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); carrying on without it.`);
      }
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    // The log names people's records: the folder and files are the station account's alone.
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = statSync(this.file).size;
  }

  private rotate(): void {
    this.close();
    rmSync(`${this.file}.${this.files - 1}`, { force: true });
    for (let i = this.files - 2; i >= 1; i--) renameIfThere(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    if (this.files > 1) renameIfThere(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export interface LogFile {
  readonly logger: Logger;
  /** Lets go of this holder's share; the file closes when the last one does. */
  close(): void;
}

/** One rotating file (one fd, one size count) per path in a process, however many open it. */
const openFiles = new Map<string, { destination: RotatingFile; logger: Logger; holders: number }>();

/** A logger writing JSON lines to a rotating file; the same file opened twice shares one writer. */
export function openLogFile(options: RotatingFileOptions & { name?: string; level?: string }): LogFile {
  let entry = openFiles.get(options.file);
  if (!entry) {
    const destination = new RotatingFile(options);
    entry = { destination, logger: createLogger({ ...options, destination }), holders: 0 };
    openFiles.set(options.file, entry);
  }
  entry.holders += 1;
  const held = entry;
  let closed = false;
  return {
    logger: held.logger,
    close() {
      if (closed) return;
      closed = true;
      held.holders -= 1;
      if (held.holders > 0) return;
      openFiles.delete(options.file);
      held.destination.close();
    },
  };
}
