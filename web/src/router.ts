// The console's pages and who may open them. A page another role's person
// asks for, or a task the API refuses (403), shows the 403 page; an ended
// session goes back to the login page and returns where it was.
import { createRouter, createWebHistory, RouteRecordRaw } from 'vue-router'
import { auth, restore, Role, setOnSessionEnded } from './api'

const everyone: Role[] = ['office', 'unit', 'inspector', 'auditor']

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: () => home(auth.session?.role) },
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  { path: '/dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { roles: ['office', 'inspector', 'auditor'] } },
  { path: '/tasks', component: () => import('./pages/TasksPage.vue'), meta: { roles: ['office', 'inspector', 'auditor'] } },
  { path: '/tasks/:id', component: () => import('./pages/TaskPage.vue'), meta: { roles: everyone } },
  { path: '/my', component: () => import('./pages/MyTasksPage.vue'), meta: { roles: ['unit'] } },
  { path: '/bulletins', component: () => import('./pages/BulletinPage.vue'), meta: { roles: ['office', 'inspector', 'auditor'] } },
  { path: '/rounds', component: () => import('./pages/RoundPage.vue'), meta: { roles: everyone } },
  { path: '/inbox', component: () => import('./pages/InboxPage.vue'), meta: { roles: everyone } },
  { path: '/verifications', component: () => import('./pages/VerificationsPage.vue'), meta: { roles: ['office', 'inspector', 'auditor'] } },
  { path: '/imports', component: () => import('./pages/ImportsPage.vue'), meta: { roles: ['office'] } },
  { path: '/audit', component: () => import('./pages/AuditPage.vue'), meta: { roles: ['office', 'auditor'] } },
  { path: '/forbidden', component: () => import('./pages/ForbiddenPage.vue'), meta: { public: true } },
  { path: '/:rest(.*)*', component: () => import('./pages/ForbiddenPage.vue'), meta: { public: true, notFound: true } },
]

// Each role's main page.
export function home(role: Role | undefined): string {
  if (role === 'unit') return '/my'
  if (role === 'inspector') return '/verifications'
  if (role === 'auditor') return '/audit'
  return role ? '/dashboard' : '/login'
}

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = await restore()
  if (to.meta.public) return true
  if (!session) return { path: '/login', query: { next: to.fullPath } }
  const roles = to.meta.roles as Role[] | undefined
  if (roles && !roles.includes(session.role)) return { path: '/forbidden', query: { from: to.fullPath } }
  return true
})

setOnSessionEnded(() => {
  const here = router.currentRoute.value.fullPath
  router.push({ path: '/login', query: here.startsWith('/login') ? {} : { next: here } })
})
