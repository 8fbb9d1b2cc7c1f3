// @vitest-environment jsdom
import Box from '@mui/material/Box';
import { ThemeProvider } from '@mui/material/styles';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { STATUS_LOOKS } from '../features/mobile/mobile-words';
import { CHIP_LOOKS } from './chip-looks';
import { theme, toneSx } from './theme';

function styleOf(sx: object) {
  render(
    <ThemeProvider theme={theme}>
      <Box data-testid="box" sx={sx} />
    </ThemeProvider>,
  );
  const style = getComputedStyle(screen.getByTestId('box'));
  cleanup();
  return { background: style.backgroundColor, color: style.color, outline: style.outline };
}

describe('status colours from the theme', () => {
  afterEach(cleanup);

  it('resolves a tone to the colours the screens always had', () => {
    expect(styleOf(toneSx('good'))).toMatchObject({ background: 'rgb(215, 245, 223)', color: 'rgb(11, 61, 30)' });
    expect(styleOf(toneSx('bad'))).toMatchObject({ background: 'rgb(255, 218, 214)', color: 'rgb(65, 0, 2)' });
    expect(styleOf(CHIP_LOOKS.attention)).toMatchObject({ background: 'rgb(255, 233, 184)', color: 'rgb(61, 40, 0)' });
    expect(styleOf(STATUS_LOOKS.ISSUED)).toMatchObject({ background: 'rgb(227, 232, 239)', color: 'rgb(18, 24, 33)' });
  });

  it('resolves the station surfaces', () => {
    expect(styleOf({ bgcolor: 'brand.bar' }).background).toBe('rgb(14, 42, 71)');
    expect(styleOf({ color: 'brand.cautionText' }).color).toBe('rgb(92, 59, 0)');
    expect(styleOf({ '&': { outline: (t: typeof theme) => `3px solid ${t.palette.brand.focusOnBar}` } }).outline).toBe('3px solid #ffd54f');
  });
});
