import { runWebHost } from '../../src/main/web-host';
import { STATION_CLOCK_OFFSET_ENV, testClockFromEnv } from './test-clock';

/**
 * TESTS ONLY: `npm run start:web` with a shifted station clock
 * (ENROLLMENT_STATION_CLOCK_OFFSET_MS, see test-clock.ts); the arguments are the web host's.
 */
void runWebHost(process.argv.slice(2), { clock: testClockFromEnv(STATION_CLOCK_OFFSET_ENV) });
