// Whether the window is phone-sized (under 700 CSS pixels): lists become
// cards, the side menu a row of links. Follows the window as it turns.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useNarrow() {
  const query = window.matchMedia('(max-width: 700px)')
  const narrow = ref(query.matches)
  const changed = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  onMounted(() => query.addEventListener('change', changed))
  onBeforeUnmount(() => query.removeEventListener('change', changed))
  return narrow
}
