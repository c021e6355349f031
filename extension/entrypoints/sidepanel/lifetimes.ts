/** Message and room lifetimes offered in the panel, in seconds. */
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
