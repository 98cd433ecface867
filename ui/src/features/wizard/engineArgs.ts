import type { EngineArg } from '../../api/hangar'
import { fieldText, type FieldProblem } from '../../api/client'
import { serverText } from '../../i18n/server'

/**
 * The engine-argument editor's model: a runtime's schema (`engineArgs[]` of GET /api/v1/runtimes)
 * turned into form fields (help in the UI's language), and the form's values turned back into what is sent, which is only
 * what differs from the defaults (the server keeps only those too).
 */
export interface ArgField {
  name: string
  control: 'select' | 'switch' | 'number' | 'text'
  choices: string[]
  min?: number
  max?: number
  step?: number | 'any'
  /** The runtime's default; undefined when the runtime decides at start (e.g. from the model). */
  defaultValue?: unknown
  help?: string
}

export type ArgValues = Record<string, unknown>

export function fieldsOf(schema: EngineArg[]): ArgField[] {
  return schema.map((arg) => {
    const help = arg.help && serverText({ code: arg.helpCode, text: arg.help })
    const base = { name: arg.name ?? '', choices: arg.choices ?? [], defaultValue: arg.defaultValue, help }
    switch (arg.type) {
      case 'enum':
        return { ...base, control: 'select' }
      case 'bool':
        return { ...base, control: 'switch' }
      case 'int':
        return { ...base, control: 'number', min: arg.min, max: arg.max, step: 1 }
      case 'float':
        return { ...base, control: 'number', min: arg.min, max: arg.max, step: 'any' }
      default:
        return { ...base, control: 'text' }
    }
  })
}

const unset = (value: unknown) => value === undefined || value === null || value === ''

function normalized(field: ArgField, value: unknown): unknown {
  switch (field.control) {
    case 'switch':
      return value === true || value === 'true'
    case 'number':
      return Number(value)
    default:
      return String(value)
  }
}

/** The value the form shows first: the one given (e.g. an endpoint's), else the default, else empty. */
export function initialValues(fields: ArgField[], given: ArgValues = {}): ArgValues {
  return Object.fromEntries(
    fields.map((f) => {
      const value = !unset(given[f.name]) ? given[f.name] : f.defaultValue
      return [f.name, unset(value) ? (f.control === 'switch' ? false : '') : normalized(f, value)]
    }),
  )
}

export function isChanged(field: ArgField, value: unknown): boolean {
  if (unset(value)) return false
  if (unset(field.defaultValue)) return field.control === 'switch' ? normalized(field, value) === true : true
  return normalized(field, value) !== normalized(field, field.defaultValue)
}

/** What the API gets: the changed values only, typed as the schema says. */
export function changedValues(fields: ArgField[], values: ArgValues): ArgValues {
  return Object.fromEntries(
    fields.filter((f) => isChanged(f, values[f.name])).map((f) => [f.name, normalized(f, values[f.name])]),
  )
}

/** The problems the API named for engine arguments (`engineArgs.<name>`), by argument name. */
export function argErrors(errors: FieldProblem[]): Record<string, string> {
  const prefix = 'engineArgs.'
  return Object.fromEntries(
    errors.filter((e) => e.field.startsWith(prefix)).map((e) => [e.field.slice(prefix.length), fieldText(e)]),
  )
}
