// The built-in profiles: each is one vendor's injection config entries, as its source gives them, in one
// JSON file that names the vendor and the source. The entries live there and nowhere else: a runtime
// unit has no say in what a vendor ships, so a runtime of no vendor cannot enter a vendor's profile
// (test/seed.test.ts holds the ack profile to the vendor's document, test/runtimes/profiles.test.ts the
// openkruise one to its chart), and --print-defaults says whose entries it prints.
import ack from './profiles/ack.json' with { type: 'json' };
import openkruise from './profiles/openkruise.json' with { type: 'json' };
import type { Profile } from './unit.js';

export interface BuiltInProfile {
  /** Whose entries they are: the vendor that installs them in its clusters. */
  readonly vendor: string;
  /** Where they come from, in words: the vendor's document or chart, and what was changed. */
  readonly source: string;
  /** Each runtime's entry, as the vendor's ConfigMap holds it. */
  readonly entries: Readonly<Record<string, unknown>>;
}

export const BUILT_IN_PROFILES: Readonly<Record<Profile, BuiltInProfile>> = {
  ack: {
    vendor: ack.vendor,
    source:
      `"${ack.source.document}" (${ack.source.publisher}, updated ${ack.source.updated}): the ConfigMap ` +
      `that ${ack.source.component} installs; ${ack.source.changed}`,
    entries: ack.entries,
  },
  openkruise: {
    vendor: openkruise.vendor,
    source:
      `${openkruise.source.repository} at ` +
      `${openkruise.source.commit.slice(0, 8)}, ${openkruise.source.path}, rendered with the chart's ` +
      'values.yaml defaults',
    entries: openkruise.entries,
  },
};
