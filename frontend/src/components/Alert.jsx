/** An inline message. Errors use role="alert" so screen readers announce them. */
export default function Alert({ kind = 'error', children, ...rest }) {
  if (!children) return null;
  const role = kind === 'error' ? 'alert' : 'status';
  return (
    <div className={`alert alert--${kind}`} role={role} {...rest}>
      {children}
    </div>
  );
}
