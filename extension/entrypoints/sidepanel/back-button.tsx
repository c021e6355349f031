/** The header's way back to the home screen, the same on every screen that has one. */
export function BackButton({ onBack }: { onBack(): void }) {
  return (
    <button
      type="button"
      class="icon-button"
      onClick={onBack}
      aria-label="Back to your chats"
      data-testid="back"
    >
      ←
    </button>
  );
}
