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
      {
        path: 'hotline',
        component: () => import('./views/HotlineView.vue'),
        children: [
          { path: '', name: 'hotline', redirect: () => ({ name: useSession().user?.in_office || useSession().seesAll ? 'hotline-desk' : 'hotline-unit' }) },
          { path: 'desk', name: 'hotline-desk', component: () => import('./views/HotlineOperatorView.vue') },
          { path: 'dispatch', name: 'hotline-dispatch', component: () => import('./views/HotlineDispatchView.vue') },
          { path: 'callbacks', name: 'hotline-callbacks', component: () => import('./views/HotlineCallbackView.vue') },
          { path: 'unit', name: 'hotline-unit', component: () => import('./views/HotlineUnitView.vue') },
          { path: 'kpis', name: 'hotline-kpis', component: () => import('./views/HotlineKpiView.vue') },
          { path: 'import', name: 'hotline-import', component: () => import('./views/HotlineImportView.vue') },
        ],
      },
      {
        path: 'supervision',
        component: () => import('./views/SupervisionView.vue'),
        children: [
          { path: '', name: 'supervision', redirect: { name: 'supervision-instructions' } },
          { path: 'instructions', name: 'supervision-instructions', component: () => import('./views/SupervisionInstructionsView.vue') },
          { path: 'on-time', name: 'supervision-on-time', component: () => import('./views/SupervisionOnTimeView.vue') },
          { path: 'proposals', name: 'supervision-proposals', component: () => import('./views/SupervisionProposalsView.vue') },
          { path: 'projects', name: 'supervision-projects', component: () => import('./views/SupervisionProjectsView.vue') },
          { path: 'bulletins', name: 'supervision-bulletins', component: () => import('./views/SupervisionBulletinView.vue') },
          { path: 'ledgers', name: 'supervision-ledgers', component: () => import('./views/SupervisionLedgersView.vue') },
        ],
      },
      { path: 'insight', name: 'insight', component: () => import('./views/InsightView.vue') },
      { path: 'admin', name: 'admin', component: () => import('./views/AdminView.vue') },
      { path: 'inbox', name: 'inbox', component: () => import('./views/InboxView.vue') },
      { path: 'calendar', name: 'calendar', component: () => import('./views/CalendarView.vue') },
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
