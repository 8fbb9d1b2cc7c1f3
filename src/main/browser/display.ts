/**
 * Why a window cannot be shown here, or undefined when it can. On Linux a browser needs
 * an X or Wayland display; started from a text console or over plain SSH it has none.
 */
export function displayProblem(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform === 'win32' || platform === 'darwin') return undefined;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return undefined;
  return `There is no graphical display to open the station's window on (neither DISPLAY nor WAYLAND_DISPLAY is set).
Start it from the kiosk's desktop session, or serve it to a browser elsewhere on this computer: npm run start:web`;
}
