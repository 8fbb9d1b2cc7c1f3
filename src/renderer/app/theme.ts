import { createTheme } from '@mui/material/styles';

/**
 * Readable at arm's length by a clerk standing at a kiosk: 17px body text, strong
 * contrast, touch targets of at least 48px and a focus ring that is hard to miss.
 */
const FOCUS_RING = '#1a56db';

/**
 * Status colours, one background/text pair per meaning, always shown with the word
 * (never colour alone). Which status takes which tone is decided where it is shown.
 */
export const STATUS_TONES = {
  /** Works / opens doors: ACTIVE, ISSUED on a device, Added, reader ready. */
  good: { bg: '#d7f5df', fg: '#0b3d1e' },
  /** Held or waiting for someone: SUSPENDED, PENDING approval, a reader to look at. */
  caution: { bg: '#ffe9b8', fg: '#3d2800' },
  /** Ended or refused: REVOKED, REJECTED, down, a card that cannot be used. */
  bad: { bg: '#ffdad6', fg: '#410002' },
  /** Nothing to act on yet: ISSUED or PENDING mobile credentials, starting. */
  neutral: { bg: '#e3e8ef', fg: '#121821' },
  /** No longer in use: a Replaced card, a REVOKED card credential. */
  retired: { bg: '#e7e0ec', fg: '#1d1a22' },
  /** For information: a card already enrolled here. */
  info: { bg: '#dbe8f7', fg: '#0a2a4d' },
  /** What two records have in common (possible duplicates). */
  matched: { bg: '#fff1c7', fg: '#3d2800' },
} as const;
export type StatusTone = keyof typeof STATUS_TONES;

/** The station's own surfaces and accents beyond MUI's palette. */
const BRAND = {
  /** The top bar and the full-screen lock and passphrase screens. */
  bar: '#0e2a47',
  /** The focus ring on the dark top bar. */
  focusOnBar: '#ffd54f',
  /** The Employee Number plate on a record. */
  plate: '#e8f0fa',
  plateText: '#0a1f38',
  /** A quiet panel (verification checklist). */
  subtle: '#f8fafc',
  /** Text that explains why something is off: amber and red, readable on white. */
  cautionText: '#5c3b00',
  badText: '#8c1d18',
  /** Words of a disabled menu item that must stay readable (its reason follows). */
  mutedText: '#616b78',
  /** Audit chain banners. */
  goodPanel: '#eef9f1',
  badPanel: '#fff4f3',
  /** A QR code: black on white whatever the theme. */
  codeLight: '#ffffff',
  codeDark: '#000000',
} as const;

declare module '@mui/material/styles' {
  interface Palette {
    status: typeof STATUS_TONES;
    brand: typeof BRAND;
  }
  interface PaletteOptions {
    status?: typeof STATUS_TONES;
    brand?: typeof BRAND;
  }
}

/** sx for a status chip or panel in one tone (palette paths, resolved by MUI from the theme). */
export function toneSx(tone: StatusTone): { bgcolor: string; color: string } {
  return { bgcolor: `status.${tone}.bg`, color: `status.${tone}.fg` };
}

export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#0b4a8b', dark: '#073463', light: '#3d74b0', contrastText: '#ffffff' },
    secondary: { main: '#37474f' },
    error: { main: '#b3261e' },
    warning: { main: '#a15c00' },
    success: { main: '#1b6e3a' },
    background: { default: '#eef1f5', paper: '#ffffff' },
    text: { primary: '#121821', secondary: '#3b4452' },
    divider: '#c9d0da',
    status: STATUS_TONES,
    brand: BRAND,
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: 'Roboto, "Helvetica Neue", Arial, sans-serif',
    fontSize: 16,
    h1: { fontSize: '2rem', fontWeight: 700, lineHeight: 1.2 },
    h2: { fontSize: '1.5rem', fontWeight: 700, lineHeight: 1.25 },
    h3: { fontSize: '1.25rem', fontWeight: 700 },
    body1: { fontSize: '1.0625rem', lineHeight: 1.5 },
    body2: { fontSize: '1rem', lineHeight: 1.45 },
    button: { fontSize: '1.0625rem', fontWeight: 600, textTransform: 'none', letterSpacing: 0.2 },
    overline: { fontSize: '0.875rem', fontWeight: 700, letterSpacing: 1.2, lineHeight: 1.6 },
    caption: { fontSize: '0.9375rem' },
  },
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        'a:focus-visible, tr:focus-visible, .MuiButtonBase-root:focus-visible': {
          outline: `3px solid ${FOCUS_RING}`,
          outlineOffset: 2,
        },
        '.MuiAppBar-root .MuiButtonBase-root:focus-visible': { outlineColor: BRAND.focusOnBar },
      },
    },
    MuiButton: {
      defaultProps: { disableElevation: true },
      styleOverrides: {
        root: { minHeight: 48, paddingInline: 20 },
        sizeLarge: { minHeight: 56, fontSize: '1.125rem', paddingInline: 32 },
      },
    },
    MuiIconButton: { styleOverrides: { root: { minWidth: 48, minHeight: 48 } } },
    MuiMenuItem: { styleOverrides: { root: { minHeight: 52, fontSize: '1.0625rem' } } },
    MuiTab: {
      styleOverrides: { root: { minHeight: 56, fontSize: '1.0625rem', fontWeight: 600, textTransform: 'none' } },
    },
    MuiTooltip: { styleOverrides: { tooltip: { fontSize: '0.9375rem', padding: '8px 12px' } } },
    MuiFormHelperText: { styleOverrides: { root: { fontSize: '0.9375rem', marginLeft: 2 } } },
    // A shrunk label stays readable at arm's length: 85% instead of MUI's 75%, with the
    // outline's notch (sized by the hidden legend) scaled to match.
    MuiInputLabel: {
      styleOverrides: {
        root: { fontWeight: 500 },
        outlined: { '&.MuiInputLabel-shrink': { transform: 'translate(14px, -11px) scale(0.85)' } },
      },
    },
    MuiOutlinedInput: {
      styleOverrides: { notchedOutline: { borderColor: '#8a94a3', '& legend': { fontSize: '0.85em' } } },
    },
    MuiTableCell: {
      styleOverrides: {
        root: { fontSize: '1.0625rem', paddingTop: 14, paddingBottom: 14 },
        head: { fontWeight: 700, backgroundColor: '#f5f7fa' },
      },
    },
    MuiAlert: { styleOverrides: { root: { fontSize: '1.0625rem' }, message: { width: '100%' } } },
    MuiAlertTitle: { styleOverrides: { root: { fontSize: '1.125rem', fontWeight: 700 } } },
    MuiChip: { styleOverrides: { root: { fontWeight: 600 }, sizeMedium: { fontSize: '0.9375rem', height: 34 } } },
  },
});
