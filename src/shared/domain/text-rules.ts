import { ApplicantInput, FIELD_LABELS, LIMITS, type Applicant } from './applicant';
import type { Device } from './device';
import { codePointLength, describeCodePoint, findHiddenCharacter } from './text';

/**
 * One set of text rules for every tier: the station's forms, the central server's routes
 * (every string of every request, pushed mutations included) and the station reading the
 * server's feed. Built on the rules in `text.ts` and `applicant.ts`; nothing here is new
 * syntax, only where each rule applies and with which limit.
 */

/** Limits in characters (code points), as the station counts them. */
export const TEXT_LIMITS = {
  ...LIMITS,
  /** `stationName` (station.config.json, registration, tokens). */
  stationName: 60,
  /** An operator's name in the registry. */
  operatorName: 120,
  /** Who did something, as recorded with a change: createdBy, enrolledBy, requestedBy, decidedBy, resolvedBy. */
  actor: 200,
  /** Reasons for suspend / resume / revoke, rejections, revoked certificates. */
  reason: 500,
  /** A card's Serial Number (FASC-N, GUID or UID as read). */
  serialNumber: 100,
  /** Record ids (devices, credentials) and station ids. */
  id: 100,
  /** The ATR as hex bytes, a card family's name, a reader's name. */
  atr: 200,
  cardFamily: 100,
  readerName: 200,
  /** A door's id. */
  doorId: 64,
  /** An operator certificate's SHA-256 fingerprint (64 hex digits). */
  fingerprint: 64,
} as const;

/**
 * Characters neither PostgreSQL nor PGlite can hold in `text` or `jsonb`: U+0000 and a
 * UTF-16 surrogate without its pair (U+D800–U+DFFF). Undefined when there is none.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this finds
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function findUnstorableCharacter(value: string): string | undefined {
  const match = UNSTORABLE.exec(value);
  return match ? describeCodePoint(match[0]) : undefined;
}

export interface TextRule {
  /** How the field is named in the message (the form's label, or its path in a request). */
  label: string;
  /** Most characters (code points); absent: no limit of its own (the schema's applies). */
  max?: number;
  /** Line breaks (CR, LF) allowed: PEM certificates. */
  multiline?: boolean;
  /** Only what the database cannot hold is refused (signed records written elsewhere: audit entries). */
  storableOnly?: boolean;
}

/** Why `value` breaks `rule`, in words that say what to do; undefined when it is fine. */
export function checkText(value: string, rule: TextRule): string | undefined {
  const unstorable = findUnstorableCharacter(value);
  if (unstorable) return `${rule.label} contains ${unstorable}, which cannot be stored; remove it`;
  if (rule.max !== undefined) {
    const length = codePointLength(value);
    if (length > rule.max) return `${rule.label} can be at most ${rule.max} characters (it has ${length})`;
  }
  if (rule.storableOnly) return undefined;
  const hidden = findHiddenCharacter(rule.multiline ? value.replace(/\r?\n/g, '') : value);
  if (hidden) return `${rule.label} contains an invisible or control character (${hidden}); retype it`;
  return undefined;
}

export interface TextIssue {
  /** Dotted path of the field: `applicant.firstName`, `phone.deviceId`, `mutations.0.mutation.reason`. */
  path: string;
  message: string;
}

/** Calls `visit` for every string in `value` (object keys too), with its dotted path. */
function eachString(value: unknown, visit: (path: string, text: string, isKey: boolean) => void, path = ''): void {
  if (typeof value === 'string') {
    visit(path, value, false);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => eachString(item, visit, path ? `${path}.${index}` : String(index)));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      visit(at, key, true);
      eachString(item, visit, at);
    }
  }
}

/**
 * Every string in `value` against the rules that hold for any text (nothing the database
 * cannot hold, nothing invisible); `rules` names the fields with more (a limit, line breaks).
 */
export function textIssues(value: unknown, rules: (path: string) => Omit<TextRule, 'label'> | undefined = () => undefined, prefix = ''): TextIssue[] {
  const issues: TextIssue[] = [];
  eachString(value, (path, text, isKey) => {
    const at = prefix ? `${prefix}.${path}` : path;
    const rule = isKey ? {} : (rules(path) ?? {});
    const message = checkText(text, { ...rule, label: isKey ? `The field name ${JSON.stringify(text.slice(0, 40))}` : at });
    if (message) issues.push({ path: at, message });
  });
  return issues;
}

const APPLICANT_FIELDS = Object.keys(FIELD_LABELS) as Array<keyof typeof FIELD_LABELS>;

/**
 * An applicant record (pushed by a station, or received in the feed) against the rules
 * the Add Applicant form applies: the same labels, limits and messages.
 */
export function applicantTextIssues(applicant: Applicant, prefix = 'applicant'): TextIssue[] {
  const issues: TextIssue[] = [];
  const typed = Object.fromEntries(APPLICANT_FIELDS.filter((f) => applicant[f] !== undefined).map((f) => [f, applicant[f]]));
  const parsed = ApplicantInput.safeParse(typed);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  const others = { ...applicant } as Record<string, unknown>;
  for (const field of APPLICANT_FIELDS) delete others[field];
  issues.push(...textIssues(others, (path) => (path === 'createdBy' ? { max: TEXT_LIMITS.actor } : path === 'stationId' ? { max: TEXT_LIMITS.id } : path === 'createdByFingerprint' ? { max: TEXT_LIMITS.fingerprint } : undefined), prefix));
  return dedupe(issues);
}

const DEVICE_RULES: Record<string, Omit<TextRule, 'label'>> = {
  id: { max: TEXT_LIMITS.id },
  serialNumber: { max: TEXT_LIMITS.serialNumber },
  cardFamily: { max: TEXT_LIMITS.cardFamily },
  atr: { max: TEXT_LIMITS.atr },
  readerName: { max: TEXT_LIMITS.readerName },
  enrolledBy: { max: TEXT_LIMITS.actor },
  stationId: { max: TEXT_LIMITS.id },
  enrolledByFingerprint: { max: TEXT_LIMITS.fingerprint },
};

/** A device record (+ Device) against the same rules: serial number, reader, who enrolled it, its credentials. */
export function deviceTextIssues(device: Device, prefix = 'device'): TextIssue[] {
  return textIssues(
    device,
    (path) => {
      if (DEVICE_RULES[path]) return DEVICE_RULES[path];
      if (/^credentials\.\d+\.id$/.test(path)) return { max: TEXT_LIMITS.id };
      if (/^credentials\.\d+\.decision\.reason$/.test(path)) return { max: TEXT_LIMITS.reason };
      if (/^credentials\.\d+\.decision\.decidedBy$/.test(path)) return { max: TEXT_LIMITS.actor };
      if (/^credentials\.\d+\.decision\.decidedByFingerprint$/.test(path)) return { max: TEXT_LIMITS.fingerprint };
      if (/^credentials\.\d+\.decision\.stationId$/.test(path)) return { max: TEXT_LIMITS.id };
      return undefined;
    },
    prefix,
  );
}

/** One sentence naming the fields and why, for a refusal (at most `max` issues listed). */
export function describeTextIssues(issues: readonly TextIssue[], max = 3): string {
  const listed = issues.slice(0, max).map((i) => (i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`));
  return listed.join('; ') + (issues.length > max ? `; and ${issues.length - max} more` : '');
}

function dedupe(issues: TextIssue[]): TextIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0001${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
