import type { IconName } from './components/icons'

/** One entry of the sidebar: its page, its message key under `app.nav` and its icon. */
export interface NavItem {
  to: string
  key: string
  icon: IconName
}

/**
 * The sidebar, in the order people use it. Jobs join it when the server has a jobs API; Settings is
 * everyone's (their profile and preferences; the server's settings for admins); the Users page is for
 * admins only (the users API answers 403 to anyone else).
 */
export function navigation(admin: boolean): NavItem[] {
  const items: NavItem[] = [
    { to: '/overview', key: 'overview', icon: 'overview' },
    { to: '/models', key: 'models', icon: 'models' },
    { to: '/endpoints', key: 'endpoints', icon: 'endpoints' },
    { to: '/playground', key: 'playground', icon: 'playground' },
    { to: '/usage', key: 'usage', icon: 'usage' },
    { to: '/api-keys', key: 'apiKeys', icon: 'keys' },
    { to: '/settings', key: 'settings', icon: 'settings' },
  ]
  if (admin) items.push({ to: '/users', key: 'users', icon: 'users' })
  return items
}
