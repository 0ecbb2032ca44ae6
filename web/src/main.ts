import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { api } from './api/client'
import { useSession } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n).use(router)

api.onUnauthenticated = () => {
  const session = useSession(pinia)
  if (session.user) {
    session.forget()
    void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } })
  }
}

app.config.errorHandler = (err) => {
  // A failure in a component must not blank the page; it is reported where it happened.
  console.error(err)
}

document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
