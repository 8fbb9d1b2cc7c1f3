import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { WATCHLIST_MAX_HOURS } from '../../../../shared/contract/watchlist-protocol';

/** Whole hours from 1 to 720, or undefined. */
export function parseHours(text: string): number | undefined {
  if (!/^\d{1,4}$/.test(text.trim())) return undefined;
  const hours = Number(text.trim());
  return hours >= 1 && hours <= WATCHLIST_MAX_HOURS ? hours : undefined;
}

interface HoursFieldProps {
  /** What the list is about, for the field's accessible name ("Invitations not picked up after … hours"). */
  label: string;
  hours: number;
  onChange: (hours: number) => void;
}

/** "Older than N hours": a valid number asks the server again; anything else says what is allowed and asks nothing. */
export function HoursField({ label, hours, onChange }: HoursFieldProps) {
  const [text, setText] = useState(String(hours));
  const invalid = parseHours(text) === undefined;
  return (
    <TextField
      label={label}
      value={text}
      size="small"
      error={invalid}
      helperText={invalid ? `Whole hours, 1 to ${WATCHLIST_MAX_HOURS}` : ' '}
      slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': label } }}
      sx={{ width: 240, flexShrink: 0 }}
      onChange={(event) => {
        setText(event.target.value);
        const parsed = parseHours(event.target.value);
        if (parsed !== undefined && parsed !== hours) onChange(parsed);
      }}
    />
  );
}
