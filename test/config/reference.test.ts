// The entry-field table of docs/config.md is made from the runtime units' `fields` and the entry's
// struct: a runtime registered in a table of its own shows among the readers of the fields it reads,
// and each field's type is the Go type the controller declares. (Its staleness in docs/config.md is
// checked with the option table's, in options.test.ts.)
import assert from 'node:assert/strict';
import { entryFieldTable } from '../../src/config/reference.js';
import { generic } from '../../src/runtimes/generic.js';
import { RUNTIMES, RuntimeTable } from '../../src/runtimes/table.js';
import type { RuntimeUnit } from '../../src/runtimes/unit.js';

const rowOf = (table: string, field: string): string[] => {
  const row = table.split('\n').find((line) => line.startsWith(`| \`${field}\` |`));
  assert.ok(row, `the table has a row for ${field}`);
  return row.split(' | ').map((cell) => cell.replace(/^\| |`| \|$/g, ''));
};

describe('config/reference: the entry-field table', () => {
  it('names, for each field, its Go type and the runtimes whose unit reads it', () => {
    const table = entryFieldTable(RUNTIMES, generic);
    assert.deepEqual(rowOf(table, 'mainContainer.lifecycle.postStart'), [
      'mainContainer.lifecycle.postStart',
      'LifecycleHandler',
      'agent-runtime',
    ]);
    assert.deepEqual(rowOf(table, 'mainContainer.env'), ['mainContainer.env', '[]EnvVar', 'agent-runtime, csi']);
    assert.deepEqual(rowOf(table, 'labels'), ['labels', 'map[string]string', 'traffic-proxy, every other runtime']);
    assert.deepEqual(rowOf(table, 'volume'), ['volume', '[]Volume', 'every runtime']);
  });

  it('follows a runtime registered in a table of its own', () => {
    const logShipper: RuntimeUnit = {
      name: 'log-shipper',
      order: 'fixed',
      fields: ['csiSidecar', 'labels'],
      writes: [],
      expand: () => undefined,
    };
    const table = entryFieldTable(new RuntimeTable([...RUNTIMES.units, logShipper]), generic);
    assert.equal(rowOf(table, 'csiSidecar')[2], 'agent-runtime, csi, log-shipper');
    assert.equal(rowOf(table, 'labels')[2], 'traffic-proxy, log-shipper, every other runtime');
    assert.equal(rowOf(table, 'volume')[2], 'agent-runtime, csi, traffic-proxy, every other runtime');
  });
});
