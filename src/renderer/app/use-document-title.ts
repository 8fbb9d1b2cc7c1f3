import { useEffect } from 'react';

/** The window title names the screen, as the clerk's procedure does. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Enrollment Station`;
  }, [title]);
}
