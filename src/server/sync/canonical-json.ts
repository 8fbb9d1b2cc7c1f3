import { createHash } from 'node:crypto';

export { canonicalJson } from '../../shared/domain/canonical-json';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
