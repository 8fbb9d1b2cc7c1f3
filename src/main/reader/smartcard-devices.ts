import { Context, Devices } from 'smartcard';
import { StationError } from '../../shared/contract/errors';
import type { PcscCard, PcscDevices, PcscMonitor } from './pcsc-devices';

/**
 * The production device layer: PC/SC through the N-API `smartcard` binding (patched for
 * transactions, patches/). The only module that imports the binding, so nothing else —
 * unit tests above all — loads the native addon; entry points hand this to the station.
 */
export const smartcardDevices: PcscDevices = {
  serviceAvailable() {
    try {
      const context = new Context();
      const ok = context.isValid;
      context.close();
      return ok;
    } catch {
      return false;
    }
  },
  monitor: () => monitor(new Devices()),
};

function monitor(devices: Devices): PcscMonitor {
  return {
    start(onEvent) {
      devices.on('reader-attached', (reader) => onEvent({ type: 'reader-attached', reader: reader.name }));
      devices.on('reader-detached', (reader) => onEvent({ type: 'reader-detached', reader: reader.name }));
      devices.on('card-inserted', ({ reader }) => onEvent({ type: 'card-inserted', reader: reader.name }));
      devices.on('card-removed', ({ reader }) => onEvent({ type: 'card-removed', reader: reader.name }));
      devices.on('error', (error) => onEvent({ type: 'error', error }));
      devices.start();
    },
    stop() {
      devices.removeAllListeners();
      // The native monitor may still report pcscd going away: nobody listens any more.
      devices.on('error', () => undefined);
      try {
        devices.stop();
      } catch {
        // Already gone with pcscd.
      }
    },
    readerNames: () => devices.listReaders().map((reader) => reader.name),
    card(readerName) {
      const card = devices.getCard(readerName);
      if (card && typeof (card as Partial<PcscCard>).beginTransaction !== 'function') {
        throw new StationError('INTERNAL', 'The smartcard binding has no PC/SC transactions: its patch was not applied (patches/smartcard+3.7.0.patch). Run npm ci.');
      }
      return card;
    },
  };
}
