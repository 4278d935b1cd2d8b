import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockBackend, renderApp } from '../test/utils.jsx';

async function fillRegister(user, { username = 'minji', fullName = '김민지', password = 'secret-pass1' } = {}) {
  await user.type(screen.getByTestId('register-username'), username);
  await user.type(screen.getByTestId('register-full-name'), fullName);
  await user.type(screen.getByTestId('register-password'), password);
}

describe('Register page', () => {
  it('sends {username, password, full_name} as JSON to POST /api/register and goes to login', async () => {
    const fetch = mockBackend({
      'POST /api/register': [201, { id: 1, username: 'minji', full_name: '김민지', role: 'candidate', created_at: 'x' }],
    });
    const user = userEvent.setup();
    renderApp('/register');

    await fillRegister(user);
    await user.click(screen.getByTestId('register-submit'));

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const [call] = fetch.calls('POST /api/register');
    expect(call.headers['Content-Type']).toBe('application/json');
    expect(call.headers.Authorization).toBeUndefined();
    expect(JSON.parse(call.body)).toEqual({ username: 'minji', password: 'secret-pass1', full_name: '김민지' });

    // Registered: on to the login page, username pre-filled, success notice shown.
    expect(await screen.findByTestId('login-notice')).toHaveTextContent('회원가입이 완료되었습니다');
    expect(screen.getByTestId('login-username')).toHaveValue('minji');
  });

  it("shows the server's 422 detail inline (role=alert) and the field message", async () => {
    mockBackend({
      'POST /api/register': [
        422,
        {
          detail: '비밀번호에는 숫자가 하나 이상 있어야 합니다.',
          errors: [{ field: 'password', message: '숫자를 포함해 주세요.' }],
        },
      ],
    });
    const user = userEvent.setup();
    renderApp('/register');

    await fillRegister(user, { password: 'onlyletters' });
    await user.click(screen.getByTestId('register-submit'));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('비밀번호에는 숫자가 하나 이상 있어야 합니다.');
    expect(alert).toHaveAttribute('data-testid', 'register-error');
    expect(screen.getByTestId('register-password-error')).toHaveTextContent('숫자를 포함해 주세요.');
    // The button works again after the error.
    expect(screen.getByTestId('register-submit')).toBeEnabled();
  });

  it('shows the 409 duplicate-username detail', async () => {
    mockBackend({ 'POST /api/register': [409, { detail: '이미 사용 중인 아이디입니다.' }] });
    const user = userEvent.setup();
    renderApp('/register');

    await fillRegister(user);
    await user.click(screen.getByTestId('register-submit'));

    expect(await screen.findByTestId('register-error')).toHaveTextContent('이미 사용 중인 아이디입니다.');
  });

  it('checks the input before calling the server', async () => {
    const fetch = mockBackend({});
    const user = userEvent.setup();
    renderApp('/register');

    await fillRegister(user, { username: 'a b', password: 'short' });
    await user.click(screen.getByTestId('register-submit'));

    expect(screen.getByTestId('register-username-error')).toBeInTheDocument();
    expect(screen.getByTestId('register-password-error')).toHaveTextContent('8자 이상 24자 이하');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('has a password input limited to 8–24 characters', () => {
    mockBackend({});
    renderApp('/register');
    const pw = screen.getByTestId('register-password');
    expect(pw).toHaveAttribute('type', 'password');
    expect(pw).toHaveAttribute('maxLength', '24');
    expect(pw).toHaveAttribute('minLength', '8');
    expect(pw.maxLength).toBe(24);
  });
});
