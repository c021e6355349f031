/** Message and room lifetimes offered in the panel, in seconds, and the selects that offer them. */
export const MESSAGE_LIFETIMES: { label: string; seconds: number | null }[] = [
  { label: 'Keep (room default)', seconds: null },
  { label: '10 seconds', seconds: 10 },
  { label: '30 seconds', seconds: 30 },
  { label: '1 minute', seconds: 60 },
  { label: '5 minutes', seconds: 300 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
];

export const ROOM_LIFETIMES: { label: string; seconds: number }[] = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
];

/** What a new room or chat lasts unless the person picks otherwise: a day. */
export const DEFAULT_ROOM_LIFETIME = ROOM_LIFETIMES[1]!.seconds;

/** A labelled room or chat lifetime. */
export function RoomLifetimeSelect(props: {
  label: string;
  value: number;
  onChange: (seconds: number) => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(Number(e.currentTarget.value))}>
        {ROOM_LIFETIMES.map((o) => (
          <option key={o.seconds} value={o.seconds}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled message lifetime; `null` keeps the room's default. `keepLabel` renames that choice. */
export function MessageLifetimeSelect(props: {
  label: string;
  value: number | null;
  onChange: (seconds: number | null) => void;
  name?: string;
  keepLabel?: string;
  class?: string;
  /** For a select without a visible label (the composer's timer). */
  ariaLabel?: string;
}) {
  return (
    <label class={props.class}>
      {props.label}
      <select
        name={props.name}
        aria-label={props.ariaLabel}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
      >
        {MESSAGE_LIFETIMES.map((o) => (
          <option key={o.label} value={o.seconds ?? ''}>
            {o.seconds === null && props.keepLabel ? props.keepLabel : o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
