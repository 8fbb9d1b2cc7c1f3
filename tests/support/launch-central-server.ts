import { runServer } from '../../src/server/index';
import { SERVER_CLOCK_OFFSET_ENV, testClockFromEnv } from './test-clock';

/**
 * TESTS ONLY: `npm run server` with a shifted mobile credential clock
 * (ENROLLMENT_SERVER_CLOCK_OFFSET_MS, see test-clock.ts); the arguments are the server's.
 */
void runServer(process.argv.slice(2), { clock: testClockFromEnv(SERVER_CLOCK_OFFSET_ENV) });
