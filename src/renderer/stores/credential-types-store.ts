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

/** The credential types this station offers; loaded once at start, reloadable after a failure. */
export const useCredentialTypes = create<CredentialTypesState>(() => ({ status: 'idle', types: [] }));

export async function loadCredentialTypes(station: StationApi): Promise<void> {
  if (useCredentialTypes.getState().status === 'loading') return;
  useCredentialTypes.setState({ status: 'loading', error: undefined });
  try {
    const types = await station.credentialTypes.list();
    useCredentialTypes.setState({ status: 'ready', types, error: undefined });
  } catch (reason) {
    useCredentialTypes.setState({ status: 'failed', error: describeCallFailure(reason) });
  }
}

/** A type's name for display; the raw id when this station no longer knows the type. */
export function credentialTypeName(types: readonly CredentialType[], id: string): string {
  return types.find((t) => t.id === id)?.name ?? id;
}
