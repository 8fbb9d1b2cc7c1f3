/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "admin-trust:" (window.station.adminTrust.*).
 */
export const adminTrustChannels = {};

export const adminTrustEvents = {};
