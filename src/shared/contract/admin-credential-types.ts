/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "admin-credential-types:" (window.station.adminCredentialTypes.*).
 */
export const adminCredentialTypesChannels = {};

export const adminCredentialTypesEvents = {};
