import { createRouter, createWebHistory } from 'vue-router'
import { checkSession, forgetSession } from './features/auth/session'
import { onUnauthorized } from './api/client'

/** The UI's pages. The server answers index.html for each of these paths (SPA fallback). */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/overview' },
    { path: '/overview', component: () => import('./features/overview/OverviewPage.vue') },
    { path: '/login', component: () => import('./features/auth/LoginPage.vue'), meta: { public: true } },
    { path: '/models', component: () => import('./features/models/ModelsPage.vue') },
    { path: '/models/:name', component: () => import('./features/models/ModelDetailPage.vue'), props: true },
    { path: '/endpoints', component: () => import('./features/endpoints/EndpointsPage.vue') },
    { path: '/endpoints/new', component: () => import('./features/wizard/NewEndpointPage.vue') },
    { path: '/endpoints/new-router', component: () => import('./features/wizard/NewRouterPage.vue') },
    { path: '/endpoints/:name', component: () => import('./features/endpoints/EndpointDetailPage.vue'), props: true },
    { path: '/playground', component: () => import('./features/playground/PlaygroundPage.vue') },
    { path: '/usage', component: () => import('./features/usage/UsagePage.vue') },
    { path: '/api-keys', component: () => import('./features/keys/ApiKeysPage.vue') },
    { path: '/users', component: () => import('./features/users/UsersPage.vue') },
    { path: '/settings', component: () => import('./features/settings/SettingsPage.vue') },
    { path: '/:pathMatch(.*)*', component: () => import('./components/NotFoundPage.vue') },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (await checkSession()) return true
  return { path: '/login', query: { next: to.fullPath } }
})

onUnauthorized(() => {
  forgetSession()
  const current = router.currentRoute.value
  if (!current.meta.public) router.push({ path: '/login', query: { next: current.fullPath } })
})
