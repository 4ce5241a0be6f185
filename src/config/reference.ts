// The references as the docs and krm-function.yaml show them, made from their declarations: from
// options.ts, the JSON schema of the typed spec and the option table of docs/config.md; from the runtime
// units and the entry's fields (src/runtimes/), the entry-field table of docs/config.md.
// `npm run docs:generate` (scripts/docs-generate.ts) writes them; a test fails while they are stale.
import { ENTRY_FIELDS, ENTRY_STRUCT, type EntryField } from '../runtimes/entry.js';
import { loadCoreTypes } from '../runtimes/models.js';
import type { RuntimeTable } from '../runtimes/table.js';
import type { RuntimeUnit } from '../runtimes/unit.js';
import { FIELDS, type Declarations, type JsonSchema } from './options.js';

/** The schema of SandboxRuntimeInjection's spec. */
export function specSchema(declarations: Declarations): JsonSchema {
  const options = Object.entries(declarations).map(([name, d]) => [
    name,
    { ...d.type.schema, ...(d.default === undefined ? {} : { default: d.default }), description: d.description },
  ]);
  const fields = Object.entries(FIELDS).map(([name, f]) => {
    const { type, ...rest } = f.schema;
    return [name, { type, description: f.description, ...rest }];
  });
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries([...options, ...fields]) };
}

/** `<region-id>` would be read as an HTML tag. */
const markdown = (text: string): string => text.replace(/<[a-z-]+>/g, '`$&`');

/** The option table, in Markdown. */
export function optionTable(declarations: Declarations): string {
  const rows = [
    ...Object.entries(declarations).map(([name, d]) => {
      const values = d.type.schema.enum as readonly string[] | undefined;
      const type = values ? values.map((v) => `\`${v}\``).join(', ') : d.type.shown;
      const given = d.default === undefined ? 'none' : `\`${String(d.default)}\``;
      return [`\`${name}\``, type, given, d.flag ? `\`--${d.flag}\`` : '', markdown(d.description)];
    }),
    ...Object.entries(FIELDS).map(([name, f]) => [
      `\`${name}\``,
      `\`${f.shown}\``,
      'none',
      '',
      markdown(f.description),
    ]),
  ];
  return [['option', 'type', 'default', 'flag', 'meaning'], ['---', '---', '---', '---', '---'], ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

/** Go's spelling of a type of the entry's struct (runtimes/godecode.ts): []Container, map[string]string. */
function goTypeName(type: string): string {
  if (type.startsWith('[]')) return `[]${goTypeName(type.slice(2))}`;
  if (type.startsWith('{}')) return `map[string]${goTypeName(type.slice(2))}`;
  if (type === 's') return 'string';
  return type.replace(/^=/, '').replace(/^ApiCoreV1/, '');
}

/** The Go type of an entry field (`mainContainer.lifecycle.postStart`), by the controller's struct. */
function entryFieldType(field: EntryField): string {
  const structs = { ...loadCoreTypes(), ...ENTRY_STRUCT };
  let type = 'SidecarInjectConfig';
  for (const key of field.split('.')) {
    const found = structs[type.replace(/^=/, '')]?.[key];
    if (found === undefined) throw new Error(`entry field ${field}: ${type} has no field ${key}`);
    type = found;
  }
  return goTypeName(type);
}

/**
 * The entry-field table, in Markdown: each field a runtime can read (ENTRY_FIELDS), its Go type, and
 * the runtimes whose unit reads it; `others` is the unit of every runtime the table does not name.
 */
export function entryFieldTable(table: RuntimeTable, others: RuntimeUnit): string {
  const rows = (Object.keys(ENTRY_FIELDS) as EntryField[]).map((field) => {
    const readers = table.units.filter((u) => u.fields.includes(field)).map((u) => u.name!);
    const byOthers = others.fields.includes(field);
    const readBy =
      byOthers && readers.length === table.units.length
        ? 'every runtime'
        : [...readers, ...(byOthers ? ['every other runtime'] : [])].join(', ') || 'none';
    return [`\`${field}\``, `\`${entryFieldType(field)}\``, readBy];
  });
  return [['field', 'type', 'read by'], ['---', '---', '---'], ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}
