import { describe, expect, it } from 'vitest';
import { markReplaced, pivCredentialOf, replacementPlan, type Device } from './device';

const device = (over: Partial<Device>): Device => ({
  id: 'd1',
  employeeNumber: '10000001',
  serialNumber: '1234-5678-000007-0-1',
  cardType: 'piv',
  cardFamily: 'PIV',
  atr: '3B',
  readerName: 'Reader',
  status: 'Added',
  enrolledAt: '2026-12-07T10:00:00.000Z',
  enrolledBy: 'Clerk',
  stationId: 's1',
  credentials: [{ id: 'c1', credentialTypeId: 'piv-employee', status: 'ISSUED', issuedAt: '2026-12-07T10:00:00.000Z' }],
  ...over,
});

describe('replacement cards (issue 14, item 4)', () => {
  it('reads the credential and which card of it a PIV Serial Number is; GUIDs, UIDs, old records and the placeholder carry none', () => {
    expect(pivCredentialOf('1234-5678-000007-1-2')).toEqual({ credential: '1234-5678-000007', series: 1, issue: 2 });
    expect(pivCredentialOf('9999-9999-999999-0-1')).toBeUndefined();
    expect(pivCredentialOf('1234-5678-000007')).toBeUndefined();
    expect(pivCredentialOf('3a6f2c1e-0d4b-4c8e-9f1a-2b3c4d5e6f70')).toBeUndefined();
    expect(pivCredentialOf('04A1B2C3D4E5F6')).toBeUndefined();
  });

  it('a card with the same credential number and a higher issue or series replaces the same person’s card', () => {
    const old = device({});
    expect(replacementPlan({ serialNumber: '1234-5678-000007-0-2', employeeNumber: '10000001' }, [old])).toEqual({ replaces: [old] });
    expect(replacementPlan({ serialNumber: '1234-5678-000007-1-0', employeeNumber: '10000001' }, [old])).toEqual({ replaces: [old] });
    // Another credential number, the same card, or a card already Replaced: nothing to replace.
    expect(replacementPlan({ serialNumber: '1234-5678-000008-0-2', employeeNumber: '10000001' }, [old])).toEqual({ replaces: [] });
    expect(replacementPlan({ serialNumber: '1234-5678-000007-0-1', employeeNumber: '10000001' }, [old])).toEqual({ replaces: [] });
    expect(replacementPlan({ serialNumber: '1234-5678-000007-0-3', employeeNumber: '10000001' }, [device({ status: 'Replaced' })])).toEqual({ replaces: [] });
  });

  it('refuses a card of a credential that belongs to another person, and a card older than one already enrolled', () => {
    const old = device({});
    expect(replacementPlan({ serialNumber: '1234-5678-000007-0-2', employeeNumber: '10000002' }, [old])).toEqual({ refused: 'assigned-elsewhere', device: old });
    const newer = device({ id: 'd2', serialNumber: '1234-5678-000007-0-3' });
    expect(replacementPlan({ serialNumber: '1234-5678-000007-0-2', employeeNumber: '10000001' }, [newer])).toEqual({ refused: 'superseded', device: newer });
    // The newest card is the one named, whichever order the devices are in.
    const newest = device({ id: 'd3', serialNumber: '1234-5678-000007-1-0' });
    expect(replacementPlan({ serialNumber: '1234-5678-000007-0-0', employeeNumber: '10000001' }, [old, newest, newer])).toEqual({ refused: 'superseded', device: newest });
  });

  it('placeholder FASC-N cards (GUID Serial Numbers) and contactless cards replace nothing', () => {
    const guid = device({ serialNumber: '3a6f2c1e-0d4b-4c8e-9f1a-2b3c4d5e6f70' });
    expect(replacementPlan({ serialNumber: '4b7a3d2f-1e5c-4d9f-8a2b-3c4d5e6f7081', employeeNumber: '10000001' }, [guid])).toEqual({ replaces: [] });
  });

  it('marks the old card Replaced and revokes its ISSUED and PENDING credentials with the reason; REJECTED stays', () => {
    const old = device({
      credentials: [
        { id: 'c1', credentialTypeId: 't', status: 'ISSUED', issuedAt: '2026-12-07T10:00:00.000Z' },
        { id: 'c2', credentialTypeId: 't', status: 'PENDING', issuedAt: '2026-12-07T10:00:00.000Z' },
        { id: 'c3', credentialTypeId: 't', status: 'REJECTED', issuedAt: '2026-12-07T10:00:00.000Z' },
      ],
    });
    const replaced = markReplaced(old, { id: 'd2', serialNumber: '1234-5678-000007-0-2' }, '2026-12-07T11:00:00.000Z');
    expect(replaced.status).toBe('Replaced');
    expect(replaced.replacedBy).toEqual({ deviceId: 'd2', serialNumber: '1234-5678-000007-0-2', at: '2026-12-07T11:00:00.000Z' });
    expect(replaced.credentials.map((c) => [c.status, c.statusReason])).toEqual([
      ['REVOKED', 'Replaced by card 1234-5678-000007-0-2'],
      ['REVOKED', 'Replaced by card 1234-5678-000007-0-2'],
      ['REJECTED', undefined],
    ]);
  });
});
