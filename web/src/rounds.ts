// The rounds (评估轮次) the person may see (GET /v1/rounds), and the one chosen:
// the newest (last in id order) until the person picks another.
import { onMounted, ref } from 'vue'
import { ApiError, get } from './api'

export interface Round {
  campaign_id: string
  title: string
  sheet: string
}

export function useRounds(error: { value: string | null }) {
  const rounds = ref<Round[]>([])
  const round = ref('')
  onMounted(async () => {
    try {
      rounds.value = (await get<{ items: Round[] }>('/v1/rounds')).items
      if (rounds.value.length) round.value = rounds.value[rounds.value.length - 1].campaign_id
    } catch (e) {
      error.value = (e as ApiError).detail
    }
  })
  return { rounds, round }
}
