// Marks drawn here (no external assets): each provider's initials on a colour close to its brand, white
// text at a contrast of at least 4.5:1.
const MARKS: Record<string, { label: string; color: string; accent?: string }> = {
  jumpcloud: { label: 'JC', color: '#0f766e' },
  okta: { label: 'ok', color: '#1d4ed8' },
  'entra-id': { label: 'E', color: '#0063b1', accent: '#50e6ff' },
  'google-workspace': { label: 'G', color: '#ffffff', accent: '#4285f4' },
  onelogin: { label: '1L', color: '#1f2937' },
  pingone: { label: 'P1', color: '#b91c1c' },
  'generic-scim': { label: '{ }', color: '#475569' },
};

export function ProviderLogo({ providerId, size = 40 }: { providerId: string; size?: number }) {
  const mark = MARKS[providerId] ?? { label: providerId.slice(0, 2).toUpperCase(), color: '#475569' };
  if (providerId === 'google-workspace') {
    return (
      <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" className="provider-logo">
        <rect x="0.5" y="0.5" width="39" height="39" rx="9" fill="#fff" stroke="#d1d5db" />
        <path
          d="M29.6 20.3c0-.7-.1-1.4-.2-2H20v3.8h5.4a4.7 4.7 0 0 1-2 3v2.5h3.3c1.9-1.8 2.9-4.4 2.9-7.3z"
          fill="#4285f4"
        />
        <path
          d="M20 30c2.7 0 5-.9 6.7-2.4l-3.3-2.5c-.9.6-2 1-3.4 1-2.6 0-4.8-1.8-5.6-4.1h-3.4v2.6A10 10 0 0 0 20 30z"
          fill="#34a853"
        />
        <path d="M14.4 22a6 6 0 0 1 0-3.9v-2.6H11a10 10 0 0 0 0 9.1l3.4-2.6z" fill="#fbbc04" />
        <path
          d="M20 13.9c1.5 0 2.8.5 3.9 1.5l2.9-2.9A10 10 0 0 0 11 15.5l3.4 2.6c.8-2.4 3-4.2 5.6-4.2z"
          fill="#ea4335"
        />
      </svg>
    );
  }
  if (providerId === 'entra-id') {
    return (
      <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" className="provider-logo">
        <rect width="40" height="40" rx="9" fill={mark.color} />
        <path d="M20 8 9 21.5l11 6.8 11-6.8z" fill="#fff" opacity="0.95" />
        <path d="M20 28.3 9 21.5 20 32l11-10.5z" fill={mark.accent} />
      </svg>
    );
  }
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" className="provider-logo">
      <rect width="40" height="40" rx="9" fill={mark.color} />
      <text
        x="20"
        y="21"
        textAnchor="middle"
        dominantBaseline="middle"
        fill="#fff"
        fontFamily="system-ui, -apple-system, 'Segoe UI', sans-serif"
        fontWeight="700"
        fontSize={mark.label.length > 2 ? 13 : 16}
      >
        {mark.label}
      </text>
    </svg>
  );
}
