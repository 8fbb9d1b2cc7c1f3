import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { QRCodeSVG } from 'qrcode.react';
import { useId } from 'react';

/** At least 360 px: a phone held a metre away finds it on the first try. */
export const QR_SIZE = 400;
/** Bigger on a taller screen, never below the minimum. */
const QR_CSS_SIZE = `clamp(360px, 56vh, 600px)`;

/**
 * The QR code of the pickup URI: pure black on white with a quiet zone of four modules,
 * error correction M (survives glare and a smudged screen without growing too dense).
 */
export function PickupQr({ value, appName }: { value: string; appName: string }) {
  const { brand } = useTheme().palette;
  return (
    <Box
      sx={{
        bgcolor: 'brand.codeLight',
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
        bgColor={brand.codeLight}
        fgColor={brand.codeDark}
        role="img"
        aria-label={`QR code to scan with the ${appName} app`}
        data-testid="pickup-qr"
        style={{ display: 'block', width: QR_CSS_SIZE, height: QR_CSS_SIZE }}
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
  // Two halves that never break inside: "ADS7-H65H-" over "YTJN-RXR6" on a narrow screen.
  const half = Math.ceil(groups.length / 2);
  const halves = [groups.slice(0, half), groups.slice(half)].filter((h) => h.length > 0);
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
          fontSize: { xs: '2.5rem', sm: '3rem', lg: '3.25rem', xl: '4rem' },
          fontWeight: 700,
          lineHeight: 1.15,
          letterSpacing: '0.12em',
          color: 'brand.codeDark',
        }}
      >
        {halves.map((groupsOfHalf, h) => (
          <Box component="span" key={h} sx={{ display: 'inline-block', whiteSpace: 'nowrap' }}>
            {groupsOfHalf.map((group, i) => (
              <Box component="span" key={i}>
                {group}
                {(h < halves.length - 1 || i < groupsOfHalf.length - 1) && <Hyphen />}
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** The groups' separator: part of the text (the app accepts it), lighter to the eye. */
function Hyphen() {
  return (
    <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400, mx: '0.05em' }}>
      -
    </Box>
  );
}
