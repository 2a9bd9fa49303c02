import formStyles from "@/components/ui/Form.module.css";

interface FilterSelectProps {
  name: string;
  label: string;
  /** The value chosen in the address; "" for the first option (any, or the default). */
  value: string;
  options: readonly (readonly [value: string, label: string])[];
  errors?: string[];
}

/**
 * One labelled choice of the user list's GET form. Uncontrolled: the form
 * sends what is picked, with or without JavaScript.
 */
export function FilterSelect({ name, label, value, options, errors }: FilterSelectProps) {
  const id = `admin-filter-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={formStyles.field}>
      <label htmlFor={id} className={formStyles.label}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className={formStyles.input}
        defaultValue={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
      >
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
      {invalid && (
        <p id={`${id}-error`} className={formStyles.fieldError}>
          {errors?.join(" ")} Showing any.
        </p>
      )}
    </div>
  );
}
