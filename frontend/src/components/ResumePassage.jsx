import { useId, useState } from 'react';
import { truncateText } from '../format.js';
import { useI18n } from '../i18n.js';

/** The kinds of résumé section the server recognises, in résumé order. */
export const RESUME_SECTION_KINDS = ['summary', 'experience', 'projects', 'skills', 'education', 'other'];

/** How much of a grounding passage is shown before "전체 보기". */
export const PASSAGE_PREVIEW_CHARS = 300;

/** A section kind for people (자기소개, 경력, …); an unknown kind is shown as the server sent it. */
export function resumeSectionLabel(kind, t) {
  if (!kind) return t('resume.section.other');
  const key = `resume.section.${kind}`;
  const label = t(key);
  return label === key ? String(kind) : label;
}

/**
 * "이력서 근거": the résumé passage a question was grounded in (`resume_passage: {id, section, text}`),
 * quoted, cut to about 300 characters with the whole text in the title and behind "전체 보기".
 * Renders nothing without a passage.
 */
export default function ResumePassage({ passage }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const textId = useId();
  const text = typeof passage?.text === 'string' ? passage.text.trim() : '';
  if (!passage || !text) return null;
  const short = truncateText(text, PASSAGE_PREVIEW_CHARS);
  const cut = short !== text;
  return (
    <div className="resume-passage" data-testid="resume-passage" data-passage-id={passage.id ?? ''} data-section={passage.section ?? ''}>
      <span className="resume-passage__label">
        {t('resume.passage.label')}
        <span className="tag" data-testid="resume-passage-section">
          {resumeSectionLabel(passage.section, t)}
        </span>
      </span>
      <blockquote className="resume-passage__text" id={textId} title={cut ? text : undefined} data-testid="resume-passage-text">
        {open || !cut ? text : short}
      </blockquote>
      {cut && (
        <button
          type="button"
          className="resume-passage__toggle"
          aria-expanded={open}
          aria-controls={textId}
          onClick={() => setOpen((v) => !v)}
          data-testid="resume-passage-toggle"
        >
          {open ? t('resume.passage.less') : t('resume.passage.more')}
        </button>
      )}
    </div>
  );
}
