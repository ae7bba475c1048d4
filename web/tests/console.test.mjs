// The console's browser test: each role's daily work in Debian's chromium,
// against a live server (tests/browser/console.sh starts it).
//
//   node web/tests/console.test.mjs URL SCREENSHOT_DIR
//
// 1. The office clerk logs in, imports a unit and a task breakdown table
//    (each previewed row by row before anything is written), assigns a task
//    whose title is an XSS attempt, and sees the dashboard's charts drawn.
// 2. The unit's officer, on a phone-sized window, acknowledges the task,
//    submits a plan, starts, uploads a photo and a PDF and submits them.
// 3. The office assigns the verification; the inspector sees the evidence
//    in the page and returns the work with a reason and a photo from site; the unit submits again;
//    the inspector passes it.
// 4. The auditor opens the task's history and, at a moment between the
//    return and the pass, sees the returned state and its reason; and proves
//    the return in the page against a checkpoint the server signed.
// 5. The office records a deduction; the unit reads it in its feedback list.
// 6. The XSS title renders as text; another unit's officer gets the 403
//    page for the task and 403 for its evidence.
// No step sleeps: each waits for what the person would see, with a deadline.
// Any page error, console error or Content-Security-Policy violation fails
// the test.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const [url, shots] = process.argv.slice(2)
if (!url || !shots) {
  console.error('usage: node console.test.mjs URL SCREENSHOT_DIR')
  process.exit(2)
}
const ROUND = 'xian-2027-self-inspection'
const XSS = '<img src=x onerror=alert(1)>'
const problems = []

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})

// A person's own browser window, logged in.
async function person(login, password, options = {}) {
  const context = await browser.newContext({ baseURL: url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`${login}: page error: ${e.message}`))
  page.on('dialog', (d) => {
    problems.push(`${login}: a dialog opened (${d.message()}): a script ran`)
    d.dismiss()
  })
  page.on('console', (m) => {
    // The first GET /v1/sessions/current of a page not logged in is a 401 by design.
    if (m.type() === 'error' && !/401 \(Unauthorized\)/.test(m.text()) && !/403 \(Forbidden\)/.test(m.text()))
      problems.push(`${login}: console: ${m.text()}`)
  })
  await page.goto('/')
  await page.waitForURL(/\/login/)
  await page.locator('[data-test=login-name]').locator('xpath=descendant-or-self::input').fill(login)
  await page.locator('[data-test=login-password]').locator('xpath=descendant-or-self::input').fill(password)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return { context, page }
}

