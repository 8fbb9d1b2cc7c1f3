import Box from '@mui/material/Box';
import type { ReactNode } from 'react';

export type Fact = readonly [label: string, value: ReactNode];

/** Labelled values, one per line (a description list): a record's details, the sync status. */
export function FactList({ facts, labelWidth = '16em' }: { facts: readonly Fact[]; labelWidth?: string }) {
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', md: `minmax(${labelWidth}, max-content) 1fr` },
        columnGap: 4,
        rowGap: 0,
      }}
    >
      {facts.map(([label, value]) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <Box component="dt" sx={{ ...cell, typography: 'overline', color: 'text.secondary', lineHeight: '1.9rem' }}>
            {label}
          </Box>
          <Box component="dd" sx={{ ...cell, m: 0, fontSize: '1.125rem', fontWeight: 500, overflowWrap: 'anywhere' }}>
            {value}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

const cell = { py: 1.25, borderBottom: '1px solid', borderColor: 'divider' } as const;
