import type { Applicant, ApplicantInput } from '../../shared/domain/applicant';
import { identityKeys, type Duplicate, type DuplicateKey } from '../../shared/domain/duplicates';
import { matchesAll, queryWords, searchHaystack } from '../../shared/domain/search';
import type { Change } from '../store/changes';

const FIELDS: readonly DuplicateKey[] = ['externalLinkingKey', 'email', 'userPrincipalName'];
/** Applicants indexed per event-loop turn at start (≈ 5 ms). */
const BUILD_SLICE = 2_000;
/** Applicants scanned per event-loop turn by a search (≈ 5 ms). */
const SEARCH_SLICE = 100_000;

/**
 * In-memory lookups over the store's applicants, so a duplicate check, a number
 * allocation and a search stay fast at 100,000 people. Built once at start-up and
 * kept current from every committed change. Built a slice per event-loop turn, so a
 * million people never stall the station; `ready` says when it is complete.
 */
export class ApplicantIndex {
  private readonly byIdentity: Record<DuplicateKey, Map<string, string>> = {
    externalLinkingKey: new Map(),
    email: new Map(),
    userPrincipalName: new Map(),
  };
  private readonly numbers = new Set<number>();
  /** Folded search text, in the same order as the store's applicants. */
  private readonly haystacks: string[] = [];
  private readonly positionOf = new Map<string, number>();
  private readonly current: Applicant[] = [];

  /** Resolves once every applicant the store held at start is indexed (built a slice per event-loop turn). */
  readonly ready: Promise<void>;
  /** Changes committed while the index was still being built, applied once it is. */
  private pending: Change[] | undefined = [];

  constructor(applicants: readonly Applicant[]) {
    const existing = applicants.slice(); // the store's array grows with commits while this builds
    this.ready = (async () => {
      for (let at = 0; at < existing.length; at += BUILD_SLICE) {
        for (const applicant of existing.slice(at, at + BUILD_SLICE)) this.add(applicant);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const pending = this.pending ?? [];
      this.pending = undefined;
      this.apply(pending);
    })();
  }

  apply(changes: readonly Change[]): void {
    if (this.pending) {
      this.pending.push(...changes);
      return;
    }
    for (const change of changes) {
      if (change.kind === 'applicant.added' || change.kind === 'applicant.upserted') this.add(change.applicant);
    }
  }

  /** Adds an applicant, or replaces the one with the same Employee Number (the server's copy). */
  private add(applicant: Applicant): void {
    const at = this.positionOf.get(applicant.employeeNumber);
    if (at !== undefined) this.forgetIdentity(this.current[at]!);
    this.numbers.add(Number(applicant.employeeNumber));
    const keys = identityKeys(applicant);
    for (const field of FIELDS) {
      const value = keys[field];
      if (value !== undefined && !this.byIdentity[field].has(value)) this.byIdentity[field].set(value, applicant.employeeNumber);
    }
    if (at === undefined) {
      this.positionOf.set(applicant.employeeNumber, this.haystacks.length);
      this.haystacks.push(searchHaystack(applicant));
      this.current.push(applicant);
    } else {
      this.haystacks[at] = searchHaystack(applicant);
      this.current[at] = applicant;
    }
  }

  private forgetIdentity(applicant: Applicant): void {
    const keys = identityKeys(applicant);
    for (const field of FIELDS) {
      const value = keys[field];
      if (value !== undefined && this.byIdentity[field].get(value) === applicant.employeeNumber) this.byIdentity[field].delete(value);
    }
  }

  isTaken = (employeeNumber: string): boolean => this.numbers.has(Number(employeeNumber));

  /** The first applicant sharing a linking key, email or UPN with the input (same rules as `findDuplicate`). */
  findDuplicate(input: ApplicantInput): Duplicate | undefined {
    let employeeNumber: string | undefined;
    const matchedOn: DuplicateKey[] = [];
    const keys = identityKeys(input);
    for (const field of FIELDS) {
      const value = keys[field];
      const owner = value === undefined ? undefined : this.byIdentity[field].get(value);
      if (owner && (employeeNumber === undefined || owner === employeeNumber)) {
        employeeNumber = owner;
        matchedOn.push(field);
      }
    }
    return employeeNumber ? { employeeNumber, matchedOn } : undefined;
  }

  /**
   * Search (same rules as `searchApplicants`): positions in the store of the applicants
   * matching every word, newest first, and how many match. Scanned a slice per event-loop
   * turn: at a million people a scan is tens of milliseconds the station must not stall for.
   */
  async search(text: string, limit: number): Promise<{ positions: number[]; total: number }> {
    await this.ready;
    const words = queryWords(text);
    const positions: number[] = [];
    let total = 0;
    for (let end = this.haystacks.length; end > 0; end -= SEARCH_SLICE) {
      const start = Math.max(0, end - SEARCH_SLICE);
      for (let i = end - 1; i >= start; i--) {
        if (!matchesAll(this.haystacks[i]!, words)) continue;
        total += 1;
        if (positions.length < limit) positions.push(i);
      }
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return { positions, total };
  }
}
