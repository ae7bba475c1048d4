// The console's entry: Vue 3, Element Plus in Chinese (English by the
// switch), the router; the styles are files, never inline (CSP).
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './style.css'
import App from './App.vue'
import { router } from './router'

createApp(App).use(ElementPlus).use(router).mount('#app')
