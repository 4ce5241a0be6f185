// The option reference as the docs and krm-function.yaml show it, made from the declarations in
// options.ts: the JSON schema of the typed spec, and the option table of README.md and docs/config.md.
// `npm run docs:generate` (scripts/docs-generate.ts) writes them; a test fails while they are stale.
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
