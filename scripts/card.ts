/**
 * Puts a virtual card into a vpcd reader of the SYSTEM pcscd, for trying the station
 * without hardware (docs/virtual-cards.md):
 *
 *   npm run card -- insert piv [--serial 4242] [--pin 123456] [--port 35963]
 *   npm run card -- insert contactless --uid 04A23B7A [--reader 1]
 *   npm run card -- insert unknown
 *   npm run card -- insert operator --from DIR/alice [--pin 123456]   (made by npm run operator-cards)
 *
 * The card stays in until Ctrl+C (which removes it). Every APDU is printed as it happens.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toHex } from '../tests/support/pcsc/bytes';
import { contactlessCard, pivCard, unknownCard } from '../tests/support/pcsc/virtual-cards';
import { VpcdCard, type CardBehaviour } from '../tests/support/pcsc/vpcd-card';

/** vpcd's default ports (/etc/reader.conf.d/vpcd: 0x8C7B): "Virtual PCD 00 00" and "Virtual PCD 00 01". */
const SYSTEM_VPCD_PORT = 35963;

const USAGE = `usage:
  npm run card -- insert piv [--serial DIGITS] [--pin 123456] [--port 35963 | --reader 0|1] [--vanish-on N]
  npm run card -- insert contactless --uid 04A23B7A [--port … | --reader …] [--vanish-on N]
  npm run card -- insert unknown [--port … | --reader …]
  npm run card -- insert operator --from DIR/alice [--pin 123456] [--port … | --reader …]

  --port      vpcd port (default 35963 = "Virtual PCD 00 00"; 35964 = "Virtual PCD 00 01")
  --reader    0 or 1: shorthand for the two default ports
  --host      where vpcd listens (default 127.0.0.1)
  --vanish-on pull the card out, unanswered, when its N-th APDU arrives
  --from      an operator's folder made by "npm run operator-cards -- create" (certificate.pem, key.pem)
The card stays inserted until Ctrl+C.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

/** The card to insert, and what to print about it. */
function cardFrom(kind: string | undefined, values: { serial?: string; pin?: string; uid?: string; from?: string }): { behaviour: CardBehaviour; details: string[] } {
  switch (kind) {
    case 'piv': {
      const piv = pivCard({ serial: values.serial, pin: values.pin });
      return {
        behaviour: piv,
        details: [
          `serial ${piv.serial}, PIN ${values.pin ?? '123456'} (${piv.pinTriesLeft} tries)`,
          `FASC-N ${piv.fascn.toString('hex').toUpperCase()} (${Object.values(piv.fascnFields).join(' ')})`,
          `GUID ${piv.guid.toString('hex').toUpperCase()}, expires ${piv.expires}`,
        ],
      };
    }
    case 'contactless': {
      if (!values.uid) fail('contactless needs --uid (4, 7 or 10 bytes in hex, e.g. 04A23B7A)');
      const card = contactlessCard({ uid: values.uid });
      return { behaviour: card, details: [`UID ${toHex(card.uid)}`] };
    }
    case 'unknown':
      return { behaviour: unknownCard(), details: [] };
    case 'operator': {
      if (!values.from) fail('operator needs --from DIR/<name> (a folder made by npm run operator-cards -- create)');
      const operator = readOperatorFolder(values.from);
      const piv = pivCard({ serial: values.serial, pin: values.pin, operator: { certificateDer: operator.certificateDer, privateKey: operator.privateKey } });
      return {
        behaviour: piv,
        details: [`operator ${operator.subject}, PIN ${values.pin ?? '123456'} (${piv.pinTriesLeft} tries)`, `certificate valid ${operator.validFrom} – ${operator.validTo}`],
      };
    }
    default:
      return fail(`unknown card type ${JSON.stringify(kind)}: piv, contactless, unknown or operator`);
  }
}

/** certificate.pem and key.pem of an operator folder, with plain words when either is missing or unreadable. */
function readOperatorFolder(dir: string) {
  const read = (file: string): string => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch (error) {
      throw new Error(`cannot read ${join(dir, file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is --from a folder made by npm run operator-cards -- create?`);
    }
  };
  const certificatePem = read('certificate.pem');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error) {
    throw new Error(`${join(dir, 'certificate.pem')} is not a certificate: ${(error as Error).message}`, { cause: error });
  }
  const privateKey = createPrivateKey(read('key.pem'));
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${join(dir, 'key.pem')} must be an EC P-256 key (PIV algorithm 11)`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new Error(`${join(dir, 'key.pem')} does not belong to ${join(dir, 'certificate.pem')}`);
  return { certificateDer: certificate.raw, privateKey, subject: certificate.subject.replace(/\n/g, ', '), validFrom: certificate.validFrom, validTo: certificate.validTo };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        serial: { type: 'string' },
        pin: { type: 'string' },
        uid: { type: 'string' },
        port: { type: 'string' },
        reader: { type: 'string' },
        host: { type: 'string' },
        'vanish-on': { type: 'string' },
        from: { type: 'string' },
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
  const [command, kind] = positionals;
  if (command !== 'insert') fail('the only command is "insert"');

  let port = SYSTEM_VPCD_PORT;
  if (values.port !== undefined) port = Number(values.port);
  else if (values.reader !== undefined) port = SYSTEM_VPCD_PORT + Number(values.reader);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail('--port must be a TCP port, --reader 0 or 1');
  const vanishOn = values['vanish-on'] === undefined ? undefined : Number(values['vanish-on']);
  if (vanishOn !== undefined && (!Number.isInteger(vanishOn) || vanishOn < 1)) fail('--vanish-on must be a positive integer');

  let chosen: { behaviour: CardBehaviour; details: string[] };
  try {
    chosen = cardFrom(kind, values);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { behaviour, details } = chosen;
  const card = new VpcdCard(behaviour, { port, host: values.host, vanishOnApdu: vanishOn });
  try {
    await card.insert();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}
Start the system pcscd first: sudo systemctl start pcscd (or sudo pcscd -f -d in another terminal).`);
    process.exit(1);
  }

  const readerGuess = port === SYSTEM_VPCD_PORT ? ' ("Virtual PCD 00 00")' : port === SYSTEM_VPCD_PORT + 1 ? ' ("Virtual PCD 00 01")' : '';
  console.log(`Inserted a ${behaviour.kind} card into vpcd at ${card.host}:${port}${readerGuess}`);
  for (const line of [`ATR ${toHex(behaviour.atr)}`, ...details]) console.log(`  ${line}`);
  console.log('Ctrl+C removes it.');

  card.onApdu((exchange) => {
    const response = exchange.response ? toHex(exchange.response) : '(no answer: card vanished)';
    console.log(`  #${exchange.index} > ${toHex(exchange.command)}\n     < ${response}`);
  });
  card.onDisconnect((reason) => {
    if (reason === 'removed') return;
    console.log(reason === 'vanished' ? 'Card vanished mid-exchange (as asked).' : `Reader dropped the card (${reason}): pcscd stopped?`);
    process.exit(reason === 'vanished' ? 0 : 1);
  });
  process.once('SIGINT', () => {
    void card.remove().then(() => {
      console.log(`\nRemoved (${card.exchanges.length} APDU(s) exchanged).`);
      process.exit(0);
    });
  });
  process.once('SIGTERM', () => void card.remove().then(() => process.exit(0)));
}

void main();
