import { execFile } from 'node:child_process';
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type OperatorIdentity } from '../support/operator-pki';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { pivCard, type PivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { until } from '../support/until';

/**
 * Interoperability (issue 14, item 7): Debian's OpenSC — opensc-tool, pkcs15-tool and
 * pkcs11-tool with OpenSC's PKCS#11 module — reads the virtual PIV cards through the real
 * pcscd + vpcd, exactly as it reads a real PIV card: the CHUID, an operator's PIV
 * Authentication certificate, and a signature with key 9A (PIN verified) that openssl
 * verifies. The tools reach the private pcscd through PCSCLITE_CSOCK_NAME: its socket is a
 * plain file in the temp folder, so no namespace is needed for a client (only pcscd itself
 * runs in one, private-pcscd.ts).
 */

const TOOLS = ['opensc-tool', 'pkcs15-tool', 'pkcs11-tool', 'openssl'] as const;
const PKCS11_CANDIDATES = ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so', '/usr/lib/opensc-pkcs11.so'];

function which(tool: string): string | undefined {
  return (process.env.PATH ?? '').split(':').map((dir) => join(dir, tool)).find((path) => existsSync(path));
}

/** The tools and the PKCS#11 module, or a clear install message (a missing tool fails the test, never skips it). */
function openscTools(): { module: string } {
  const missing = TOOLS.filter((tool) => !which(tool));
  const module = PKCS11_CANDIDATES.find((path) => existsSync(path));
  if (missing.length > 0 || !module) {
    throw new Error(
      `OpenSC is not installed (${[...missing, ...(module ? [] : ['opensc-pkcs11.so'])].join(', ')} missing). Install it with: sudo apt-get install -y opensc openssl (or sudo scripts/install-test-deps.sh).`,
    );
  }
  return { module };
}

let pcscd: PrivatePcscd;
let alice: OperatorIdentity;
let work: string;
let pkcs11Module: string;
let inserted: VpcdCard | undefined;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an OpenSC tool against the private pcscd (PCSCLITE_CSOCK_NAME), never the system one. */
function tool(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...pcscd.env, HOME: work }, timeout: 20_000, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function insert(card: PivCard): Promise<VpcdCard> {
  const vpcd = new VpcdCard(card, { port: pcscd.vpcdPorts[0]! });
  await vpcd.insert();
  inserted = vpcd;
  // OpenSC's own view of the reader: "Yes" in the Card column once pcscd has seen the card.
  await until(async () => /^0\s+Yes\s/m.test((await tool('opensc-tool', ['--list-readers'])).stdout), 'OpenSC to see the card in reader 0');
  return vpcd;
}

beforeAll(async () => {
  ({ module: pkcs11Module } = openscTools());
  work = await mkdtemp(join(tmpdir(), 'opensc-interop-'));
  pcscd = await startPrivatePcscd();
  const ca = await createTestCa('Interop Operator CA');
  alice = await ca.issue({ name: 'Alice Clerk' });
});

afterEach(async () => {
  await inserted?.remove();
  inserted = undefined;
  if (pcscd) await until(async () => /^0\s+No\s/m.test((await tool('opensc-tool', ['--list-readers'])).stdout), 'the card to leave reader 0');
});

afterAll(async () => {
  await pcscd?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('OpenSC reads the virtual PIV cards through pcscd + vpcd', () => {
  it('opensc-tool and pkcs15-tool: a PIV card, its CHUID byte for byte', async () => {
    const card = pivCard({ serial: '104242' });
    const vpcd = await insert(card);
    const name = await tool('opensc-tool', ['--reader', '0', '--name']);
    expect(name.stdout.trim(), name.stderr).toBe('Personal Identity Verification Card'); // OpenSC's PIV driver took it

    const out = join(work, 'chuid.bin');
    const read = await tool('pkcs15-tool', ['--reader', '0', '--read-data-object', '2.16.840.1.101.3.7.2.48.0', '--output', out]);
    expect(read.code, `${read.stdout}\n${read.stderr}`).toBe(0);
    expect(await readFile(out)).toEqual(card.chuid);
    // It went through the card: OpenSC selected the PIV application and asked for the CHUID.
    const commands = vpcd.commands().map((c) => c.toString('hex'));
    expect(commands).toContain('00a4040009a0000003080000100000');
    expect(commands.some((c) => c.startsWith('00cb3fff055c035fc102'))).toBe(true);
    // The mandatory objects OpenSC looks for are there now (Discovery, CCC, Card Authentication).
    const objects = await tool('pkcs15-tool', ['--reader', '0', '--list-certificates']);
    expect(objects.stdout).toMatch(/Card Authentication/);
  });

  it('pkcs15-tool reads an operator card\'s PIV Authentication certificate; pkcs11-tool signs with key 9A and openssl verifies', async () => {
    const card = pivCard({ operator: { certificateDer: alice.certificateDer, privateKeyScalar: alice.privateKeyScalar } });
    await insert(card);
    const certificate = await tool('pkcs15-tool', ['--reader', '0', '--read-certificate', '01']);
    expect(certificate.code, certificate.stderr).toBe(0);
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(certificate.stdout)?.[0];
    expect(pem, certificate.stdout).toBeDefined();
    expect(new X509Certificate(pem!).raw).toEqual(alice.certificateDer);

    const data = join(work, 'challenge.txt');
    const signaturePath = join(work, 'signature.der');
    const publicKeyPath = join(work, 'alice.pub.pem');
    await writeFile(data, 'station challenge 2026-12-07');
    await writeFile(publicKeyPath, createPublicKey(alice.privateKey).export({ type: 'spki', format: 'pem' }));
    const sign = await tool('pkcs11-tool', [
      '--module', pkcs11Module, '--slot-index', '0', '--login', '--pin', '123456',
      '--sign', '--id', '01', '--mechanism', 'ECDSA-SHA256', '--signature-format', 'openssl',
      '--input-file', data, '--output-file', signaturePath,
    ]);
    expect(sign.code, `${sign.stdout}\n${sign.stderr}`).toBe(0);
    expect(card.signatures).toBe(1); // made by the card (key 9A), after the PIN
    const check = await tool('openssl', ['dgst', '-sha256', '-verify', publicKeyPath, '-signature', signaturePath, data]);
    expect(check.stdout.trim(), check.stderr).toBe('Verified OK');
    expect(verify('sha256', await readFile(data), new X509Certificate(alice.certificateDer).publicKey, await readFile(signaturePath))).toBe(true);
  });

  it('pkcs11-tool with a wrong PIN: refused by the card, no signature made', async () => {
    const card = pivCard({ operator: { certificateDer: alice.certificateDer, privateKeyScalar: alice.privateKeyScalar } });
    await insert(card);
    const data = join(work, 'challenge2.txt');
    await writeFile(data, 'another challenge');
    const sign = await tool('pkcs11-tool', [
      '--module', pkcs11Module, '--slot-index', '0', '--login', '--pin', '654321',
      '--sign', '--id', '01', '--mechanism', 'ECDSA-SHA256', '--input-file', data, '--output-file', join(work, 'nothing.der'),
    ]);
    expect(sign.code).not.toBe(0);
    expect(`${sign.stdout}\n${sign.stderr}`).toMatch(/CKR_PIN_INCORRECT/);
    expect(card.signatures).toBe(0);
    expect(card.pinTriesLeft).toBe(2);
  });
});
