import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { deleteResume, getResume, RESUME_MAX_BYTES, uploadResume } from '../api.js';
import { formatBytes, formatDateTime, truncateText } from '../format.js';
import { describeError, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';
import { NoticeFacts } from './ConsentNotice.jsx';
import { resumeSectionLabel } from './ResumePassage.jsx';

/** A hint for the file picker only: the server decides by the file's content. */
const ACCEPT =
  '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain';
/** How much of a section's first passage the summary shows. */
const PREVIEW_CHARS = 120;

/**
 * The résumé's sections grouped by kind, in the order each kind first appears: [{kind, headings,
 * passages, first}] where `passages` counts them all and `first` is the first passage's text.
 */
export function groupSections(sections) {
  const groups = new Map();
  for (const section of Array.isArray(sections) ? sections : []) {
    if (!section || typeof section !== 'object') continue;
    const kind = section.kind || 'other';
    const passages = Array.isArray(section.passages) ? section.passages : [];
    const group = groups.get(kind) || { kind, headings: [], passages: 0, first: '' };
    const heading = typeof section.heading === 'string' ? section.heading.trim() : '';
    if (heading && !group.headings.includes(heading)) group.headings.push(heading);
    group.passages += passages.length;
    if (!group.first) group.first = passages.map((p) => (typeof p?.text === 'string' ? p.text.trim() : '')).find(Boolean) || '';
    groups.set(kind, group);
  }
  return [...groups.values()];
}

/** What is wrong with the chosen file before it is sent (the server checks again), or null. */
function fileProblem(file, t) {
  if (!file) return t('resume.fileMissing');
  if (file.size > RESUME_MAX_BYTES) return t('resume.tooLarge', { size: formatBytes(file.size) });
  if (file.size === 0) return t('resume.fileEmpty');
  return null;
}

/** The résumé's notice item: what is kept from it, why and for how long (agreed to when uploading). */
function ResumeNotice({ item }) {
  const { t } = useI18n();
  return (
    <section className="consent-item" data-testid="resume-notice" data-required={item.required ? 'true' : 'false'}>
      <NoticeFacts item={item} testId="resume-notice" fallbackTitle={t('resume.title')} />
    </section>
  );
}

/** What the server made of the résumé: the file, and the sections it found with a first passage each. */
function ResumeSummary({ resume }) {
  const { t, lang } = useI18n();
  const groups = groupSections(resume.sections);
  const typeKey = `resume.mediaType.${resume.media_type}`;
  const type = resume.media_type ? (t(typeKey) === typeKey ? String(resume.media_type) : t(typeKey)) : null;
  return (
    <div className="resume-summary" data-testid="resume-summary" data-resume-id={resume.id ?? ''}>
      <p className="resume-summary__file">
        <strong data-testid="resume-filename">{resume.filename || '—'}</strong>{' '}
        <span className="muted small" data-testid="resume-size">
          {formatBytes(resume.size_bytes)}
        </span>
      </p>
      <p className="muted small" data-testid="resume-meta">
        {[
          type,
          resume.characters != null ? t('resume.characters', { count: Number(resume.characters).toLocaleString() }) : null,
          resume.uploaded_at ? t('resume.uploadedAt', { at: formatDateTime(resume.uploaded_at, lang) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <h3 className="section-title">{t('resume.sectionsTitle')}</h3>
      {groups.length === 0 ? (
        <p className="muted small" data-testid="resume-no-sections">
          {t('resume.noSections')}
        </p>
      ) : (
        <ul className="resume-sections" data-testid="resume-sections">
          {groups.map((g) => (
            <li key={g.kind} className="resume-section" data-testid={`resume-section-${g.kind}`} data-passages={g.passages}>
              <div className="resume-section__head">
                <strong data-testid="resume-section-name">{resumeSectionLabel(g.kind, t)}</strong>
                {g.headings.length > 0 && <span className="muted small">{g.headings.join(', ')}</span>}
                <span className="muted small resume-section__count" data-testid="resume-section-count">
                  {t('resume.passages', { count: g.passages })}
                </span>
              </div>
              {g.first && (
                <p className="resume-section__preview small" title={g.first} data-testid="resume-section-preview">
                  {truncateText(g.first, PREVIEW_CHARS)}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The candidate's résumé, optional: the résumé notice item from GET /consent/notice (`notice.resume`),
 * the current résumé (GET /resume; 404 is "none") with the sections the server found, an upload form
 * (an unticked consent box, a file of at most 5 MB) that replaces it, and deletion after a confirmation.
 *
 * `notice` is the page's useConsentNotice() state: the upload sends its `version`, and a 409 (the
 * notice changed) reloads it. The panel shows nothing where the server's notice has no résumé item
 * (a server without résumés). It is no form of its own (it sits inside the page's form): its buttons
 * are `type="button"`.
 */
export default function ResumePanel({ notice }) {
  const { t } = useI18n();
  const fileId = useId();
  const consentId = useId();
  const titleId = useId();
  const item = notice?.status === 'ready' ? notice.notice?.resume || null : null;
  const version = notice?.notice?.version;

  // Shown once the notice has offered a résumé, and kept while the notice reloads (after a 409).
  const [offered, setOffered] = useState(false);
  if (item && !offered) setOffered(true);

  const [resume, setResume] = useState(undefined); // undefined: loading; null: none
  const [loadError, setLoadError] = useState(null);
  const [replacing, setReplacing] = useState(false);
  const [file, setFile] = useState(null);
  const [fileError, setFileError] = useState(null);
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(null);
  const [error, setError] = useState(null);
  const [notice409, setNotice409] = useState(false);
  const [done, setDone] = useState(null); // 'uploaded' | 'deleted'
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const fileInput = useRef(null);
  const consentBox = useRef(null);
  const loadCtrl = useRef(null);
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    loadCtrl.current?.abort();
    const ctrl = new AbortController();
    loadCtrl.current = ctrl;
    setLoadError(null);
    setResume(undefined);
    try {
      const current = await getResume({ signal: ctrl.signal });
      if (!ctrl.signal.aborted) setResume(current);
    } catch (err) {
      if (err?.name === 'AbortError' || ctrl.signal.aborted) return;
      if (err?.status !== 401) setLoadError(err);
    }
  }, []);

  useEffect(() => {
    if (offered) load();
    return () => loadCtrl.current?.abort();
  }, [offered, load]);

  // A new version of the notice is agreed to afresh.
  useEffect(() => {
    setConsent(false);
  }, [version]);

  if (!offered) return null;

  function clearFile() {
    setFile(null);
    setFileError(null);
    if (fileInput.current) fileInput.current.value = '';
  }

  async function onUpload() {
    if (inFlight.current) return;
    setError(null);
    setDone(null);
    const problem = fileProblem(file, t);
    setFileError(problem);
    setConsentError(consent ? null : t('resume.consentMissing'));
    if (problem) {
      fileInput.current?.focus();
      return;
    }
    if (!consent) {
      consentBox.current?.focus();
      return;
    }
    if (!item || !version) {
      setError(t('resume.noticeLoading'));
      return;
    }
    inFlight.current = true;
    setBusy(true);
    loadCtrl.current?.abort();
    try {
      const uploaded = await uploadResume(file, version);
      setResume(uploaded);
      setLoadError(null);
      setReplacing(false);
      setConsent(false);
      setNotice409(false);
      setDone('uploaded');
      clearFile();
    } catch (err) {
      if (err?.status === 401) return;
      // The server's `detail` is written for people and shown as it is; a gateway's 413 has none.
      setError(err?.status === 413 && !err?.detail ? t('resume.tooLargeServer') : describeError(err, t));
      if (err?.status === 409) {
        // The notice changed while it was being read: show the new one and ask again.
        setNotice409(true);
        setConsent(false);
        notice?.reload?.();
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  async function onDelete() {
    if (deleting) return;
    setDeleting(true);
    setError(null);
    setDone(null);
    try {
      await deleteResume();
      setResume(null);
      setConfirmDelete(false);
      setReplacing(false);
      setDone('deleted');
    } catch (err) {
      if (err?.status === 401) return;
      if (err?.status === 404) {
        // Already gone (deleted elsewhere): that is what was asked for.
        setResume(null);
        setConfirmDelete(false);
        setDone('deleted');
      } else {
        setError(describeError(err, t));
      }
    } finally {
      setDeleting(false);
    }
  }

  const showForm = resume === null || (resume && replacing);
  const state = resume === undefined ? (loadError ? 'error' : 'loading') : resume ? 'uploaded' : 'none';

  return (
    <fieldset className="consent resume-panel" data-testid="resume-panel" data-state={state}>
      <legend className="consent__title">
        {t('resume.title')}
      </legend>
      <p className="muted small">{t('resume.intro')}</p>

      {notice409 && (
        <Alert kind="warning" data-testid="resume-notice-changed">
          {t('resume.noticeChanged')}
        </Alert>
      )}
      {item ? (
        <ResumeNotice item={item} />
      ) : (
        <p className="muted small" role="status" data-testid="resume-notice-loading">
          {t('resume.noticeLoading')}
        </p>
      )}

      {state === 'loading' && (
        <p className="muted small" role="status" data-testid="resume-loading">
          {t('resume.loading')}
        </p>
      )}
      {state === 'error' && (
        <div className="stack">
          <Alert data-testid="resume-load-error">
            {t('resume.loadFailed')} {describeError(loadError, t)}
          </Alert>
          <button type="button" className="btn btn--ghost btn--small" onClick={load} data-testid="resume-retry">
            {t('common.retry')}
          </button>
        </div>
      )}
      {state === 'none' && (
        <p className="muted small" data-testid="resume-empty">
          {t('resume.empty')}
        </p>
      )}
      {done === 'uploaded' && resume && (
        <Alert kind="success" data-testid="resume-uploaded">
          {t('resume.uploaded')}
        </Alert>
      )}
      {done === 'deleted' && resume === null && (
        <Alert kind="success" data-testid="resume-deleted">
          {t('resume.deleted')}
        </Alert>
      )}

      {resume && <ResumeSummary resume={resume} />}
      {resume && !replacing && !confirmDelete && (
        <div className="actions">
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => {
              setReplacing(true);
              setDone(null);
              setError(null);
            }}
            data-testid="resume-replace"
          >
            {t('resume.replace')}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--small resume-panel__delete"
            onClick={() => {
              setConfirmDelete(true);
              setDone(null);
              setError(null);
            }}
            data-testid="resume-delete"
          >
            {t('resume.delete')}
          </button>
        </div>
      )}
      {resume && confirmDelete && (
        <div className="confirm resume-panel__confirm" role="group" aria-labelledby={`${titleId}-delete`} data-testid="resume-delete-dialog">
          <strong id={`${titleId}-delete`}>{t('resume.deleteTitle')}</strong>
          <p className="small">{t('resume.deleteExplain')}</p>
          <div className="actions">
            <button type="button" className="btn btn--danger btn--small" onClick={onDelete} disabled={deleting} data-testid="resume-delete-confirm">
              {deleting ? t('resume.deleting') : t('resume.deleteConfirm')}
            </button>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => setConfirmDelete(false)}
              disabled={deleting}
              data-testid="resume-delete-cancel"
            >
              {t('resume.cancel')}
            </button>
          </div>
        </div>
      )}

      {showForm && (
        <div className="resume-upload" data-testid="resume-upload-form" aria-busy={busy ? 'true' : undefined}>
          {resume && <p className="muted small">{t('resume.replaceNote')}</p>}
          <div className={`field${fileError ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={fileId}>
              {t('resume.file')}
            </label>
            <input
              id={fileId}
              ref={fileInput}
              type="file"
              className="field__input"
              accept={ACCEPT}
              disabled={busy}
              onChange={(e) => {
                const chosen = e.target.files?.[0] || null;
                setFile(chosen);
                // Too big or empty is said at once; "no file" only when uploading.
                setFileError(chosen ? fileProblem(chosen, t) : null);
                setError(null);
                setDone(null);
              }}
              aria-invalid={fileError ? 'true' : undefined}
              aria-describedby={fileError ? `${fileId}-error` : `${fileId}-hint`}
              data-testid="resume-file"
            />
            {fileError ? (
              <p className="field__error" id={`${fileId}-error`} data-testid="resume-file-error">
                {fileError}
              </p>
            ) : (
              <p className="field__hint" id={`${fileId}-hint`}>
                {t('resume.fileHint')}
              </p>
            )}
          </div>
          <label className={`checkbox${consentError ? ' checkbox--invalid' : ''}`} htmlFor={consentId}>
            <input
              id={consentId}
              ref={consentBox}
              type="checkbox"
              checked={consent}
              disabled={busy}
              onChange={(e) => {
                setConsent(e.target.checked);
                if (e.target.checked) setConsentError(null);
              }}
              aria-invalid={consentError ? 'true' : undefined}
              aria-describedby={consentError ? `${consentId}-error` : undefined}
              data-testid="resume-consent"
            />
            <span>{t('resume.agree')}</span>
          </label>
          {consentError && (
            <p className="field__error" id={`${consentId}-error`} role="alert" data-testid="resume-consent-error">
              {consentError}
            </p>
          )}
          <Alert data-testid="resume-error">{error}</Alert>
          <div className="actions">
            <button type="button" className="btn btn--primary btn--small" onClick={onUpload} disabled={busy} data-testid="resume-upload">
              {busy ? t('resume.uploading') : t('resume.upload')}
            </button>
            {resume && (
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => {
                  setReplacing(false);
                  clearFile();
                  setConsent(false);
                  setConsentError(null);
                  setError(null);
                }}
                disabled={busy}
                data-testid="resume-replace-cancel"
              >
                {t('resume.cancel')}
              </button>
            )}
          </div>
        </div>
      )}
      {!showForm && <Alert data-testid="resume-error">{error}</Alert>}
    </fieldset>
  );
}
