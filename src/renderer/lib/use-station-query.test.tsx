// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicantRecord } from '../../shared/contract';
import { fakeStation } from '../test-support/station-fake';
import { sampleApplicant } from '../test-support/samples';
import { withStation } from '../test-support/with-station';
import { useStationQuery, type StationQueryOptions } from './use-station-query';

const flush = () => act(async () => {});

/** A station whose `applicants:get` answers only when the test says, per Employee Number. */
function slowStation() {
  const waiting: { employeeNumber: string; answer: () => void; fail: () => void }[] = [];
  const station = fakeStation({
    'applicants:get': ({ employeeNumber }) =>
      new Promise<ApplicantRecord>((resolve, reject) =>
        waiting.push({
          employeeNumber,
          answer: () => resolve({ applicant: sampleApplicant({ employeeNumber }), history: [] }),
          fail: () => reject({ code: 'APPLICANT_NOT_FOUND', message: `No applicant ${employeeNumber}` }),
        }),
      ),
  });
  return { station, waiting };
}

function renderQuery(station: ReturnType<typeof fakeStation>, employeeNumber: string, options: StationQueryOptions = {}) {
  return renderHook(
    ({ employeeNumber, options }: { employeeNumber: string; options: StationQueryOptions }) =>
      useStationQuery((api) => api.applicants.get({ employeeNumber }), [employeeNumber], options),
    { initialProps: { employeeNumber, options }, wrapper: withStation(station.station) },
  );
}

const shown = (data: ApplicantRecord | undefined) => data?.applicant.employeeNumber;

describe('useStationQuery', () => {
  afterEach(cleanup);

  it('loads, and keeps the answer on screen while a reload runs', async () => {
    const { station, waiting } = slowStation();
    const { result } = renderQuery(station, '10000001');
    await flush();
    expect(result.current).toMatchObject({ data: undefined, error: undefined, loading: true });
    await act(async () => waiting[0]!.answer());
    expect(shown(result.current.data)).toBe('10000001');
    expect(result.current.loading).toBe(false);

    act(() => result.current.reload());
    await flush();
    expect(waiting).toHaveLength(2);
    expect(result.current.loading).toBe(true);
    expect(shown(result.current.data)).toBe('10000001');
  });

  it('drops an answer that arrives after a newer request', async () => {
    const { station, waiting } = slowStation();
    const { result, rerender } = renderQuery(station, '10000001');
    await flush();
    rerender({ employeeNumber: '10000002', options: {} });
    await flush();
    await act(async () => waiting[1]!.answer());
    expect(shown(result.current.data)).toBe('10000002');
    await act(async () => waiting[0]!.answer());
    expect(shown(result.current.data)).toBe('10000002');
    expect(result.current.loading).toBe(false);
  });

  it('shows nothing for other deps unless told to keep the previous answer', async () => {
    const { station, waiting } = slowStation();
    const plain = renderQuery(station, '10000001');
    const keeping = renderQuery(station, '10000001', { keepPrevious: true });
    await flush();
    await act(async () => waiting.forEach((w) => w.answer()));
    plain.rerender({ employeeNumber: '10000002', options: {} });
    keeping.rerender({ employeeNumber: '10000002', options: { keepPrevious: true } });
    await flush();
    expect(plain.result.current).toMatchObject({ data: undefined, loading: true });
    expect(shown(keeping.result.current.data)).toBe('10000001');
    expect(keeping.result.current.loading).toBe(true);
  });

  it("turns a failure into the clerk's words", async () => {
    const { station, waiting } = slowStation();
    const { result } = renderQuery(station, '10000001');
    await flush();
    await act(async () => waiting[0]!.fail());
    expect(result.current.data).toBeUndefined();
    expect(result.current.error?.code).toBe('APPLICANT_NOT_FOUND');
    expect(result.current.loading).toBe(false);
  });

  it('ignores an answer after unmount', async () => {
    const { station, waiting } = slowStation();
    const { result, unmount } = renderQuery(station, '10000001');
    await flush();
    unmount();
    await act(async () => waiting[0]!.answer());
    expect(result.current.data).toBeUndefined();
  });

  it('asks nothing while disabled', async () => {
    const { station } = slowStation();
    const { result } = renderQuery(station, '10000001', { enabled: false });
    await flush();
    expect(station.calls).toHaveLength(0);
    expect(result.current.loading).toBe(false);
  });

  it('asks again on its event, only when `when` says so', async () => {
    const { station, waiting } = slowStation();
    renderQuery(station, '10000001', { reloadOn: { event: 'applicants:changed', when: (changed) => changed.employeeNumber === '10000001' } });
    await flush();
    expect(waiting).toHaveLength(1);
    await act(async () => station.emit('applicants:changed', { employeeNumber: '10000002' }));
    expect(waiting).toHaveLength(1);
    await act(async () => station.emit('applicants:changed', { employeeNumber: '10000001' }));
    expect(waiting).toHaveLength(2);
  });

  it('changes the shown answer in place with update', async () => {
    const { station, waiting } = slowStation();
    const { result } = renderQuery(station, '10000001');
    await flush();
    await act(async () => waiting[0]!.answer());
    act(() => result.current.update((record) => ({ ...record, applicant: { ...record.applicant, firstName: 'Grace' } })));
    expect(result.current.data?.applicant.firstName).toBe('Grace');
  });
});
