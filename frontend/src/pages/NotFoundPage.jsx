import { Link } from 'react-router-dom';
import { useI18n } from '../i18n.js';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="narrow-page">
      <section className="card" data-testid="not-found">
        <h1 className="card__title card__title--large">{t('notFound.title')}</h1>
        <Link className="btn btn--ghost" to="/">
          {t('notFound.back')}
        </Link>
      </section>
    </div>
  );
}
