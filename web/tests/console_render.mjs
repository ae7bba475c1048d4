// The benchmark's browser half (tests/bench/console_render.sh starts the
// server): first renders timed by the pages' own performance marks, the
// median of RUNS fresh navigations each.
import { chromium } from 'playwright-core'

const [url, runsText] = process.argv.slice(2)
const runs = Number(runsText || 5)
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] })

async function loggedIn(login, password) {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  await page.goto('/login')
  await page.locator('[data-test=login-name]').locator('xpath=descendant-or-self::input').fill(login)
  await page.locator('[data-test=login-password]').locator('xpath=descendant-or-self::input').fill(password)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return { context, page }
}

// Milliseconds from the navigation's start to the page's mark, fresh each time.
async function firstRender(page, path, mark) {
  const times = []
  for (let i = 0; i < runs; i++) {
    await page.goto('about:blank')
    await page.goto(path)
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 60000 })
    times.push(await page.evaluate((m) => performance.getEntriesByName(m)[0].startTime, mark))
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const office = await loggedIn('wang.gong', 'office-pass-0001')
const unit = await loggedIn('li.gong', 'unit-pass-00001')
const floorContext = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 900 } })
const floor = await firstRender(await floorContext.newPage(), '/login', 'safecity:login-drawn')
const dashboard = await firstRender(office.page, '/dashboard', 'safecity:dashboard-drawn')
const rows = await office.page.locator('.el-table__body tr').count()
const mine = await firstRender(unit.page, '/my', 'safecity:my-tasks-drawn')
const count = (await unit.page.locator('[data-test=my-count]').textContent()).trim()
await browser.close()
console.log(`dashboard rows drawn: ${rows}; 我的任务: ${count}`)
console.log(`console floor (the login page, no data): ${floor.toFixed(0)} ms`)
console.log(
  `dashboard (48 units, 1,500 tasks) first render ${dashboard.toFixed(0)} ms, 我的任务 (1,000 tasks) first render ${mine.toFixed(0)} ms; ` +
    `floor/dashboard ${(floor / dashboard).toFixed(2)}, floor/我的任务 ${(floor / mine).toFixed(2)} (median of ${runs})`,
)
