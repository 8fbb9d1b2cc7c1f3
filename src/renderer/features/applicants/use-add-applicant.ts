import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { FIELD_LABELS, validateApplicant, type ApplicantField, type FieldErrors } from '../../../shared/domain/applicant';
import { offeredCredentialTypes } from '../../../shared/domain/credential-types';
import { useStation } from '../../app/station-context';
import type { ClerkError } from '../../errors/clerk-messages';
import { loadCredentialTypes, useCredentialTypes } from '../../stores/credential-types-store';
import { describeCallFailure } from '../../stores/station-info-store';
import {
  draftErrors,
  duplicateFromDetails,
  EMPTY_DRAFT,
  fieldErrorsFromDetails,
  FORM_FIELDS,
  requiredByType,
  type ApplicantDraft,
  type DuplicateFound,
} from './applicant-form';
import { applicantPath } from './paths';

export type Outcome =
  | { kind: 'duplicate'; duplicate: DuplicateFound | undefined; values: ApplicantDraft }
  | { kind: 'failed'; error: ClerkError };

/** The element that takes focus for a field: the input, or the select's combobox. */
export const SELECT_DISPLAY_ID = 'credentialTypeId-select';
const OPTIONAL_FIELDS: readonly ApplicantField[] = ['externalLinkingKey', 'email', 'userPrincipalName'];
function focusTargetId(field: ApplicantField): string {
  return field === 'credentialTypeId' ? SELECT_DISPLAY_ID : field;
}

/**
 * Add a New Applicant's state and submission: the draft, which fields show which
 * message and when, and Submit (a duplicate or a failure keeps the form). The view is
 * AddApplicantPage.
 */
export function useAddApplicant() {
  const station = useStation();
  const navigate = useNavigate();
  const credentialTypes = useCredentialTypes();
  // A retired type stays on existing records but is not offered for a new applicant.
  const types = useMemo(() => offeredCredentialTypes(credentialTypes.types), [credentialTypes.types]);

  const [draft, setDraft] = useState<ApplicantDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [dirty, setDirty] = useState<ReadonlySet<ApplicantField>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const outcomeRef = useRef<HTMLDivElement>(null);

  const selectedType = types.find((t) => t.id === draft.credentialTypeId);
  const requiredFields = requiredByType(selectedType);

  // Land on the outcome so the clerk (and a screen reader) reads it and tabs straight to its action.
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  /**
   * Re-checks some fields of the draft. A field's message changes only if it already shows
   * one or `show` says so: the clerk is not scolded for fields not reached yet, and an
   * error the station reported stays until its own field changes.
   */
  const recheck = (next: ApplicantDraft, fields: readonly ApplicantField[], show: (f: ApplicantField) => boolean) => {
    const fresh = draftErrors(next, types);
    setErrors((shown) => {
      const out: FieldErrors = { ...shown };
      for (const field of fields) {
        if (shown[field] === undefined && !show(field)) continue;
        if (fresh[field]) out[field] = fresh[field];
        else delete out[field];
      }
      return out;
    });
  };

  const change = (field: ApplicantField, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    setDirty((d) => (d.has(field) ? d : new Set(d).add(field)));
    // The type decides which optional fields are required. A choice from a list is
    // complete at once; typed text is checked when the clerk leaves the field.
    const affected = field === 'credentialTypeId' ? [field, ...OPTIONAL_FIELDS] : [field];
    recheck(next, affected, (f) => attempted || f === 'credentialTypeId');
  };

  const blur = (field: ApplicantField) => {
    if (dirty.has(field)) recheck(draft, [field], () => true);
  };

  const focusFirstError = (found: FieldErrors) => {
    const first = FORM_FIELDS.find((f) => found[f] !== undefined);
    if (first) document.getElementById(focusTargetId(first))?.focus();
    return first !== undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setAttempted(true);
    setOutcome(undefined);
    const found = draftErrors(draft, types);
    setErrors(found);
    if (focusFirstError(found)) return;
    const checked = validateApplicant(draft, types);
    if (!checked.ok) {
      setErrors(checked.fieldErrors);
      focusFirstError(checked.fieldErrors);
      return;
    }

    setSaving(true);
    try {
      // The draft exactly as typed: the station's schema trims and checks it again.
      const created = await station.applicants.create(draft);
      void navigate(applicantPath(created.employeeNumber), { state: { created: true } });
    } catch (reason) {
      setSaving(false);
      const error = describeCallFailure(reason);
      if (error.code === 'USER_ALREADY_EXISTS') {
        setOutcome({ kind: 'duplicate', duplicate: duplicateFromDetails(error.wire.details), values: draft });
        return;
      }
      const stationFieldErrors = fieldErrorsFromDetails(error.wire.details);
      setErrors(stationFieldErrors);
      if (error.code === 'VALIDATION_FAILED' && focusFirstError(stationFieldErrors)) return;
      setOutcome({ kind: 'failed', error });
    }
  };

  /** The message under a field: its error, else "already used" after a duplicate, else the hint. */
  const messageFor = (field: ApplicantField): string | undefined => {
    const error = errors[field]?.join(' ');
    if (error) return error;
    const duplicate = outcome?.kind === 'duplicate' ? outcome.duplicate : undefined;
    if (duplicate && outcome?.kind === 'duplicate' && (duplicate.matchedOn as readonly string[]).includes(field)) {
      // Only while the value is still the one that matched: editing it clears the mark.
      if (draft[field] === outcome.values[field]) return `Already used by Employee Number ${duplicate.employeeNumber}`;
    }
    return undefined;
  };

  const fieldProps = (field: ApplicantField, hint: ReactNode) => {
    const message = messageFor(field);
    return {
      id: field,
      name: field,
      label: FIELD_LABELS[field],
      value: draft[field],
      onChange: (e: { target: { value: string } }) => change(field, e.target.value),
      onBlur: () => blur(field),
      error: message !== undefined,
      helperText: message ?? hint,
      fullWidth: true,
      autoComplete: 'off',
    };
  };

  const reloadCredentialTypes = () => void loadCredentialTypes(station);

  return { credentialTypes, types, selectedType, requiredFields, errors, attempted, saving, outcome, outcomeRef, submit, fieldProps, reloadCredentialTypes };
}
