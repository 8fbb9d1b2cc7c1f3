import { join } from 'node:path';
import { openLogFile, type LogFile } from '../node/logger';

/** `<data folder>/logs/station.log` (docs/operations.md, "The station's log"). */
export function stationLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'station.log');
}

/** The station's log: JSON lines, 5 files × 5 MiB (docs/decisions/0012-station-log.md). */
export function openStationLog(dataDir: string): LogFile {
  return openLogFile({ file: stationLogPath(dataDir), name: 'station' });
}
