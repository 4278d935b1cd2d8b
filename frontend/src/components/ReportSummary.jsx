import { useI18n } from '../i18n.js';
import { BulletList, RubricBars } from './Score.jsx';

/**
 * A finished report's summary: the recommendation (recruiters only), answered count, rubric bars and
 * the strengths / improvements. One component so the candidate's results and the recruiter's review
 * cannot drift apart; `testIdPrefix` ("results" | "detail") keeps each page's test ids.
 */
export default function ReportSummary({ report, testIdPrefix, testId = `${testIdPrefix}-report`, showRecommendation = false }) {
  const { t } = useI18n();
  return (
    <div className="report" data-testid={testId}>
      {/* The hire recommendation is for recruiters only; candidates never see it. */}
      {showRecommendation && (
        <>
          <div
            className={`recommendation recommendation--${report.recommendation}`}
            data-testid={`${testIdPrefix}-recommendation`}
            data-recommendation={report.recommendation}
          >
            <strong>{t(`recommendation.${report.recommendation}`)}</strong>
            <span>{report.recommendation_reason}</span>
          </div>
          <p className="muted small">{t('recruiter.recommendationNote')}</p>
        </>
      )}
      {/* Not prefixed: both pages have always used this id. */}
      <p className="muted" data-testid="results-answered">
        {t('results.answeredOf', { answered: report.answered, asked: report.asked })}
      </p>
      <RubricBars rubric={report.rubric} testIdPrefix={`${testIdPrefix}-rubric`} />
      <div className="two-col">
        <BulletList title={t('results.strengths')} items={report.strengths} data-testid={`${testIdPrefix}-strengths`} />
        <BulletList title={t('results.improvements')} items={report.improvements} data-testid={`${testIdPrefix}-improvements`} />
      </div>
    </div>
  );
}
