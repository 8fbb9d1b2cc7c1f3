/** Where the Needs review page lives (HashRouter path). */
export const REVIEWS_PATH = '/reviews';
