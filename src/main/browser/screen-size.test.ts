import { describe, expect, it } from 'vitest';
import { parseXdpyinfo, screenSize } from './screen-size';

describe('screen size', () => {
  it("reads xdpyinfo's dimensions", () => {
    const text = 'name of display:    :0\nscreen #0:\n  dimensions:    1440x900 pixels (381x238 millimeters)\n  resolution:    96x96 dots per inch\n';
    expect(parseXdpyinfo(text)).toEqual({ width: 1440, height: 900 });
    expect(parseXdpyinfo('xdpyinfo:  unable to open display ":9".')).toBeUndefined();
  });

  it('asks nothing where there is no X display', async () => {
    expect(await screenSize({}, 'linux')).toBeUndefined();
    expect(await screenSize({ DISPLAY: ':0' }, 'win32')).toBeUndefined();
  });
});
