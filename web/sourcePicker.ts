import type { InstanceAnswer } from './apiTypes.js';
import { offersChoice, type SourceChoice, sourceOptions, sourceParams } from './sourceChoice.js';

/**
 * Offers the services and instances the overview lists in the picker, when
 * there is a choice (or one is made); keeps the options when they are the same.
 */
export function showSourcePicker(
  picker: HTMLElement,
  select: HTMLSelectElement,
  instances: readonly InstanceAnswer[],
  chosen: SourceChoice,
): void {
  const current = sourceParams(chosen);
  const show = offersChoice(instances) || current !== '';
  picker.hidden = !show;
  if (!show) return;
  const options = sourceOptions(instances, chosen);
  const same =
    select.options.length === options.length &&
    options.every(
      (o, i) => select.options[i]?.value === o.value && select.options[i]?.text === o.label,
    );
  if (!same) select.replaceChildren(...options.map((o) => new Option(o.label, o.value)));
  select.value = current;
}
