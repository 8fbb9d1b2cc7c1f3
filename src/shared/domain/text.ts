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

/**
 * Folds text for matching: accents and case do not matter ("Sean" finds "Seán",
 * "lukasz" finds "ŁUKASZ"). Never used for storage.
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/[đĐ]/g, 'd')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
