import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { until } from '../until';

/** "Another program" using the card (card-hog.ts in a process of its own); see card-hog.ts for the modes. */
export interface OtherProgram {
  /** Ends it: its transaction ends resetting the card; resolves with its counts. */
  stop(): Promise<{ rounds: number; errors: string[] }>;
  /** Kills it at once (test clean-up). */
  kill(): void;
}

const HOG = resolve(__dirname, 'card-hog.ts');
const ROOT = resolve(__dirname, '../../..');

/** Starts the other program on `reader` and waits until it is using the card. */
export async function startOtherProgram(reader: string, mode: 'hammer' | 'hold', env: { PCSCLITE_CSOCK_NAME: string }): Promise<OtherProgram> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOG, reader, mode], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const messages: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => messages.push(JSON.parse(line) as Record<string, unknown>));
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const program: OtherProgram = {
    async stop() {
      child.stdin.write('stop\n');
      const done = await until(() => messages.find((m) => m.stopped === true) ?? (exited ? { stopped: false, stderr } : undefined), 'the other program to stop');
      await until(() => exited, 'the other program to exit');
      return done as { rounds: number; errors: string[] };
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
  await until(() => {
    if (exited || messages.some((m) => 'failed' in m)) throw new Error(`the other program ended: ${JSON.stringify(messages)} ${stderr}`);
    return messages.some((m) => m.ready === true);
  }, 'the other program to use the card').catch((error: unknown) => {
    program.kill();
    throw error;
  });
  return program;
}