// Picks `text` in an Element Plus select.
async function choose(page, selectTest, text) {
  await page.click(`[data-test=${selectTest}]`)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

// Whether every chart's canvas has pixels drawn on it.
async function chartsDrawn(page, tests) {
  await page.waitForFunction(
    (names) =>
      names.every((n) => {
        const canvas = document.querySelector(`[data-test=${n}] canvas`)
        if (!canvas || !canvas.width || !canvas.height) return false
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
        let painted = 0
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++
        return painted > 1000
      }),
    tests,
    { timeout: 15000 },
  )
}

async function api(page, path) {
  const r = await page.request.get(path)
  assert.equal(r.status(), 200, `GET ${path}: ${r.status()} ${await r.text()}`)
  return r.json()
}

async function taskState(page) {
  return (await page.locator('[data-test=task-state]').textContent()).trim()
}

async function step(name, f) {
  process.stdout.write(`console: ${name} … `)
  await f()
  console.log('ok')
}

let office, unit, inspector
let gasTask = ''
try {
  await step('the console is served with a CSP that allows no inline script or style', async () => {
    const r = await fetch(url + '/')
    assert.equal(r.status, 200)
    assert.match(r.headers.get('content-type'), /^text\/html/)
    const csp = r.headers.get('content-security-policy')
    assert.ok(csp && csp.includes("script-src 'self'") && !csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp)
    assert.ok(!(await r.text()).match(/<script(?![^>]*\bsrc=)/), 'index.html holds an inline script')
  })

  await step("every page of the console's router is served as the console (a bookmark or a reload works)", async () => {
    const router = readFileSync(new URL('../src/router.ts', import.meta.url), 'utf8')
    const pages = [...router.matchAll(/path: '(\/[a-z]+)(\/:id)?'/g)].map((m) => m[1] + (m[2] ? '/XA-1' : ''))
    assert.ok(pages.length >= 10, `pages read from router.ts: ${pages}`)
    for (const page of pages) {
      const r = await fetch(url + page)
      assert.equal(r.status, 200, `${page}: ${r.status}`)
      assert.match(r.headers.get('content-type'), /^text\/html/, page)
    }
  })

  await step('the office clerk logs in and lands on the dashboard', async () => {
    office = await person('wang.gong', 'office-pass-0001', { viewport: { width: 1366, height: 900 } })
    await office.page.waitForURL(/\/dashboard/)
    await office.page.locator('[data-test=who]', { hasText: '王工' }).waitFor()
  })

  await step('the office previews a unit directory, then imports it', async () => {
    const p = office.page
    await p.goto('/imports')
    await p.click('[data-test=import-kind-units]')
    await p.setInputFiles('[data-test=import-file]', {
      name: 'units.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,name,kind,aliases,parent,member_since\nxa-hangkong,航空基地,district,西安航空基地,,2023-01-01\n'),
    })
    await p.click('[data-test=import-preview]')
    await p.locator('[data-test=import-planned]', { hasText: 'xa-hangkong' }).waitFor()
    assert.equal((await api(p, '/v1/units')).items.some((u) => u.id === 'xa-hangkong'), false, 'the preview wrote the unit')
    await p.click('[data-test=import-run]')
    await p.locator('[data-test=import-done]').waitFor()
    assert.ok((await api(p, '/v1/units')).items.some((u) => u.id === 'xa-hangkong'))
  })

  await step('the office previews a task breakdown table row by row, then imports it', async () => {
    const p = office.page
    await p.click('[data-test=import-kind-tasks]')
    const table = [
      '西安市2027年创建工作问题整改任务分解表',
      '',
      '序号\t整改任务\t责任单位\t完成时限',
      '1\t城镇燃气管道老化更新改造\t雁塔区\t2027年4月15日前',
      '2\t老旧小区电动自行车集中充电设施建设\t碑林区、雁塔区\t2027年4月15日前',
      '',
    ].join('\n')
    await p.setInputFiles('[data-test=import-file]', { name: '整改任务分解表.tsv', mimeType: 'text/plain', buffer: Buffer.from(table) })
    await p.locator('[data-test=import-campaign]').locator('xpath=descendant-or-self::input').fill(ROUND)
    await p.click('[data-test=import-preview]')
    await p.locator('[data-test=import-planned-count]', { hasText: '3' }).waitFor()
    assert.equal((await api(p, `/v1/tasks?unit=xa-yanta`)).items.length, 0, 'the preview wrote tasks')
    await p.click('[data-test=import-run]')
    await p.locator('[data-test=import-done]').waitFor()
    const tasks = (await api(p, '/v1/tasks?unit=xa-yanta')).items
    assert.equal(tasks.length, 2)
    gasTask = tasks.find((t) => t.title.includes('燃气')).task_id
  })

  await step('the office assigns a task (its title an XSS attempt) to 雁塔区 in the round', async () => {
    const p = office.page
    await p.goto('/tasks')
    await p.click('[data-test=assign-open]')
    await p.locator('[data-test=assign-id]').locator('xpath=descendant-or-self::input').fill('XA-XSS-1')
    await p.locator('[data-test=assign-title]').locator('xpath=descendant-or-self::input').fill(XSS)
    await choose(p, 'assign-unit', '雁塔区')
    const deadline = p.locator('[data-test=assign-deadline]').locator('xpath=descendant-or-self::input')
    await deadline.fill('2027-04-10')
    await deadline.press('Enter')
    await choose(p, 'assign-round', '西安市2027年创建国家安全发展示范城市自检评估工作')
    await p.click('[data-test=assign-submit]')
    await p.locator('[data-test=task-link]', { hasText: 'XA-XSS-1' }).waitFor()
  })

  await step("the office's dashboard draws its charts and the districts' map", async () => {
    const p = office.page
    await p.goto('/dashboard')
    await p.locator('[data-test=total-tasks]', { hasText: '4' }).waitFor()
    await chartsDrawn(p, ['chart-rate', 'chart-overdue', 'chart-score', 'chart-map'])
    await p.screenshot({ path: `${shots}/office-dashboard.png` })
  })

  await step("the XSS title renders as text, and runs nothing", async () => {
    const p = office.page
    await p.goto('/tasks/XA-XSS-1')
    await p.locator('[data-test=task-title]').waitFor()
    assert.equal(await p.locator('[data-test=task-title]').textContent(), XSS)
    assert.equal(await p.locator('img[src="x"]').count(), 0)
  })

  await step("the unit's officer, on a phone, works the task and uploads a photo and a PDF", async () => {
    unit = await person('li.gong', 'unit-pass-00001', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const p = unit.page
    await p.waitForURL(/\/my/)
    await p.locator('[data-test=task-link]', { hasText: gasTask }).waitFor()
    await p.screenshot({ path: `${shots}/unit-my-tasks.png` })
    await p.locator('[data-test=task-link]', { hasText: gasTask }).click()
    await p.waitForURL(new RegExp(`/tasks/${gasTask}`))
    await p.click('[data-test=acknowledge]')
    await p.locator('[data-test=task-state]', { hasText: '已签收' }).waitFor()
    await p.locator('[data-test=plan]').locator('xpath=descendant-or-self::textarea').fill('更换老化燃气管道 1.2 公里，4 月 10 日前完成')
    await p.click('[data-test=submit-plan]')
    await p.locator('[data-test=task-state]', { hasText: '已报方案' }).waitFor()
    await p.click('[data-test=start]')
    await p.locator('[data-test=task-state]', { hasText: '整改中' }).waitFor()
    const photo = await p.screenshot()  // a PNG, as a phone's camera would give a JPEG
    const pdf = await office.page.pdf()  // a real PDF (chromium's own)
    await p.setInputFiles('[data-test=evidence-file]', [
      { name: '现场照片.png', mimeType: 'image/png', buffer: photo },
      { name: '整改报告.pdf', mimeType: 'application/pdf', buffer: pdf },
    ])
    await p.locator('[data-test=uploaded]').nth(1).waitFor()
    assert.match(await p.locator('[data-test=uploaded]').nth(0).textContent(), /image\/png/)
    assert.match(await p.locator('[data-test=uploaded]').nth(1).textContent(), /application\/pdf/)
    await p.click('[data-test=submit-evidence]')
    await p.locator('[data-test=task-state]', { hasText: '待核查' }).waitFor()
  })

  // The office sends a requested verification to the inspector.
  async function assignVerification() {
    const p = office.page
    await p.goto('/verifications')
    await p.locator('[data-test=assign-inspector]').locator('xpath=descendant-or-self::input').fill('zhang.gong')
    const row = p.locator('[data-test=verification-table] tr', { hasText: gasTask })
    await row.locator('[data-test=assign-verification]').click()
    await row.waitFor({ state: 'detached' })
  }

  await step('the inspector sees the photo and the PDF in the page and returns the work with a reason', async () => {
    await assignVerification()
    inspector = await person('zhang.gong', 'insp-pass-00001', { viewport: { width: 1280, height: 900 } })
    const p = inspector.page
    await p.waitForURL(/\/verifications/)
    await p.locator('[data-test=verification-table] a', { hasText: gasTask }).waitFor()
    await p.screenshot({ path: `${shots}/inspector-desk.png` })
    await p.locator('[data-test=verification-table] a', { hasText: gasTask }).click()
    await p.locator('[data-test=verify-actions]').waitFor()
    await p.waitForFunction(() => {
      const img = document.querySelector('[data-test=evidence-image]')
      return img && img.complete && img.naturalWidth > 0
    })
    const src = await p.locator('[data-test=evidence-pdf]').getAttribute('src')
    const r = await p.request.get(src)
    assert.equal(r.status(), 200)
    assert.equal(r.headers()['content-type'], 'application/pdf')
    assert.equal(r.headers()['x-content-type-options'], 'nosniff')
    // A photo of their own from site goes with the return.
    await p.setInputFiles('[data-test=site-photo]', { name: '现场核查.png', mimeType: 'image/png', buffer: await p.screenshot() })
    await p.locator('[data-test=site-photo-uploaded]').waitFor()
    await p.locator('[data-test=return-reason]').locator('xpath=descendant-or-self::textarea').fill('照片未显示管道接口处，请补充现场照片')
    await p.click('[data-test=return]')
    await p.locator('[data-test=task-state]', { hasText: '整改中' }).waitFor()
    await p.locator('[data-test=evidence]', { hasText: '现场核查.png' }).waitFor()
    const events = (await api(p, `/v1/streams/verification-${gasTask}-1/events`)).items
    const failed = events.find((e) => e.type === 'VerificationFailed')
    assert.equal(failed.data.photos.length, 1, 'the photo is named in the event')
    const r2 = await p.request.get(`/v1/tasks/${gasTask}/evidence/${failed.data.photos[0].sha256}`)
    assert.equal(r2.status(), 200)
    assert.equal(r2.headers()['content-type'], 'image/png')
  })

  await step('the unit submits again, and the inspector passes it', async () => {
    const u = unit.page
    await u.reload()
    await u.locator('[data-test=return-reasons]', { hasText: '管道接口' }).waitFor()
    await u.setInputFiles('[data-test=evidence-file]', { name: '补充照片.png', mimeType: 'image/png', buffer: await u.screenshot() })
    await u.locator('[data-test=uploaded]').first().waitFor()
    await u.click('[data-test=submit-evidence]')
    await u.locator('[data-test=task-state]', { hasText: '待核查' }).waitFor()
    await assignVerification()
    const p = inspector.page
    await p.reload()
    await p.locator('[data-test=verify-actions]').waitFor()
    await p.click('[data-test=pass]')
    await p.locator('[data-test=task-state]', { hasText: '核查通过' }).waitFor()
  })

  await step('the auditor sees the task as it stood between the return and the pass', async () => {
    const auditor = await person('shen.ji', 'audit-pass-0001', { viewport: { width: 1280, height: 900 } })
    const p = auditor.page
    await p.waitForURL(/\/audit/)
    await p.screenshot({ path: `${shots}/auditor.png` })
    await p.locator('[data-test=audit-stream]').locator('xpath=descendant-or-self::input').fill(`task-${gasTask}`)
    await p.click('[data-test=audit-open]')
    await p.locator('[data-test=audit-state]', { hasText: 'accepted' }).waitFor()
    const events = (await api(p, `/v1/streams/task-${gasTask}/events`)).items
    const returned = events.findIndex((e) => e.type === 'TaskReturned')
    assert.ok(returned > 0, 'no TaskReturned event')
    // The slider's handle, moved with the keyboard to the return's moment.
    const handle = p.locator('[data-test=audit-slider] .el-slider__button-wrapper')
    await handle.focus()
    await p.keyboard.press('Home')
    for (let i = 0; i < returned; i++) await p.keyboard.press('ArrowRight')
    await p.locator('[data-test=audit-state]', { hasText: 'in_progress' }).waitFor()
    await p.locator('[data-test=audit-json]', { hasText: '管道接口' }).waitFor()
    await p.screenshot({ path: `${shots}/auditor-as-of.png` })
    // The return proved in the page against a checkpoint the server signed, with its public key alone.
    const position = events[returned].position
    const deadline = Date.now() + 20000
    while (!(await api(p, '/v1/checkpoints')).items.some((c) => c.tree_size >= position))
      assert.ok(Date.now() < deadline, 'no signed checkpoint covers the return within 20 s')
    await p.locator('[data-test=public-key]').locator('xpath=descendant-or-self::textarea').fill(readFileSync(process.env.PUBLIC_KEY, 'utf8'))
    await p.locator('[data-test=prove]').nth(returned).click()
    for (const check of ['proof-content', 'proof-path', 'proof-signature'])
      await p.locator(`[data-test=${check}]`, { hasText: '✓' }).waitFor()
  })

  await step('the office records a deduction with its sample, and the unit reads it in its feedback list', async () => {
    const p = office.page
    await p.goto('/rounds')
    await choose(p, 'feedback-unit', '雁塔区')
    await p.locator('[data-test=feedback-table]').waitFor()
    await choose(p, 'finding-item', '1.2 建设项目安全评估论证')
    const points = p.locator('[data-test=finding-points]').locator('xpath=descendant-or-self::input')
    await points.fill('0.6')
    await points.press('Tab')
    await p.locator('[data-test=finding-reason]').locator('xpath=descendant-or-self::textarea').fill('随机抽查 10 个建设项目，2 个缺少安全预评价报告')
    await p.click('[data-test=finding-submit]')
    await p.locator('[data-test=feedback-table]', { hasText: '缺少安全预评价报告' }).waitFor()
    const u = unit.page
    await u.goto('/rounds')
    await u.locator('[data-test=feedback-table]', { hasText: '缺少安全预评价报告' }).waitFor()
    assert.equal(await u.locator('[data-test=finding-form]').count(), 0, 'a unit records no finding')
  })

  await step("another unit's officer gets the 403 page for the task and 403 for its evidence", async () => {
    const other = await person('zhao.gong', 'unit-pass-00002', { viewport: { width: 390, height: 844 }, isMobile: true })
    const p = other.page
    await p.goto(`/tasks/${gasTask}`)
    await p.locator('[data-test=forbidden]', { hasText: '403' }).waitFor()
    const evidence = (await api(inspector.page, `/v1/streams/task-${gasTask}/state`)).state.evidence[0]
    const r = await p.request.get(`/v1/tasks/${gasTask}/evidence/${evidence.sha256}`)
    assert.equal(r.status(), 403)
  })

  assert.deepEqual(problems, [], 'errors in the browser')
  console.log('console: every step passed')
} catch (e) {
  console.log('FAILED')
  console.error(e)
  for (const who of [office, unit, inspector])
    if (who) await who.page.screenshot({ path: `${shots}/failure-${who.page.url().replace(/\W+/g, '_').slice(-40)}.png` }).catch(() => {})
  if (problems.length) console.error(problems.join('\n'))
  process.exitCode = 1
} finally {
  await browser.close()
}
