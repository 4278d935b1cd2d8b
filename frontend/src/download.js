// Saving data the app already holds as a file (no server round trip for the file itself).

/** A file name made of safe characters only: `interview-data-<username>.json`. */
export function exportFileName(username) {
  const safe = String(username || 'me').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'me';
  return `interview-data-${safe}.json`;
}

/** `job-<id>-results.csv`: a job's results export. */
export function jobCsvFileName(jobId) {
  const safe = String(jobId ?? '').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 32) || 'job';
  return `job-${safe}-results.csv`;
}

/** `interview-<id>-report.pdf`: a session's PDF report. */
export function reportPdfFileName(sessionId) {
  const safe = String(sessionId ?? '').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 32) || 'session';
  return `interview-${safe}-report.pdf`;
}

/** Offer a Blob the server sent (e.g. a PDF) as a file download named `filename`. */
export function downloadBlob(filename, blob) {
  saveBlob(filename, blob);
}

/** Offer `data` as a JSON file download named `filename`. */
export function downloadJson(filename, data) {
  saveBlob(filename, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
}

/**
 * Offer `text` as a file download. `bom`: start it with a UTF-8 byte order mark (Excel then reads
 * Korean CSV correctly; reading a response as text drops the server's).
 */
export function downloadText(filename, text, type = 'text/plain;charset=utf-8', { bom = false } = {}) {
  const body = bom && !String(text).startsWith('\uFEFF') ? `\uFEFF${text}` : String(text);
  saveBlob(filename, new Blob([body], { type }));
}

function saveBlob(filename, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers start the download asynchronously: keep the URL alive a moment.
    setTimeout(() => URL.revokeObjectURL?.(url), 10_000);
  }
}
