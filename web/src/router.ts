import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession } from './stores/session'

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'workbench', component: () => import('./views/WorkbenchView.vue') },
      { path: 'cases', name: 'cases', component: () => import('./views/CaseListView.vue') },
      { path: 'cases/new', name: 'create', component: () => import('./views/CaseCreateView.vue') },
      { path: 'cases/:id(\\d+)', name: 'case', component: () => import('./views/CaseDetailView.vue'), props: (r) => ({ id: Number(r.params.id) }) },
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
      { path: 'admin', name: 'admin', component: () => import('./views/AdminView.vue') },
      { path: 'password', name: 'password', component: () => import('./views/PasswordView.vue') },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  const signedIn = await session.restore()
  if (!to.meta.public && !signedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
  if (to.name === 'login' && signedIn) return { name: 'workbench' }
  return true
})
