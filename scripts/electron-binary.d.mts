/** Where the installed Electron binary is, or undefined when it was never downloaded. */
export function electronBinary(): string | undefined;
