// Client-side checks that mirror the backend contract. The server stays the
// authority: its 422 `detail` and `errors` are shown as well.
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 24;
export const TEXT_MAX = 100;

/** Returns {field: i18nKey} for each problem; empty when valid. */
export function validateRegistration({ username, password, full_name }) {
  const errors = {};
  if (!username) errors.username = 'validation.usernameRequired';
  else if (!USERNAME_PATTERN.test(username)) errors.username = 'validation.usernameFormat';
  if (!full_name.trim()) errors.full_name = 'validation.fullNameRequired';
  if (!password) errors.password = 'validation.passwordRequired';
  else if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) errors.password = 'validation.passwordLength';
  return errors;
}

export function validateLogin({ username, password }) {
  const errors = {};
  if (!username.trim()) errors.username = 'validation.usernameRequired';
  if (!password) errors.password = 'validation.passwordRequired';
  return errors;
}

export function validateSessionStart({ user_name, position }) {
  const errors = {};
  if (!user_name.trim()) errors.user_name = 'validation.nameRequired';
  if (!position.trim()) errors.position = 'validation.positionRequired';
  return errors;
}

/** Map the server's [{field, message}] onto the form's fields (unknown fields are dropped). */
export function serverFieldErrors(errors, fields, aliases = {}) {
  const out = {};
  for (const { field, message } of errors || []) {
    const name = aliases[field] || field;
    if (fields.includes(name) && !out[name]) out[name] = message;
  }
  return out;
}
