/**
 * Makes a demo PKI for operator sign-in (docs/virtual-cards.md, "Operator cards"):
 *
 *   npm run operator-cards -- create --out DIR [--names "Alice Clerk:clerk,Sam Supervisor:supervisor"] [--force]
 *
 * DIR/ca.pem is the organisation CA; DIR/<first name>/ holds certificate.pem, key.pem
 * (mode 0600) and operator.json ({ name, roles, fingerprint }) per operator, plus the
 * demo variants expired/, untrusted/ (another CA) and revoked/. `npm run card -- insert
 * operator --from DIR/alice` puts one into the virtual reader. Test keys only: the CA's
 * private key is not kept, and nothing here is fit for real operators.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Role } from '../src/shared/domain/roles';
import { createTestCa, untrustedOperator, type OperatorIdentity } from '../tests/support/operator-pki';

const DEFAULT_NAMES = 'Alice Clerk:clerk,Sam Supervisor:supervisor,Ada Admin:administrator';

const USAGE = `usage:
  npm run operator-cards -- create --out DIR [--names "NAME:ROLE[+ROLE],…"] [--force]

  --out    folder to write (created; refused if it already holds ca.pem, unless --force)
  --names  operators and their roles (clerk, supervisor, administrator; several joined by +)
           default: "${DEFAULT_NAMES}"`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

interface Wanted {
  name: string;
  roles: Role[];
}

function parseNames(text: string): Wanted[] {
  const wanted = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): Wanted => {
      const colon = entry.lastIndexOf(':');
      if (colon <= 0) fail(`"${entry}" needs a role: NAME:ROLE, e.g. "Alice Clerk:clerk"`);
      const name = entry.slice(0, colon).trim();
      const roles = entry
        .slice(colon + 1)
        .split('+')
        .map((r) => r.trim());
      for (const role of roles) if (!Role.safeParse(role).success) fail(`"${role}" is not a role: use ${Role.options.join(', ')}`);
      return { name, roles: roles as Role[] };
    });
  if (wanted.length === 0) fail('--names lists no operator');
  return wanted;
}

/** "Alice Clerk" → "alice"; the whole name when first names repeat. */
function folderNames(names: string[]): string[] {
  const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'operator';
  const first = names.map((n) => slug(n.split(/\s+/)[0] ?? n));
  const taken = new Set(['expired', 'untrusted', 'revoked']);
  return names.map((n, i) => {
    let folder = first.filter((f) => f === first[i]).length > 1 || taken.has(first[i]!) ? slug(n) : first[i]!;
    for (let k = 2; taken.has(folder); k++) folder = `${slug(n)}-${k}`;
    taken.add(folder);
    return folder;
  });
}

async function writeOperator(dir: string, identity: OperatorIdentity, roles: Role[], variant?: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'certificate.pem'), identity.certificatePem);
  // Write the key 0600 from the start, and again in case the file already existed.
  await writeFile(join(dir, 'key.pem'), identity.privateKeyPem, { mode: 0o600 });
  await chmod(join(dir, 'key.pem'), 0o600);
  const info = { name: identity.name, roles, fingerprint: identity.fingerprint, ...(variant ? { variant } : {}), notAfter: identity.notAfter.toISOString() };
  await writeFile(join(dir, 'operator.json'), `${JSON.stringify(info, null, 2)}\n`);
}

const quote = (s: string): string => (/^[\w./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`);

async function create(out: string, names: string, force: boolean): Promise<void> {
  const wanted = parseNames(names);
  const root = resolve(out);
  if (existsSync(join(root, 'ca.pem')) && !force) fail(`${out} already holds a CA (ca.pem); use another --out or --force to replace it`);
  await mkdir(root, { recursive: true });

  const ca = await createTestCa('Enrollment Station Demo Operator CA');
  await writeFile(join(root, 'ca.pem'), ca.certificatePem);
  const folders = folderNames(wanted.map((w) => w.name));
  const made: { folder: string; identity: OperatorIdentity; roles: Role[] }[] = [];
  for (const [i, w] of wanted.entries()) {
    const identity = await ca.issue({ name: w.name });
    await writeOperator(join(root, folders[i]!), identity, w.roles);
    made.push({ folder: folders[i]!, identity, roles: w.roles });
  }
  const expired = await ca.issue({ name: 'Eddie Expired', expired: true });
  await writeOperator(join(root, 'expired'), expired, ['clerk'], 'expired');
  const untrusted = await untrustedOperator('Uma Untrusted');
  await writeOperator(join(root, 'untrusted'), untrusted, ['clerk'], 'untrusted');
  const revoked = await ca.issue({ name: 'Rex Revoked' });
  await writeOperator(join(root, 'revoked'), revoked, ['clerk'], 'revoked');

  // Relative to where the command runs when inside it (shorter to copy), else absolute.
  const rel = relative(process.cwd(), root);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? root : rel;
  const at = (...parts: string[]): string => quote(join(shown, ...parts));
  const addOperator = (folder: string, identity: OperatorIdentity, roles: Role[]): string =>
    `   npm run server-admin -- add-operator --cert ${at(folder, 'certificate.pem')} --name ${quote(identity.name)} --roles ${roles.join(',')}`;

  console.log(`Wrote ${shown}/:
  ca.pem                the organisation CA (fingerprint ${ca.fingerprint})
${made.map((m) => `  ${`${m.folder}/`.padEnd(22)}${m.identity.name} (${m.roles.join(', ')})`).join('\n')}
  expired/              Eddie Expired: certificate expired on ${expired.notAfter.toISOString().slice(0, 10)}
  untrusted/            Uma Untrusted: issued by another CA the station does not trust
  revoked/              Rex Revoked: valid until you revoke it (step 3)
Each folder: certificate.pem, key.pem (0600, a test key), operator.json.

Next steps:
1. Trust the CA on the central server:
   npm run server-admin -- trust-ca --cert ${at('ca.pem')}
2. Register the operators (revoked too, so the station refuses it for the right reason; expired/
   cannot be registered — the server refuses an expired certificate — and untrusted/ neither:
   the station refuses both at sign-in, CERT_EXPIRED and CERT_UNTRUSTED):
${[...made.map((m) => addOperator(m.folder, m.identity, m.roles)), addOperator('revoked', revoked, ['clerk'])].join('\n')}
3. Revoke Rex's certificate:
   npm run server-admin -- revoke-cert ${revoked.fingerprint} --reason "demo: card lost"
4. Let the station sync (Station › Sync), then put an operator card into the virtual reader:
   npm run card -- insert operator --from ${at(made[0]!.folder)}        (PIN 123456; --pin to choose another)`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        names: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals[0] !== 'create' || positionals.length > 1) fail('the only command is "create"');
  if (!values.out) fail('create needs --out DIR');
  await create(values.out, values.names ?? DEFAULT_NAMES, values.force === true);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
