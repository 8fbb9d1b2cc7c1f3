import { toneSx } from './theme';

/** The top bar chips' colours, always paired with an icon and words (never colour alone). */
export const CHIP_LOOKS = {
  ok: toneSx('good'),
  attention: toneSx('caution'),
  down: toneSx('bad'),
  waiting: toneSx('neutral'),
};
