// The console's words: Chinese first, English by the switch in the header.
// The choice is kept in localStorage (a preference, never a credential) and
// sent to the API as Accept-Language, so refusals come back in it too.
import { ref } from 'vue'

export type Lang = 'zh' | 'en'
export const lang = ref<Lang>(localStorage.getItem('safecity.lang') === 'en' ? 'en' : 'zh')

export function setLang(l: Lang) {
  lang.value = l
  localStorage.setItem('safecity.lang', l)
  document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN'
}

const zh = {
  app: 'safecity 安全发展示范城市创建',
  login: '登录', logout: '退出', loginName: '登录名', password: '密码', loginFailed: '登录失败',
  dashboard: '创建评估看板', tasks: '整改任务', myTasks: '我的任务', inbox: '通知',
  verifications: '核查台', audit: '审计', imports: '导入', forbidden: '无权访问',
  forbiddenText: '您的账户无权查看此页面或此任务。', notFound: '未找到',
  round: '评估轮次', unit: '单位', units: '单位', task: '任务', title: '任务名称', state: '状态',
  deadline: '完成时限', overdue: '逾期', returns: '退回', leadUnit: '牵头单位', all: '全部',
  open: '未完成', submitted: '待核查', accepted: '已通过', score: '得分', passLine: '及格线',
  rectificationRate: '整改率', overdueByUnit: '逾期与督办（按单位）', scoreDistribution: '得分分布',
  openTrend: '未完成任务趋势', unitsCount: '单位数', tasksCount: '任务数', assign: '交办',
  assignTask: '交办任务', taskId: '任务编号', category: '类别', description: '内容', save: '提交',
  cancel: '取消', acknowledge: '签收', submitPlan: '提交整改方案', start: '开始整改', submit: '提交整改材料',
  requestExtension: '申请延期', reason: '理由', note: '说明', plan: '整改方案', evidence: '整改材料',
  history: '历史', event: '事件', actor: '操作人', time: '时间', asOf: '时点', stateAt: '该时点的状态',
  compare: '对比', stream: '流', load: '查看', verify: '核查', pass: '通过', returnWork: '退回',
  inspector: '核查人', requested: '待核查', noData: '暂无数据', preview: '预览（不写入）', importNow: '导入',
  importTasks: '导入任务分解表', importUnits: '导入成员单位', file: '文件', rows: '行', errors: '错误',
  extensionPending: '延期待批', level: '督办级别', role: '角色', language: 'English',
  office: '创建办', unitRole: '成员单位', inspectorRole: '核查人员', auditor: '审计人员',
  done: '已完成', saved: '已提交', newDeadline: '申请延至', urls: '材料链接', changed: '变化',
  before: '之前', after: '之后', field: '字段', markRead: '已读', kind: '类型', message: '内容',
  rounds: '评估与反馈', feedback: '问题反馈清单', item: '条目', itemTitle: '评价内容', points: '扣分',
  counted: '计', zeroItem: '本项不得分', veto: '一票否决', problem: '存在问题', suggestion: '整改建议',
  prove: '证明', proof: '包含证明', checkpoint: '签名检查点', publicKey: '服务器公钥 KEY.pub（PEM），用于在本页核验签名检查点',
  proofContent: '事件内容与其哈希相符', proofPath: '事件在签名检查点的默克尔树中（包含路径）', proofSignature: '检查点的签名用此公钥验证有效',
  sitePhotos: '现场照片', grantExtension: '批准延期', refuseExtension: '驳回延期', closeTask: '销号', exportLines: '导出（JSON 行）',
  mapByScore: '各区县得分', mapByOverdue: '各区县逾期任务',
  bulletin: '通报', from: '开始日期', to: '结束日期', lateUnits: '逾期未完成的单位', closedHazards: '本期销号的隐患',
  grade: '等级', bulletinNumber: '通报文号，如 市安城创通〔2023〕3号', issueBulletin: '发布通报',
  recordFinding: '记录扣分', sample: '抽查', checked: '抽查数', sampleOf: '抽查对象（如 建设项目）',
}
type Words = typeof zh
const en: Words = {
  app: 'safecity · safe city campaign',
  login: 'Log in', logout: 'Log out', loginName: 'Login', password: 'Password', loginFailed: 'Login failed',
  dashboard: 'Round dashboard', tasks: 'Rectification tasks', myTasks: 'My tasks', inbox: 'Inbox',
  verifications: 'Verification desk', audit: 'Audit', imports: 'Import', forbidden: 'Forbidden',
  forbiddenText: 'Your account may not see this page or this task.', notFound: 'Not found',
  round: 'Round', unit: 'Unit', units: 'Units', task: 'Task', title: 'Title', state: 'State',
  deadline: 'Deadline', overdue: 'Overdue', returns: 'Returns', leadUnit: 'Lead unit', all: 'All',
  open: 'Open', submitted: 'Awaiting verification', accepted: 'Accepted', score: 'Score', passLine: 'Pass line',
  rectificationRate: 'Rectification rate', overdueByUnit: 'Overdue and escalations by unit', scoreDistribution: 'Score distribution',
  openTrend: 'Open tasks over the round', unitsCount: 'Units', tasksCount: 'Tasks', assign: 'Assign',
  assignTask: 'Assign a task', taskId: 'Task id', category: 'Category', description: 'Description', save: 'Submit',
  cancel: 'Cancel', acknowledge: 'Acknowledge', submitPlan: 'Submit plan', start: 'Start', submit: 'Submit evidence',
  requestExtension: 'Ask for an extension', reason: 'Reason', note: 'Note', plan: 'Plan', evidence: 'Evidence',
  history: 'History', event: 'Event', actor: 'Actor', time: 'Time', asOf: 'As of', stateAt: 'State at that moment',
  compare: 'Compare', stream: 'Stream', load: 'Open', verify: 'Verify', pass: 'Pass', returnWork: 'Return',
  inspector: 'Inspector', requested: 'Requested', noData: 'No data', preview: 'Preview (writes nothing)', importNow: 'Import',
  importTasks: 'Import a task breakdown table', importUnits: 'Import member units', file: 'File', rows: 'Rows', errors: 'Errors',
  extensionPending: 'Extension pending', level: 'Escalation', role: 'Role', language: '中文',
  office: 'Campaign office', unitRole: 'Member unit', inspectorRole: 'Inspector', auditor: 'Auditor',
  done: 'Done', saved: 'Submitted', newDeadline: 'Extend to', urls: 'Evidence links', changed: 'Changes',
  before: 'Before', after: 'After', field: 'Field', markRead: 'Read', kind: 'Kind', message: 'Message',
  rounds: 'Rounds and feedback', feedback: 'Feedback list', item: 'Item', itemTitle: 'What is assessed', points: 'Points',
  counted: 'counted', zeroItem: 'Item scores nothing', veto: 'Veto', problem: 'Problem', suggestion: 'Suggestion',
  prove: 'Prove', proof: 'Inclusion proof', checkpoint: 'signed checkpoint', publicKey: "The server's public key KEY.pub (PEM), to check signed checkpoints in this page",
  proofContent: 'the event matches its hash', proofPath: "the event is in the signed checkpoint's Merkle tree (inclusion path)", proofSignature: "the checkpoint's signature is valid under this key",
  sitePhotos: 'Photos from site', grantExtension: 'Grant the extension', refuseExtension: 'Refuse the extension', closeTask: 'Close (销号)', exportLines: 'Export (JSON lines)',
  mapByScore: 'Score by district', mapByOverdue: 'Overdue work by district',
  bulletin: 'Bulletin', from: 'From', to: 'To', lateUnits: 'Units with overdue work', closedHazards: 'Hazards closed in the period',
  grade: 'Grade', bulletinNumber: 'Bulletin number, e.g. 市安城创通〔2023〕3号', issueBulletin: 'Issue the bulletin',
  recordFinding: 'Record a finding', sample: 'Sample', checked: 'Checked', sampleOf: 'What was sampled (e.g. projects)',
}

