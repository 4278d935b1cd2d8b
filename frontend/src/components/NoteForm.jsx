import { useId, useState } from 'react';
import { describeError, useI18n } from '../i18n.js';
import Alert from './Alert.jsx';

export const NOTE_MAX = 1000;

/**
 * A short text (1–1000 characters) sent with one button: the candidate's reason for a human
 * review, the recruiter's note when resolving it. `onSubmit(text)` returns a promise; its result
 * goes to `onDone`. A 409 (the state changed meanwhile) calls `onConflict` as well.
 * Test ids: `${testId}-form`, `-input`, `-count`, `-error`, `-submit`.
 */
export default function NoteForm({ label, hint, submitLabel, busyLabel, onSubmit, onDone, onConflict, testId }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const value = text.trim();
    if (!value) {
      setError(t('note.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await onSubmit(value.slice(0, NOTE_MAX));
      setText('');
      onDone?.(result);
    } catch (err) {
      if (err?.status === 401) return;
      setError(describeError(err, t));
      if (err?.status === 409) onConflict?.();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid={`${testId}-form`}>
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <textarea
          id={id}
          className="field__input note-form__input"
          rows={4}
          maxLength={NOTE_MAX}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={`${id}-hint`}
          data-testid={`${testId}-input`}
        />
        <div className="note-form__footer">
          <span className="field__hint" id={`${id}-hint`}>
            {hint}
          </span>
          <span className="muted small" data-testid={`${testId}-count`}>
            {text.length} / {NOTE_MAX}
          </span>
        </div>
      </div>
      <Alert data-testid={`${testId}-error`}>{error}</Alert>
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid={`${testId}-submit`}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
