/** Where each applicant screen lives (HashRouter paths). */
export const SEARCH_PATH = '/search';
export const ADD_APPLICANT_PATH = '/applicants/new';

export const APPLICANT_TABS = ['details', 'credentials', 'history'] as const;
export type ApplicantTab = (typeof APPLICANT_TABS)[number];

export function applicantPath(employeeNumber: string, tab: ApplicantTab = 'details'): string {
  return tab === 'details' ? `/applicants/${employeeNumber}` : `/applicants/${employeeNumber}/${tab}`;
}

export function isApplicantTab(value: string | undefined): value is ApplicantTab {
  return (APPLICANT_TABS as readonly string[]).includes(value ?? '');
}
