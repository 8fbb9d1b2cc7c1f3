/** The top bar chips' colours, always paired with an icon and words (never colour alone). */
export const CHIP_LOOKS = {
  ok: { bgcolor: '#d7f5df', color: '#0b3d1e' },
  attention: { bgcolor: '#ffe9b8', color: '#3d2800' },
  down: { bgcolor: '#ffdad6', color: '#410002' },
  waiting: { bgcolor: '#e3e8ef', color: '#121821' },
} as const;
