/**
 * The auditor's check of an exported audit trail:
 *
 *   npm run audit-verify -- FILE [--public-key HEX] [--expect-head SEQ:HASH] [--json]
 *
 * FILE is a signed bundle from Audit › Export signed bundle, or the server's export
 * (`npm run server-admin -- audit-export --station ID --out FILE`). Prints what it found;
 * exits 0 when the trail is intact, 1 when anything was changed, removed, reordered or
 * cut off, 2 on a usage error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyBundle } from './bundle';

const USAGE = 'usage: npm run audit-verify -- FILE [--public-key HEX] [--expect-head SEQ:HASH] [--json]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { 'public-key': { type: 'string' }, 'expect-head': { type: 'string' }, json: { type: 'boolean' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const head = parsed.values['expect-head'];
  const match = head ? /^(\d+):([0-9a-f]{64})$/.exec(head) : null;
  if (head && !match) {
    console.error(`--expect-head is SEQ:HASH, e.g. 42:${'0'.repeat(64)}\n${USAGE}`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
    return 2;
  }
  const verdict = verifyBundle(json, {
    ...(parsed.values['public-key'] ? { publicKey: parsed.values['public-key'] } : {}),
    ...(match ? { expectHead: { seq: Number(match[1]), hash: match[2]! } } : {}),
  });
  if (parsed.values.json) console.log(JSON.stringify(verdict, null, 2));
  else if (verdict.ok) {
    console.log(`INTACT: ${verdict.entries} entries from station ${verdict.stationId}, each hashed, linked and signed; head ${verdict.head?.seq ?? 0} ${verdict.head?.hash ?? ''}`);
    if (!parsed.values['public-key']) console.log('Note: the key was taken from the file. Pass --public-key with the key the server holds for this station to rule out a re-signed copy.');
  } else {
    console.log(`NOT INTACT: ${verdict.findings.length} problem(s) in the trail of station ${verdict.stationId}:`);
    for (const f of verdict.findings) console.log(`  - ${f.message}`);
  }
  return verdict.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
