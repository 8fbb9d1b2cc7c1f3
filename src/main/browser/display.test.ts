import { describe, expect, it } from 'vitest';
import { displayProblem } from './display';

describe('displayProblem', () => {
  it('needs an X or Wayland display on Linux', () => {
    expect(displayProblem({}, 'linux')).toContain('neither DISPLAY nor WAYLAND_DISPLAY is set');
    expect(displayProblem({}, 'linux')).toContain('npm run start:web');
    expect(displayProblem({ DISPLAY: ':0' }, 'linux')).toBeUndefined();
    expect(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeUndefined();
  });

  it('has nothing to check on Windows and macOS', () => {
    expect(displayProblem({}, 'win32')).toBeUndefined();
    expect(displayProblem({}, 'darwin')).toBeUndefined();
  });
});
