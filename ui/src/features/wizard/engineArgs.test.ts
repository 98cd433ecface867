// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createI18n } from 'vue-i18n'
import en from '../../i18n/en'
import type { EngineArg } from '../../api/hangar'
import EngineArgEditor from './EngineArgEditor.vue'
import { argErrors, changedValues, fieldsOf, initialValues, isChanged } from './engineArgs'

const SCHEMA: EngineArg[] = [
  { name: 'ctx-size', type: 'int', min: 1, max: 1048576, help: 'Total context of all slots' },
  { name: 'parallel', type: 'int', defaultValue: 1, min: 1, max: 64, help: 'Concurrent sequences' },
  { name: 'embeddings', type: 'bool', defaultValue: true, help: 'Serve /v1/embeddings' },
  { name: 'dtype', type: 'enum', choices: ['auto', 'half', 'bfloat16'], defaultValue: 'auto' },
  { name: 'gpu-memory-utilization', type: 'float', defaultValue: 0.9, min: 0, max: 1 },
  { name: 'lora', type: 'model', help: 'A LoRA adapter' },
]

describe('engine arguments: schema to fields', () => {
  it('makes a select of an enum, a switch of a bool, numbers with bounds and text for the rest', () => {
    const fields = fieldsOf(SCHEMA)
    expect(fields.map((f) => [f.name, f.control])).toEqual([
      ['ctx-size', 'number'],
      ['parallel', 'number'],
      ['embeddings', 'switch'],
      ['dtype', 'select'],
      ['gpu-memory-utilization', 'number'],
      ['lora', 'text'],
    ])
    expect(fields[0]).toMatchObject({ min: 1, max: 1048576, step: 1, defaultValue: undefined })
    expect(fields[3].choices).toEqual(['auto', 'half', 'bfloat16'])
    expect(fields[4].step).toBe('any')
  })

  it('starts from the defaults, overridden by the values an endpoint already has', () => {
    const fields = fieldsOf(SCHEMA)
    expect(initialValues(fields)).toEqual({
      'ctx-size': '',
      parallel: 1,
      embeddings: true,
      dtype: 'auto',
      'gpu-memory-utilization': 0.9,
      lora: '',
    })
    expect(initialValues(fields, { parallel: 4, embeddings: false })).toMatchObject({ parallel: 4, embeddings: false })
  })
})

describe('engine arguments: only changed values are sent', () => {
  const fields = fieldsOf(SCHEMA)

  it('sends nothing when every field keeps its default', () => {
    expect(changedValues(fields, initialValues(fields))).toEqual({})
  })

  it('sends each changed value typed as the schema says', () => {
    const values = { ...initialValues(fields), parallel: '4', embeddings: false, dtype: 'half', 'ctx-size': '2048' }
    expect(changedValues(fields, values)).toEqual({ parallel: 4, embeddings: false, dtype: 'half', 'ctx-size': 2048 })
  })

  it('does not send a value typed back to its default or a cleared field', () => {
    const values = { ...initialValues(fields), parallel: '1', 'gpu-memory-utilization': '0.90', 'ctx-size': '' }
    expect(changedValues(fields, values)).toEqual({})
    expect(isChanged(fields[1], '1')).toBe(false)
    expect(isChanged(fields[1], '2')).toBe(true)
  })

  it('reads the API problems named engineArgs.<name> by argument', () => {
    expect(
      argErrors([
        {
          field: 'engineArgs.ctx-size',
          code: 'arg.outOfRange',
          params: { min: 1, max: 1048576, value: 2000000 },
          detail: 'must be between 1 and 1048576, not 2000000',
        },
        { field: 'name', code: 'field.notBlank', params: {}, detail: 'must not be blank' },
      ]),
    ).toEqual({ 'ctx-size': 'must be between 1 and 1048576, not 2000000' })
  })
})

describe('EngineArgEditor', () => {
  const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } })
  const editor = (props: Record<string, unknown> = {}) =>
    mount(EngineArgEditor, { props: { schema: SCHEMA, modelValue: {}, ...props }, global: { plugins: [i18n] } })

  it('shows defaults and emits only what the user changed, marked as changed', async () => {
    const wrapper = editor()
    expect(wrapper.find('[data-arg="parallel"]').text()).toContain('default: 1')
    expect(wrapper.find('[data-arg="ctx-size"]').text()).toContain('runtime default')
    expect(wrapper.findAll('[data-testid="changed"]')).toHaveLength(0)

    await wrapper.find('#arg-parallel').setValue('8')
    await wrapper.find('#arg-embeddings').setValue(false)

    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([{ parallel: 8, embeddings: false }])
    expect(wrapper.find('[data-arg="parallel"] [data-testid="changed"]').exists()).toBe(true)
    expect(wrapper.find('[data-arg="dtype"] [data-testid="changed"]').exists()).toBe(false)
  })

  it('resets a changed field to its default', async () => {
    const wrapper = editor({ modelValue: { dtype: 'half' } })
    expect((wrapper.find('#arg-dtype').element as HTMLSelectElement).value).toBe('half')

    await wrapper.find('[data-arg="dtype"] button.reset').trigger('click')

    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([{}])
    expect((wrapper.find('#arg-dtype').element as HTMLSelectElement).value).toBe('auto')
  })

  it('shows the API message under the field it names', () => {
    const wrapper = editor({ errors: { 'ctx-size': 'must be at most 1048576' } })
    expect(wrapper.find('[data-arg="ctx-size"] .field-error').text()).toBe('must be at most 1048576')
    expect(wrapper.find('[data-arg="parallel"] .field-error').exists()).toBe(false)
  })
})
