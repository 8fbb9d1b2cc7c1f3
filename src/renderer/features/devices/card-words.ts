import { z } from 'zod';
import type { CardDetails } from '../../../shared/contract/devices';
import { EmployeeNumber } from '../../../shared/domain/applicant';
import { CARD_TYPE_NAMES, type CardType } from '../../../shared/domain/device';

/** "PIV card (Oberthur ID-One Cosmo v7)", "MIFARE Classic 1K · Contactless card": the kind said once. */
export function deviceKind(cardType: CardType, cardFamily: string): string {
  const typeName = CARD_TYPE_NAMES[cardType];
  return cardFamily.toLowerCase().startsWith(typeName.toLowerCase()) ? cardFamily : `${cardFamily} · ${typeName}`;
}

/** The Status line of + Device, in the clerk's words. */
export function cardStatusText(details: CardDetails): string {
  switch (details.status) {
    case 'ready':
      return 'Ready to enroll';
    case 'enrolled-here':
      return 'Already enrolled to this person';
    case 'assigned-elsewhere':
      return details.assignedTo ? `Assigned to ${details.assignedTo.name}: cannot be enrolled again` : 'Assigned to another person: cannot be enrolled again';
    case 'not-accepted':
      return `Not accepted for ${details.policy.credentialTypeName}`;
  }
}

/** Whether Enroll Device can go ahead with this card (a re-enrollment to the same person changes nothing). */
export function canEnroll(details: CardDetails): boolean {
  return (details.status === 'ready' || details.status === 'enrolled-here') && !pinBlocked(details);
}

/** A PIV card whose PIN has no tries left cannot be enrolled where the PIN is required. */
export function pinBlocked(details: CardDetails): boolean {
  return details.policy.pinRequired && details.pinTriesLeft === 0;
}

/** Why a not-accepted card is refused: "This is a Contactless card; PIV Card – Employee takes PIV card." */
export function notAcceptedReason(details: CardDetails): string {
  return `This is a ${CARD_TYPE_NAMES[details.cardType]} (${details.cardFamily}); ${details.policy.credentialTypeName} takes ${orList(details.policy.acceptedCardTypes)}. Use the right kind of card.`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'no card';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

const AssignedTo = z.object({ employeeNumber: EmployeeNumber, name: z.string().min(1) });

/** The person a card belongs to, from a CARD_ALREADY_ASSIGNED error's details (parsed, not cast). */
export function assignedToFromDetails(details: unknown): { employeeNumber: string; name: string } | undefined {
  const parsed = AssignedTo.safeParse(details);
  return parsed.success ? { employeeNumber: parsed.data.employeeNumber, name: parsed.data.name } : undefined;
}
