/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "admin-stations:" (window.station.adminStations.*).
 */
export const adminStationsChannels = {};

export const adminStationsEvents = {};
