import { describe, expect, it } from 'vitest';
import { describeError } from '../../errors/clerk-messages';
import { signInErrorWords } from './session-words';

describe('signInErrorWords', () => {
  it('a card another program uses: the operator is told to finish that program and sign in again, card left in', () => {
    const words = signInErrorWords(describeError({ code: 'CARD_IN_USE', message: 'The card is being used by another program: …', details: { readerName: 'Reader 1' } }));
    expect(words.title).toBe('The card is being used by another program');
    expect(words.fix).toMatch(/^Another program on this computer is using your operator card\. Finish or close it, leave the card in the reader, and click Sign in again\.$/);
  });
});
