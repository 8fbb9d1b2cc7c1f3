/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "admin-operators:" (window.station.adminOperators.*).
 */
export const adminOperatorsChannels = {};

export const adminOperatorsEvents = {};
