/**
 * Text rules shared by every field a clerk types.
 *
 * Names are stored exactly as typed (case, diacritics, apostrophes, hyphens, inner
 * spaces); only leading/trailing whitespace is trimmed. Characters a clerk cannot see
 * (control, format/bidi, private-use, unassigned, line separators) are refused because
 * they make two records look identical on screen while differing in the store.
 */

/** Control, format (incl. bidi overrides and zero-width), surrogate, private-use, unassigned, line/paragraph separators. */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** Whitespace other than the plain space (tabs are Cc, but NBSP and friends are Zs). */
const UNUSUAL_SPACE = /[\p{Zs}](?<! )/u;

export function findHiddenCharacter(value: string): string | undefined {
  const match = HIDDEN_CHARACTER.exec(value) ?? UNUSUAL_SPACE.exec(value);
  return match ? describeCodePoint(match[0]) : undefined;
}

export function describeCodePoint(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Length as a clerk counts it: code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  return [...value].length;
}

/** Letters NFKD does not split into a base letter and a mark. */
const UNSPLIT: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };
const NON_ASCII = /[^\p{ASCII}]/u;
const NON_ASCII_ALL = /[^\p{ASCII}]/gu;
const foldedChars = new Map<string, string>();

function foldChar(char: string): string {
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    folded = UNSPLIT[char] ?? char.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    if (foldedChars.size < 10_000) foldedChars.set(char, folded);
  }
  return folded;
}

/**
 * Folds text for matching: accents and case do not matter ("Sean" finds "Seán",
 * "lukasz" finds "ŁUKASZ"). Never used for storage. Folds character by character
 * (with a cache) because it runs over every applicant when the station starts.
 */
export function foldForSearch(value: string): string {
  let text = value.toLowerCase();
  if (NON_ASCII.test(text)) text = text.replace(NON_ASCII_ALL, foldChar);
  return text.replace(/\s+/g, ' ').trim();
}
