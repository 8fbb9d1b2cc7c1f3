import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Applicant } from '../../src/shared/domain/applicant';
import type { FeedEntry, Review } from '../../src/shared/contract/server-protocol';
import { CONFIG_FILE } from '../../src/main/config';
import { startStation, type Station } from '../../src/main/station';
import { keyFileProvider } from '../../src/main/store/key-providers';
import { ServerClient } from '../../src/main/sync/server-client';
import { smartcardDevices } from '../../src/main/reader/smartcard-devices';

/** Fast retries so a test sees a station come back within a second or two of the server. */
export const FAST_SYNC = { blockSize: 500, refillBelow: 100, longPollSeconds: 2, firstRetryMs: 100, maxRetryMs: 800 };

/** A real station (the same composition root as both hosts) on its own data folder. */
export async function openStation(dataDir: string, options: { name: string; sync?: Partial<typeof FAST_SYNC> }): Promise<Station> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, CONFIG_FILE), JSON.stringify({ stationName: options.name, sync: { ...FAST_SYNC, ...options.sync } }));
  return startStation({ dataDir, keys: keyFileProvider(join(dataDir, 'key'), { create: true }), version: 'test', pcsc: smartcardDevices, operator: `Clerk at ${options.name}` });
}

/** What the server holds, read the way any station reads it: the whole change feed. */
export interface ServerView {
  applicants: Map<string, Applicant>;
  reviews: Map<string, Review>;
  /** Every applicant.upserted entry, to count how often each person arrived. */
  entries: FeedEntry[];
}

/** Registers a read-only probe station and reads the server's whole feed with it. */
export async function serverProbe(serverUrl: string, token: string): Promise<{ read(): Promise<ServerView> }> {
  const stationId = randomUUID();
  const registered = await new ServerClient(serverUrl, undefined).register({ token, stationId, stationName: 'Test probe' });
  const client = new ServerClient(serverUrl, { stationId, secret: registered.body.secret });
  return {
    async read() {
      const view: ServerView = { applicants: new Map(), reviews: new Map(), entries: [] };
      let after = 0;
      for (;;) {
        const { body } = await client.pull(after, { limit: 1000 });
        for (const entry of body.changes) {
          view.entries.push(entry);
          if (entry.change.kind === 'applicant.upserted') view.applicants.set(entry.change.applicant.employeeNumber, entry.change.applicant);
          if (entry.change.kind === 'review.upserted') view.reviews.set(entry.change.review.id, entry.change.review);
        }
        after = body.cursor;
        if (!body.hasMore) return view;
      }
    },
  };
}

let counter = 0;
/** A distinct person each call (unique email), with a mobile credential type. */
export function person(site: string, overrides: Record<string, string> = {}) {
  counter += 1;
  return { firstName: `Person${counter}`, lastName: site, credentialTypeId: 'mobile-pacs-employee', email: `p${counter}.${site.toLowerCase().replace(/\W/g, '')}@example.org`, ...overrides };
}
