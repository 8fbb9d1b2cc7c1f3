import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { QRCodeSVG } from 'qrcode.react';
import { useId } from 'react';

/** At least 360 px: a phone held a metre away finds it on the first try. */
export const QR_SIZE = 400;

/**
 * The QR code of the pickup URI: pure black on white with a quiet zone of four modules,
 * error correction M (survives glare and a smudged screen without growing too dense).
 */
export function PickupQr({ value }: { value: string }) {
  return (
    <Box
      sx={{
        bgcolor: '#ffffff',
        p: 1,
        borderRadius: 2,
        border: '1px solid',
        borderColor: 'divider',
        lineHeight: 0,
        width: 'fit-content',
      }}
    >
      <QRCodeSVG
        value={value}
        size={QR_SIZE}
        level="M"
        marginSize={4}
        bgColor="#ffffff"
        fgColor="#000000"
        role="img"
        aria-label="QR code to scan with the HID Mobile Access app"
        data-testid="pickup-qr"
        style={{ display: 'block', width: QR_SIZE, height: QR_SIZE, maxWidth: '100%' }}
      />
    </Box>
  );
}

/**
 * The invitation code in large, letter-spaced monospace groups (`ADS7-H65H-YTJN-RXR6`),
 * readable from a metre for typing it by hand. Its accessible name is "Invitation code";
 * its text is the code exactly as the app accepts it.
 */
export function InvitationCodeText({ code }: { code: string }) {
  const labelId = useId();
  const groups = code.split('-');
  return (
    <Box>
      <Typography id={labelId} variant="overline" component="p" sx={{ color: 'text.secondary', fontSize: '1rem' }}>
        Invitation code
      </Typography>
      <Box
        role="group"
        aria-labelledby={labelId}
        sx={{
          fontFamily: '"Roboto Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
          fontSize: { xs: '2.25rem', sm: '3rem', lg: '3.5rem' },
          fontWeight: 700,
          lineHeight: 1.15,
          letterSpacing: '0.12em',
          color: '#000000',
          whiteSpace: 'nowrap',
        }}
      >
        {groups.map((group, i) => (
          <Box component="span" key={i}>
            {i > 0 && (
              <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400, mx: '0.05em' }}>
                -
              </Box>
            )}
            {group}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
