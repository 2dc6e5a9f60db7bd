/** The id of a field's error message: what the field's aria-describedby names while it is invalid. */
export const fieldErrorId = (fieldId: string): string => `${fieldId}-error`;

/** The message under a form field that failed validation; nothing when it is valid. */
export function FieldError({ fieldId, message }: { fieldId: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={fieldErrorId(fieldId)} className="text-sm text-red-600">
      {message}
    </p>
  );
}
