import { create } from 'zustand';
import type { ReaderStatus, StationApi } from '../../shared/contract';
import type { ClerkError } from '../errors/clerk-messages';
import { describeCallFailure } from './station-info-store';
import { loadAndFollow } from './load-and-follow';

export type ReaderInfo = ReaderStatus['readers'][number];

/**
 * How many times a card has gone into each reader since the station was followed: a
 * screen showing a card's details reads it again when this number moves.
 */
export type Insertions = Readonly<Record<string, number>>;

export type ReadersState = { insertions: Insertions } & (
  | { status: 'loading'; pcsc?: undefined; readers: readonly ReaderInfo[]; error?: undefined }
  | { status: 'ready'; pcsc: ReaderStatus['pcsc']; readers: readonly ReaderInfo[]; error?: undefined }
  | { status: 'failed'; pcsc?: undefined; readers: readonly ReaderInfo[]; error: ClerkError }
);

const NO_READERS: readonly ReaderInfo[] = [];
const NONE: Insertions = {};

/** The card readers PC/SC offers this station, and whether a card is in each: kept live. */
export const useReaders = create<ReadersState>(() => ({ status: 'loading', readers: NO_READERS, insertions: NONE }));

function countInsertions(before: ReadersState, after: ReaderStatus): Insertions {
  let insertions = before.insertions;
  for (const reader of after.readers) {
    if (reader.cardPresent && !findReader(before, reader.name)?.cardPresent) {
      insertions = { ...insertions, [reader.name]: (insertions[reader.name] ?? 0) + 1 };
    }
  }
  return insertions;
}

/**
 * The reader the clerk last enrolled with or chose at this station: + Device starts with it
 * while it is connected, so a clerk at a desk with two readers chooses once, not per applicant.
 */
export const useLastReader = create<{ name?: string }>(() => ({}));

export function rememberReader(name: string): void {
  useLastReader.setState({ name });
}

/**
 * The reader + Device starts with, when the clerk has not chosen one in this dialog: the
 * one last used (if connected), else the only reader, else the only reader holding a card.
 */
export function defaultReader(readers: readonly ReaderInfo[], lastUsed: string | undefined): string {
  if (lastUsed !== undefined && readers.some((r) => r.name === lastUsed)) return lastUsed;
  if (readers.length === 1) return readers[0]!.name;
  const withCard = readers.filter((r) => r.cardPresent);
  return withCard.length === 1 ? withCard[0]!.name : '';
}

/**
 * Loads the readers and follows `readers:changed`. Returns the function that stops
 * following (for the App's effect cleanup).
 */
export function followReaders(station: StationApi): () => void {
  useReaders.setState({ status: 'loading', readers: NO_READERS, insertions: NONE }, true);
  return loadAndFollow(station, 'readers:changed', () => station.readers.status(), {
    ready: (status) =>
      useReaders.setState(
        (before) => ({ status: 'ready', pcsc: status.pcsc, readers: status.readers, insertions: countInsertions(before, status) }),
        true,
      ),
    failed: (reason) => useReaders.setState({ status: 'failed', readers: NO_READERS, insertions: NONE, error: describeCallFailure(reason) }, true),
  });
}

/** The words on the top bar's reader chip. */
export function readersLabel(state: ReadersState): string {
  if (state.status === 'loading' || state.pcsc === 'starting') return 'Card readers starting…';
  if (state.status === 'failed') return 'Card readers unavailable';
  if (state.pcsc === 'service-not-running') return 'PC/SC service not running';
  const { readers } = state;
  if (readers.length === 0) return 'No card reader';
  const withCard = readers.filter((r) => r.cardPresent);
  const cards = withCard.length === 0 ? 'no card' : withCard.length === 1 ? `card in ${withCard[0]!.name}` : `${withCard.length} cards in`;
  return `Readers: ${readers.length} · ${cards}`;
}

/**
 * The chip's words on narrower top bars: "Readers: 1 · card", then "Card in". Each is
 * part of the full words, which stay the chip's accessible name.
 */
export function readersShortLabels(state: ReadersState): { short: string; compact: string } {
  if (state.status !== 'ready' || state.pcsc !== 'running' || state.readers.length === 0) {
    const label = readersLabel(state);
    return { short: label, compact: label };
  }
  const anyCard = state.readers.some((r) => r.cardPresent);
  return { short: `Readers: ${state.readers.length} · ${anyCard ? 'card' : 'no card'}`, compact: anyCard ? 'Card in' : 'No card' };
}

/** Whether the readers are all right, worth a look, or out of order (the chip's colour). */
export function readersHealth(state: ReadersState): 'ok' | 'attention' | 'down' | 'waiting' {
  if (state.status === 'loading' || state.pcsc === 'starting') return 'waiting';
  if (state.status === 'failed' || state.pcsc === 'service-not-running') return 'down';
  return state.readers.length === 0 ? 'attention' : 'ok';
}

/** One reader by name, if it is still there. */
export function findReader(state: ReadersState, name: string): ReaderInfo | undefined {
  return state.readers.find((r) => r.name === name);
}
