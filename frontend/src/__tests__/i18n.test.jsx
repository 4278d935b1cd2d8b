import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { messages, translate } from '../i18n.js';
import { mockBackend, renderApp } from '../test/utils.jsx';

describe('i18n', () => {
  it('has the same keys in Korean and English', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.ko).sort());
  });

  it('fills placeholders', () => {
    expect(translate('ko', 'errors.rateLimited', { seconds: 5 })).toContain('5초');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('shows Korean by default and toggles to English', async () => {
    mockBackend({});
    const user = userEvent.setup();
    renderApp('/login');
    expect(screen.getByTestId('login-submit')).toHaveTextContent('로그인');
    expect(document.documentElement.lang).toBe('ko');

    await user.click(screen.getByTestId('lang-toggle'));
    expect(screen.getByTestId('login-submit')).toHaveTextContent('Log in');
    expect(document.documentElement.lang).toBe('en');
  });
});
