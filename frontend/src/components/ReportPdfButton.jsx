import { useEffect, useRef, useState } from 'react';
import { downloadReportPdf } from '../api.js';
import { describeError, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';

/**
 * "Download PDF report": saves GET /sessions/{id}/report.pdf as interview-<id>-report.pdf.
 * Shown by the results pages only once the results are ready; disabled (and says so) while
 * downloading; the server's message (e.g. a 409 "not ready yet") is shown when it fails.
 */
export default function ReportPdfButton({ sessionId, className = 'btn btn--ghost btn--small' }) {
  const { t } = useI18n();
  const [state, setState] = useState({ status: 'idle', error: null });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  async function onDownload() {
    if (state.status === 'loading') return;
    setState({ status: 'loading', error: null });
    try {
      await downloadReportPdf(sessionId);
      if (alive.current) setState({ status: 'idle', error: null });
    } catch (err) {
      if (!alive.current) return;
      if (err?.status === 401) {
        setState({ status: 'idle', error: null });
        return;
      }
      setState({ status: 'error', error: describeError(err, t) });
    }
  }

  const loading = state.status === 'loading';
  return (
    <div className="stack" data-testid="report-pdf-box">
      <div className="actions">
        <button
          type="button"
          className={className}
          onClick={onDownload}
          disabled={loading}
          aria-busy={loading || undefined}
          data-testid="report-pdf"
        >
          {loading ? t('results.pdfDownloading') : t('results.pdf')}
        </button>
      </div>
      <Alert data-testid="report-pdf-error">{state.error}</Alert>
    </div>
  );
}
