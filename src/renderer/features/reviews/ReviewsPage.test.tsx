// @vitest-environment jsdom
import { ThemeProvider } from '@mui/material/styles';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../shared/contract';
import { theme } from '../../app/theme';
import { fakeStation } from '../../test-support/station-fake';
import { sampleReviewItem } from '../../test-support/samples';
import { ReviewsPage } from './ReviewsPage';
import { withStation } from '../../test-support/with-station';

async function renderReviews(overrides: Parameters<typeof fakeStation>[0] = {}) {
  const station = fakeStation(overrides);
  render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={['/reviews']}>
        <Routes>
          <Route path="/reviews" element={<ReviewsPage />} />
          <Route path="/search" element={<p>Search page</p>} />
        </Routes>
      </MemoryRouter>
    </ThemeProvider>, { wrapper: withStation(station.station) });
  await act(async () => {});
  return station;
}

/** What the station answers after a decision: the review closed, by clerk1. */
function decided(item: ReviewItem, resolution: 'merge' | 'keep-both', survivor?: string): ReviewItem {
  const status = resolution === 'merge' ? ('merged' as const) : ('kept-both' as const);
  return { ...item, review: { ...item.review, status, survivor, resolvedBy: 'clerk1', resolvedAt: '2025-03-12T15:10:00.000Z' } };
}

describe('Needs review', () => {
  afterEach(() => cleanup());

  it('shows both records side by side and what they share', async () => {
    await renderReviews({ 'reviews:list': async () => [sampleReviewItem()] });
    expect(screen.getByRole('heading', { level: 1, name: 'Needs review' })).toBeTruthy();
    expect(screen.getByText(/Nothing was dropped: both records are kept until you decide\./)).toBeTruthy();
    const card = screen.getByRole('region', { name: 'Possibly the same person: 10000001 and 20000001' });
    expect(within(card).getByText('Same email address')).toBeTruthy();
    const emailRow = within(card).getByRole('row', { name: /EMAIL ADDRESS/ });
    expect(within(emailRow).getByText('Same on both records')).toBeTruthy();
    expect(within(emailRow).getAllByText('ada@example.org')).toHaveLength(2);
    expect(within(card).getByRole('link', { name: 'Open the record of Employee Number 20000001' })).toBeTruthy();
    expect(within(card).getByText('Ada A. Lovelace')).toBeTruthy();
  });

  it('merges only after confirmation, keeping the chosen Employee Number', async () => {
    const item = sampleReviewItem();
    const station = await renderReviews({
      'reviews:list': async () => [item],
      'reviews:resolve': async (input) => decided(item, input.resolution, input.survivor),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Merge, keep 20000001' }));
    const dialog = screen.getByRole('dialog', { name: 'Merge, keep 20000001?' });
    expect(within(dialog).getByText(/The record 10000001 is kept, marked as merged into 20000001/)).toBeTruthy();
    expect(station.calls.some((c) => c.channel === 'reviews:resolve')).toBe(false);

    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Merge, keep 20000001' })));
    expect(station.calls.find((c) => c.channel === 'reviews:resolve')?.input).toEqual({
      reviewId: item.review.id,
      resolution: 'merge',
      survivor: '20000001',
    });
    expect(screen.getByRole('status').textContent).toMatch(/Decision saved: 10000001 merged into Ada A. Lovelace \(20000001\)/);
    const resolved = screen.getByRole('region', { name: 'Resolved' });
    expect(within(resolved).getByText('10000001 merged into Ada A. Lovelace (20000001)')).toBeTruthy();
    expect(within(resolved).getByText(/by clerk1/)).toBeTruthy();
    expect(screen.getByText('Nothing needs review.')).toBeTruthy();
  });

  it('keeps both, and Cancel changes nothing', async () => {
    const item = sampleReviewItem();
    const station = await renderReviews({
      'reviews:list': async () => [item],
      'reviews:resolve': async (input) => decided(item, input.resolution),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Keep both' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(station.calls.some((c) => c.channel === 'reviews:resolve')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Keep both' }));
    const dialog = screen.getByRole('dialog', { name: 'Keep both?' });
    expect(within(dialog).getByText(/Both records stay as they are/)).toBeTruthy();
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Keep both' })));
    expect(station.calls.find((c) => c.channel === 'reviews:resolve')?.input).toEqual({ reviewId: item.review.id, resolution: 'keep-both' });
    expect(within(screen.getByRole('region', { name: 'Resolved' })).getByText(/^Kept both: Ada Lovelace \(10000001\) and/)).toBeTruthy();
  });

  it('says when a review was already decided elsewhere', async () => {
    await renderReviews({ 'reviews:list': async () => [sampleReviewItem()] });
    fireEvent.click(screen.getByRole('button', { name: 'Keep both' }));
    await act(async () => fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Keep both' })));
    expect(within(screen.getByRole('dialog')).getByText('Review not found')).toBeTruthy();
    expect(within(screen.getByRole('dialog')).getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  it('says when nothing needs review, and reloads when a sync finds one', async () => {
    let items: ReviewItem[] = [];
    const station = await renderReviews({ 'reviews:list': async () => items });
    expect(screen.getByText('Nothing needs review.')).toBeTruthy();
    items = [sampleReviewItem()];
    await act(async () => station.emit('reviews:changed', { openReviews: 1 }));
    expect(screen.getByRole('region', { name: /Possibly the same person/ })).toBeTruthy();
  });

  it('explains a failure and offers to try again', async () => {
    let fail = true;
    await renderReviews({
      'reviews:list': async () => {
        if (fail) throw { code: 'STORE_UNREADABLE', message: 'damaged' };
        return [];
      },
    });
    expect(screen.getByText('Station records cannot be read')).toBeTruthy();
    fail = false;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));
    expect(screen.getByText('Nothing needs review.')).toBeTruthy();
  });
});