export type Word = keyof Words
export function t(w: Word): string {
  return (lang.value === 'en' ? en : zh)[w]
}

// A time as China time (UTC+8), whatever the browser's zone: 2023-04-12 23:59.
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '-'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const c = new Date(d.getTime() + 8 * 3600 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${c.getUTCFullYear()}-${p(c.getUTCMonth() + 1)}-${p(c.getUTCDate())} ${p(c.getUTCHours())}:${p(c.getUTCMinutes())}`
}

// The words of a task's state, as the CLI prints them (workflows/task).
const taskStates: Record<string, [string, string]> = {
  assigned: ['已交办', 'assigned'], acknowledged: ['已签收', 'acknowledged'], plan_submitted: ["已报方案", "plan submitted"],
  in_progress: ['整改中', 'in progress'], submitted: ['待核查', 'submitted'], returned: ['已退回', 'returned'],
  accepted: ['核查通过', 'accepted'], closed: ['已销号', 'closed'],
}
const verificationStates: Record<string, [string, string]> = {
  requested: ['待分派', 'requested'], assigned: ['待核查', 'assigned'], passed: ['已通过', 'passed'],
  failed: ['已退回', 'failed'], withdrawn: ['已撤回', 'withdrawn'],
}
export function verificationState(s: string): string {
  const w = verificationStates[s]
  return w ? (lang.value === 'en' ? w[1] : w[0]) : s
}

export function taskState(s: string): string {
  const w = taskStates[s]
  return w ? (lang.value === 'en' ? w[1] : w[0]) : s
}
