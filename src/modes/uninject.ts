// uninject: the recorded injection taken out, and the status record with it.
import { success } from '../base/outcome.js';
import { removalWarnings, takeOut, type ModeOf } from './item.js';

export const uninject: ModeOf = (item) => {
  const taken = takeOut(item, 'uninject');
  if (!taken.ok) return taken;
  const { stripped, results } = taken.value;
  return success({
    ...(item.status ? { text: stripped.text } : {}),
    results: [...removalWarnings(item, taken.value), ...results],
  });
};
