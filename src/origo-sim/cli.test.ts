import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOrigoSimCli } from './cli';
import { startOrigoSim, type OrigoSim } from './origo-sim';
import { invitedUser, token, waitFor } from './test-support';

/** `npm run origo-sim`: the real process for start and stop, in-process for redeem's words. */
const CLI = resolve(__dirname, 'cli.ts');
const children: ChildProcess[] = [];
let sim: OrigoSim | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sim?.close();
  sim = undefined;
});

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const output = { out: '', err: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output.err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output, exited };
}

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { exitCode, sim: started } = await runOrigoSimCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  if (started) sim = started;
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}

describe('origo-sim CLI', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('starts on a free port, prints the bound address and no secret, serves, and stops cleanly on %s', async (signal) => {
    const running = start(['--port', '0']);
    const line = await waitFor(() => /HID Origo simulator listening on (http:\/\/127\.0\.0\.1:(\d+)) \(organization 1234, client 1234-enrollment\)/.exec(running.output.out) ?? undefined, 'the listening line', 20_000);
    expect(Number(line[2])).toBeGreaterThan(0);
    expect(running.output.out).toContain('Client secret: see --help');
    expect(running.output.out).not.toContain('sim-secret-do-not-use');
    expect((await fetch(`${line[1]}/sim/state`)).status).toBe(200);
    running.child.kill(signal);
    expect(await running.exited).toBe(0);
    expect(running.output.out).toContain(`${signal}: stopping the HID Origo simulator.`);
  });

  it('exits 2 with a clear message on a bad argument', async () => {
    const running = start(['--port', 'seventy']);
    expect(await running.exited).toBe(2);
    expect(running.output.err).toContain('--port takes a whole number from 0 to 65535 (got seventy)');
    const cases: Array<[string[], string]> = [
      [['--fail-rate', '1.5'], '--fail-rate takes a share from 0 to 1'],
      [['--colour'], "Unknown option '--colour'"],
      [['fly'], 'Unknown command fly'],
      [['redeem'], 'redeem needs the invitation code'],
      [['redeem', 'AAAA-BBBB-CCCC-DDDD', '--profile', 'nokia-3310'], 'Unknown profile nokia-3310'],
      [['redeem', 'AAAA-BBBB-CCCC-DDDD', '--url', 'ftp://x'], '--url needs'],
      [['redeem', 'AAAA-BBBB-CCCC-DDDD', '--port', '1'], 'redeem takes no --port'],
      [['--profile', 'pixel-8'], '--profile belongs to redeem'],
    ];
    for (const [args, words] of cases) {
      const result = await cli(...args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toContain(words);
    }
    const help = await cli('--help');
    expect(help.exitCode).toBe(0);
    expect(help.out).toContain('client secret sim-secret-do-not-use');
  });

  it('redeem plays the phone against a running simulator and says ACTIVE with the device, or why not', async () => {
    sim = await startOrigoSim();
    const { code } = await invitedUser(sim, await token(sim), '00000123');

    const redeemed = start(['redeem', code, '--profile', 'galaxy-s23', '--url', sim.url]);
    expect(await redeemed.exited).toBe(0);
    expect(redeemed.output.out).toContain(`Invitation ${code} redeemed: credential ACTIVE on Samsung Galaxy S23`);
    expect(redeemed.output.out).toMatch(/OS Version\s+Android 14/);
    expect(redeemed.output.out).toMatch(/Secure Element Type\s+EMBEDDED/);

    const used = await cli('redeem', code, '--url', sim.url);
    expect(used.exitCode).toBe(1);
    expect(used.err).toContain('has already been used');
    const unknown = await cli('redeem', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', '--url', sim.url);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toContain('Unknown invitation code ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const url = sim.url;
    await sim.close();
    sim = undefined;
    const nobody = await cli('redeem', code, '--url', url);
    expect(nobody.exitCode).toBe(1);
    expect(nobody.err).toContain(`No HID Origo simulator answers at ${url}`);
  });

  it('says an expired code is no longer valid', async () => {
    let now = new Date('2026-12-07T10:00:00Z');
    sim = await startOrigoSim({ clock: () => now });
    const { code } = await invitedUser(sim, await token(sim), '00000123');
    now = new Date('2026-12-10T10:00:00Z');
    const expired = await cli('redeem', code, '--url', sim.url);
    expect(expired.exitCode).toBe(1);
    expect(expired.err).toContain('is no longer valid (This invitation code has expired.)');
  });
});
