import { useI18n } from '../../i18n.js';

export const REPLAY_WINDOW_SECONDS = 300;

/** How the receiving system checks that a request comes from us (docs/webhooks.md, "Verifying a request"). */
export default function SignatureHelp() {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="signature-title" data-testid="webhook-signature-help">
      <h2 id="signature-title" className="card__title">
        {t('signature.title')}
      </h2>
      <p className="muted small">{t('signature.intro')}</p>
      <dl className="details signature__headers">
        <div className="details__row">
          <dt className="mono">X-Interview-Signature</dt>
          <dd>
            <code className="mono" data-testid="signature-header-example">
              t=1764787200,v1=5f0c…
            </code>
            <p className="muted small">{t('signature.headerSignature')}</p>
          </dd>
        </div>
        <div className="details__row">
          <dt className="mono">X-Interview-Event</dt>
          <dd className="small">{t('signature.headerEvent')}</dd>
        </div>
        <div className="details__row">
          <dt className="mono">X-Interview-Delivery</dt>
          <dd className="small">{t('signature.headerDelivery')}</dd>
        </div>
      </dl>
      <ol className="signature__steps" data-testid="signature-steps">
        <li>{t('signature.step1')}</li>
        <li>
          {t('signature.step2')}
          <pre className="signature__formula mono" data-testid="signature-formula">
            {t('signature.formula')}
          </pre>
        </li>
        <li>{t('signature.step3')}</li>
        <li data-testid="signature-replay">{t('signature.step4', { seconds: REPLAY_WINDOW_SECONDS })}</li>
        <li>{t('signature.step5')}</li>
      </ol>
    </section>
  );
}
