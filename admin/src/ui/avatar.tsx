/** A user's picture (content-addressed, cached for a year) or their initials. */
export function Avatar({
  name,
  avatarKey,
  size = 32,
}: {
  name: string;
  avatarKey: string | null;
  size?: number;
}) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .filter(Boolean)
    .slice(0, 2)
    .join('')
    .toUpperCase();
  return avatarKey ? (
    <img
      src={`/api/avatars/${avatarKey}`}
      alt=""
      width={size}
      height={size}
      className="rounded-full object-cover"
      style={{ width: size, height: size }}
    />
  ) : (
    <span
      aria-hidden="true"
      className="inline-flex items-center justify-center rounded-full bg-accent/20 font-semibold text-accent"
      style={{ width: size, height: size, fontSize: size * 0.4 }}
    >
      {initials}
    </span>
  );
}
