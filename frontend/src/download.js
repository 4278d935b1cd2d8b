// Saving data the app already holds as a file (no server round trip for the file itself).

/** A file name made of safe characters only: `interview-data-<username>.json`. */
export function exportFileName(username) {
  const safe = String(username || 'me').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'me';
  return `interview-data-${safe}.json`;
}

/** Offer `data` as a JSON file download named `filename`. */
export function downloadJson(filename, data) {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
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
