/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "watchlist:" (window.station.watchlist.*).
 */
export const watchlistChannels = {};

export const watchlistEvents = {};
