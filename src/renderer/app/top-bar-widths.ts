/**
 * The top bar fits a 1366 × 768 kiosk and narrower screens: below each width a part says
 * less (the full words stay each control's accessible name and tooltip).
 */
export const TOP_BAR = {
  brandWords: '@media (min-width: 1180px)',
  readersShort: '@media (min-width: 1180px)',
  syncWaiting: '@media (min-width: 1280px)',
  reviewShort: '@media (min-width: 1340px)',
  reviewWords: '@media (min-width: 1500px)',
  syncLastSync: '@media (min-width: 1600px)',
  readersFull: '@media (min-width: 1700px)',
} as const;
