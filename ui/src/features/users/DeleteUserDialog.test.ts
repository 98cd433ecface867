// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n, setLocale } from '../../i18n'
import zhCN from '../../i18n/server/zh-CN'
import DeleteUserDialog from './DeleteUserDialog.vue'
import type { User } from './users'

const ALICE: User = { id: 'usr-a', username: 'alice', role: 'user', disabled: false }
const BOB: User = { id: 'usr-b', username: 'bob', role: 'user', disabled: false }
const ADMIN: User = { id: 'usr-c', username: 'admin', role: 'admin', disabled: false }

beforeAll(() => {
  // jsdom has no modal dialogs
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true
  }
})

afterEach(() => {
  vi.unstubAllGlobals()
  setLocale('en')
})

/** Answers every fetch with `status` and `body`, recording the calls. */
function answering(status: number, body?: unknown) {
  const calls: { url: string; method: string }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET' })
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/problem+json' },
      })
    }),
  )
  return calls
}

function dialog() {
  return mount(DeleteUserDialog, { props: { user: ALICE, others: [ALICE, BOB, ADMIN] }, global: { plugins: [i18n] } })
}

describe('deleting a user', () => {
  it('deletes only a user who owns nothing unless the admin chooses otherwise', async () => {
    const calls = answering(204)
    const wrapper = dialog()

    await wrapper.get('[data-testid=confirm-delete-user]').trigger('click')
    await flushPromises()

    expect(calls).toEqual([{ url: '/api/v1/users/alice?resources=none', method: 'DELETE' }])
    expect(wrapper.emitted('deleted')).toHaveLength(1)
  })

  it('hands what the user owns to another user, who must be chosen first', async () => {
    const calls = answering(204)
    const wrapper = dialog()

    await wrapper.get('[data-choice=reassign]').setValue(true)
    const confirm = wrapper.get('[data-testid=confirm-delete-user]')
    expect(confirm.attributes('disabled')).toBeDefined()
    const heirs = wrapper.findAll('select[name=heir] option:not([disabled])').map((o) => o.text())
    expect(heirs).toEqual(['bob', 'admin'])

    await wrapper.get('select[name=heir]').setValue('bob')
    await confirm.trigger('click')
    await flushPromises()

    expect(calls).toEqual([{ url: '/api/v1/users/alice?resources=reassign&to=bob', method: 'DELETE' }])
  })

  it('stops and deletes what the user owns when asked', async () => {
    const calls = answering(204)
    const wrapper = dialog()

    await wrapper.get('[data-choice=delete]').setValue(true)
    await wrapper.get('[data-testid=confirm-delete-user]').trigger('click')
    await flushPromises()

    expect(calls.map((c) => c.url)).toEqual(['/api/v1/users/alice?resources=delete'])
  })

  it("shows the server's refusal in the reader's language and stays open", async () => {
    const params = { user: 'alice' }
    answering(409, {
      type: '/problems/conflict',
      status: 409,
      detail: "User 'alice' still owns endpoints, models or datasets; …",
      code: 'user.stillOwns',
      params,
    })
    setLocale('zh-CN')
    const wrapper = dialog()

    await wrapper.get('[data-testid=confirm-delete-user]').trigger('click')
    await flushPromises()

    // the problem type's title, then the refusal, both in Chinese
    const expected = zhCN['user.stillOwns'].replace('{user}', 'alice')
    expect(wrapper.get('[role=alert]').text()).toBe(`${zhCN['problemType.conflict']}: ${expected}`)
    expect(wrapper.emitted('deleted')).toBeUndefined()
  })
})
