import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { useId, type ReactElement } from 'react';
import type { Permission } from '../stores/session-store';

/**
 * A control the operator's roles do not allow, kept in place but off: hovering or
 * focusing it says who may ("Only a Clerk may enroll devices."), and the reason is its
 * description for screen readers. `children` must be rendered disabled by the caller.
 */
export function NotForYourRole({ permission, children }: { permission: Permission; children: ReactElement }) {
  const id = useId();
  if (permission.allowed) return children;
  return (
    <Tooltip title={permission.reason}>
      {/* A disabled button takes no focus or hover: the wrapper does, and says why. */}
      <Box component="span" tabIndex={0} aria-describedby={id} sx={{ display: 'inline-flex', borderRadius: 1 }}>
        {children}
        <Box component="span" id={id} sx={{ display: 'none' }}>
          {permission.reason}
        </Box>
      </Box>
    </Tooltip>
  );
}
