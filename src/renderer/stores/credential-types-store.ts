import { create } from 'zustand';
import type { StationApi } from '../../shared/contract';
import type { CredentialType } from '../../shared/domain/credential-types';
import type { ClerkError } from '../errors/clerk-messages';
import { describeCallFailure } from './station-info-store';

export interface CredentialTypesState {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  types: readonly CredentialType[];
  error?: ClerkError;
}

/**
 * The credential types this station offers: loaded at start, reloadable after a failure,
 * and kept current while the page is open — main announces `station:changed` when the
 * server's feed sets a new list, and the list is fetched again in place (an open form
 * keeps its draft; a failed refresh keeps the list shown).
 */
export const useCredentialTypes = create<CredentialTypesState>(() => ({ status: 'idle', types: [] }));

/** Stations whose `station:changed` this store already follows. */
const followed = new WeakSet<StationApi>();
let refreshing: Promise<void> | undefined;
let refreshAgain = false;

/** Follows the station's announcements; returns the function that stops following. */
export function followCredentialTypes(station: StationApi): () => void {
  followed.add(station);
  const stop = station.on('station:changed', () => void refreshCredentialTypes(station));
  return () => {
    followed.delete(station);
    stop();
  };
}

/** Fetches the list again without leaving the ready state; one refresh at a time, the last one wins. */
export async function refreshCredentialTypes(station: StationApi): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      try {
        const types = await station.credentialTypes.list();
        if (useCredentialTypes.getState().status !== 'loading') useCredentialTypes.setState({ status: 'ready', types, error: undefined });
      } catch {
        // The list shown stays; the next announcement or a reload tries again.
      }
    } while (refreshAgain);
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

export async function loadCredentialTypes(station: StationApi): Promise<void> {
  if (!followed.has(station)) followCredentialTypes(station);
  if (useCredentialTypes.getState().status === 'loading') return;
  useCredentialTypes.setState({ status: 'loading', error: undefined });
  try {
    const types = await station.credentialTypes.list();
    useCredentialTypes.setState({ status: 'ready', types, error: undefined });
  } catch (reason) {
    useCredentialTypes.setState({ status: 'failed', error: describeCallFailure(reason) });
  }
}

/** A type's name for display ("… (retired)" for a retired one); the raw id when this station no longer knows the type. */
export function credentialTypeName(types: readonly CredentialType[], id: string): string {
  const type = types.find((t) => t.id === id);
  if (!type) return id;
  return type.retired ? `${type.name} (retired)` : type.name;
}
