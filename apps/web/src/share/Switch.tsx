/** A labelled on/off switch (a checkbox underneath, so keyboards and screen readers know it). */
export function Switch({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <label className="share-switch">
      <span className="share-switch-text">
        <span>{label}</span>
        {hint ? <small className="hint">{hint}</small> : null}
      </span>
      <input type="checkbox" role="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
    </label>
  );
}
