import type { AuditExport } from '../../../shared/contract';

/** Saves an export the station produced as a file in the browser's downloads, under the station's file name. */
export function downloadExport(file: AuditExport, doc: Document = document): void {
  const blob = new Blob([file.content], { type: file.mediaType });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked after the click has been handled, not before the download starts.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
