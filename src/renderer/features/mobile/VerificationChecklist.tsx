import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { visuallyHidden } from '../../components/visually-hidden';
import { verificationChecklist, type ChecklistInput } from './verification-checklist';

/**
 * The procedure's Verification Checklist for this person. A tick is an icon and the word
 * "Done" (never colour alone); an open item says what is missing.
 */
export function VerificationChecklist(input: ChecklistInput) {
  const items = verificationChecklist(input);
  const done = items.filter((i) => i.done).length;
  return (
    <Paper component="section" variant="outlined" aria-labelledby="verification-checklist-heading" sx={{ p: { xs: 2, md: 2.5 }, bgcolor: 'brand.subtle' }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', justifyContent: 'space-between', mb: 1.5, flexWrap: 'wrap' }} useFlexGap>
        <Typography id="verification-checklist-heading" variant="h2">
          Verification Checklist
        </Typography>
        <Typography sx={{ fontWeight: 700 }}>
          {done} of {items.length} done
        </Typography>
      </Stack>
      <Box
        component="ol"
        sx={{
          m: 0,
          p: 0,
          listStyle: 'none',
          display: 'grid',
          columnGap: 4,
          // Two columns on a wide screen, read down the first then the second, in the procedure's order.
          gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
          gridTemplateRows: { lg: `repeat(${Math.ceil(items.length / 2)}, auto)` },
          gridAutoFlow: { lg: 'column' },
        }}
      >
        {items.map((item) => (
          <Box component="li" key={item.label} sx={{ display: 'flex', gap: 1.5, py: 1, borderBottom: '1px solid', borderColor: 'divider' }}>
            {item.done ? (
              <CheckCircleIcon sx={{ color: 'success.main', mt: 0.25 }} aria-hidden />
            ) : (
              <RadioButtonUncheckedIcon sx={{ color: 'text.secondary', mt: 0.25 }} aria-hidden />
            )}
            <Box sx={{ minWidth: 0 }}>
              <Typography sx={{ fontWeight: item.done ? 500 : 600 }}>
                {!item.done && (
                  <Box component="span" sx={visuallyHidden}>
                    Not done:{' '}
                  </Box>
                )}
                {item.label}
              </Typography>
              <Typography variant="body2" sx={{ color: item.done ? 'success.main' : 'text.secondary', overflowWrap: 'anywhere' }}>
                {item.done ? `Done · ${item.note}` : item.note}
              </Typography>
            </Box>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}
