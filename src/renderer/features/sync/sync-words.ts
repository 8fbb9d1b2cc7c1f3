import type { SyncProblem, SyncStatus } from '../../../shared/contract';

/** The Sync page's big line: where the station stands, in one sentence. */
export function statusSentence(sync: SyncStatus): string {
  switch (sync.state) {
    case 'online':
      return sync.waiting > 0
        ? `Online: sending ${changes(sync.waiting)} to the central server.`
        : 'Online: everything saved on this station is on the central server.';
    case 'syncing':
      return 'Syncing: exchanging changes with the central server…';
    case 'offline':
      return sync.waiting > 0
        ? `Offline: work continues on this station; ${changes(sync.waiting)} will be sent when the server answers.`
        : 'Offline: work continues on this station; changes will be sent when the server answers.';
    case 'not-registered':
      return 'Not connected to a server: this station works on its own. Register it below to share its work with other stations.';
  }
}

export function changes(n: number): string {
  return n === 1 ? '1 change' : `${n} changes`;
}

/** What went wrong at the last attempt, and what to do about it. */
export const PROBLEM_ADVICE: Readonly<Record<SyncProblem, { title: string; fix: string; severity: 'warning' | 'error' }>> = {
  unreachable: {
    title: 'The central server did not answer',
    fix: 'Work continues on this station; changes are kept and sent when it answers again. Check the network cable or ask IT if this lasts.',
    severity: 'warning',
  },
  unauthorized: {
    title: 'The central server does not recognise this station',
    fix: 'The server did not accept this station’s credential. Changes are kept on this station and nothing is lost. Call the site administrator: they check the station on the server (npm run server-admin -- list-stations).',
    severity: 'error',
  },
  revoked: {
    title: "This station's access was withdrawn",
    fix: "An administrator withdrew this station's access to the central server, so it can no longer sync. Changes are kept on this station and nothing is lost. Call the site administrator: they take an encrypted backup of this station (station-admin backup-export) and set up a new one.",
    severity: 'error',
  },
  rejected: {
    title: 'The central server refused a change',
    fix: 'The change stays queued on this station and nothing is lost. Contact support and give them the message below.',
    severity: 'error',
  },
  'bad-response': {
    title: 'The central server answered something unreadable',
    fix: 'The station and the server may be different versions. Changes are kept on this station and sent again by itself. Contact support if this lasts.',
    severity: 'warning',
  },
  'server-error': {
    title: 'The central server had an error',
    fix: 'Changes are kept on this station and sent again by itself. Contact support if this lasts.',
    severity: 'warning',
  },
};

/** Only worth saying when the clock is off by more than a minute: the server's time is used anyway. */
export function clockOffsetSentence(offsetMs: number | null): string | undefined {
  if (offsetMs === null || Math.abs(offsetMs) <= 60_000) return undefined;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  // Offset is server time minus station time: positive means this computer is behind.
  const side = offsetMs > 0 ? 'behind' : 'ahead of';
  return `This computer's clock is ${amount} ${side} the server; the server's time is used.`;
}

/** Below this, the Sync page warns that Employee Numbers are running out. */
export const FEW_EMPLOYEE_NUMBERS = 50;
