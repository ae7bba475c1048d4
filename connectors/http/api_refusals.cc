#include "connectors/http/api_refusals.h"

namespace safecity::http {

const Message kCursorNotOurs{"api.cursor_not_ours", "不是本接口给出的游标；请把 next_cursor 原样传回",
                             "is not a cursor this API gave; pass next_cursor back as it came"};
const Message kNumberEmpty{"api.number_empty", "为空；请给出一个整数，或不写这个参数", "is empty; give a whole number or leave it out"};
const Message kPositionRange{"api.position_range", "须为 0 到 {max} 之间的整数：你已取得的最后一个{what_zh}（尚无则为 0）",
                             "must be a whole number from 0 to {max}: the last {what} you have (0 for none)"};
const Message kLimitRange{"api.limit_range", "须为 1 到 500 之间的整数", "must be a whole number from 1 to 500"};
const Message kTrueOrFalse{"api.true_or_false", "须为 true 或 false", "must be true or false"};
const Message kOverdueTrueOrFalse{"api.overdue_true_or_false", "须为 true 或 false；overdue=true 列出逾期任务，完成时限最早的在前",
                                  "must be true or false; overdue=true lists the overdue tasks, earliest deadline first"};
const Message kNotATime{"api.not_a_time", "“{text}”不是日期或时间；例如 2023-04-01（北京时间当天结束时）",
                        "'{text}' is not a date or time; e.g. 2023-04-01 (end of that day, China time)"};
const Message kNotADay{"api.not_a_day", "“{day}”不是日期；请写 YYYY-MM-DD（UTC），例如 {today}",
                       "'{day}' is not a day; give YYYY-MM-DD (UTC), e.g. {today}"};
const Message kEventCountMissing{"api.event_count_missing", "缺少；请给出事件数，例如 {name}=100",
                                 "is missing; give a number of events, e.g. {name}=100"};
const Message kEventCountRange{"api.event_count_range", "须为从 1 起的整数（事件数）", "must be a whole number of events from 1 up"};

const Message kUnitListsItsOwnTasks{"api.unit_lists_its_own_tasks", "单位 {unit} 只能查看本单位的任务；请省略 unit= 或写 {unit}",
                                    "unit {unit} lists only its own tasks; leave out unit= or give {unit}"};
const Message kUnitLooksUpItself{"api.unit_looks_up_itself", "单位 {unit} 只能查询本单位；请写 {unit}",
                                 "unit {unit} looks up only itself; give {unit}"};
const Message kDashboardReaders{"api.dashboard_readers", "评估看板供创建办、检查人员、审计人员和本轮单位查看，{role_zh}不能查看",
                                "the round dashboard is for the office, inspectors, auditors and the round's units, not for a {role}"};
const Message kBulletinReaders{"api.bulletin_readers",
                               "通报（逾期单位和销号隐患）供创建办、检查人员和审计人员查看，{role_zh}不能查看；单位的逾期任务见 GET /v1/my/tasks?overdue=true",
                               "the bulletin (late units, closed hazards) is for the office, inspectors and auditors, not for a {role}; "
                               "a unit's overdue work is GET /v1/my/tasks?overdue=true"};
const Message kTracksReaders{"api.tracks_readers",
                             "共同责任任务的各单位进度供创建办、检查人员和审计人员查看，单位的令牌不能查看；本单位的任务见 GET /v1/my/tasks",
                             "the tracks of a shared task are for the office, inspectors and auditors, not a unit's token; "
                             "a unit's own tasks are GET /v1/my/tasks"};
const Message kPasswordLength{"api.password_length", "密码须为 10 到 128 个字节；请换一个", "a password is 10 to 128 bytes long; choose another"};
const Message kPasswordOneCharacter{"api.password_one_character", "密码不能全是同一个字符；请换一个",
                                    "a password is not one character repeated; choose another"};
const Message kLoginBody{"api.login_body", "请发送一个 JSON 对象，其中 login 为登录名（1 到 64 个字节的文字），password 为密码（文字）",
                         "send a JSON object whose login is the login (text of 1 to 64 bytes) and password the password (text)"};
const Message kLoginFailed{"api.login_failed", "登录名或密码不对；请重新输入，忘记密码请联系创建办重置",
                           "wrong login or password; type them again, or ask the office to reset a forgotten password"};
const Message kLoginLocked{"api.login_locked", "这个登录名连续多次登录失败，已锁定；请 {seconds} 秒后再试，或联系创建办",
                           "too many failed logins for this name: it is locked; try again in {seconds} s, or ask the office"};
const Message kAccountDisabled{"api.account_disabled", "账户 {login} 已停用；请联系创建办", "account {login} is disabled; ask the office"};
const Message kCsrfMissing{"api.csrf_missing", "已登录的页面须在 X-CSRF-Token 中带上会话的 csrf_token；请刷新页面后重试",
                           "a logged-in page sends its session's csrf_token in X-CSRF-Token; reload the page and try again"};
const Message kUploadFormOnly{"api.upload_form_only", "证据文件须以 multipart/form-data 表单的 file 字段上传（浏览器的 FormData，或 curl -F file=@文件）",
                              "send the evidence file as a multipart/form-data form's file field (a browser's FormData, or curl -F file=@PATH)"};
const Message kUploadsBusy{"api.uploads_busy", "本服务器正在接收 {max} 个文件，已达上限；请稍后重试",
                           "this server is taking {max} files at once, its limit; try again shortly"};
const Message kUploadNoFile{"api.upload_no_file", "表单中没有名为 file 的非空文件；请选择要上传的文件",
                            "the form has no non-empty file in its field named file; choose the file to upload"};
const Message kUploadType{"api.upload_type",
                          "文件 {name} 不是可接受的证据文件（按内容识别，而非文件名）；只接受 JPEG、PNG、GIF、WebP、HEIC、TIFF、BMP 图片，MP4、MOV "
                          "视频，PDF，OFD，Word、Excel、PowerPoint 文档，ZIP、RAR、7z 压缩包",
                          "{name} is not an accepted evidence file (read from its content, not its name); only JPEG, PNG, GIF, WebP, HEIC, "
                          "TIFF or BMP pictures, MP4 or MOV video, PDF, OFD, Word, Excel or PowerPoint documents, ZIP, RAR or 7z archives "
                          "are taken"};
const Message kUploadTaskMissing{"api.upload_task_missing", "请在 ?task= 中给出文件所属的整改任务编号",
                                 "give the task the file is evidence for in ?task="};
const Message kUploadReaders{"api.upload_writers", "{role_zh}不上传证据文件；由任务的责任单位、核查人员或创建办上传",
                             "a {role} does not upload evidence; the task's responsible unit, an inspector or the office does"};
const Message kAttachmentsOff{"api.attachments_off", "此服务器未设置证据文件目录，不收存文件；请联系服务器的运维人员",
                              "this server keeps no evidence files (no attachments directory is set); ask its operator"};
const Message kEvidenceNotOnTask{"api.evidence_not_on_task", "任务 {task} 的整改材料中没有哈希为 {sha256} 的文件",
                                 "no evidence of task {task} has the hash {sha256}"};
const Message kEvidenceFileMissing{"api.evidence_file_missing", "哈希为 {sha256} 的文件不在此服务器上（材料保存在别处，或证据文件目录不完整）；请联系服务器的运维人员核查证据文件目录",
                                   "the file with hash {sha256} is not on this server (the evidence is held elsewhere, or the attachments directory is incomplete); ask the server's operator to check it"};
const Message kEvidenceFileDamaged{"api.evidence_file_damaged", "哈希为 {sha256} 的文件内容已与其哈希不符（被改动或损坏），不予提供；请联系服务器的运维人员从备份恢复",
                                   "the file with hash {sha256} no longer matches its hash (altered or damaged) and is not served; ask the server's operator to restore it from a backup"};
const Message kNoSession{"api.no_session", "未登录或会话已过期；请重新登录", "not logged in, or the session ran out; log in again"};
const Message kAccessListReaders{"api.access_list_readers",
                                 "令牌和入站密钥的名录供创建办和审计人员查看，{role_zh}不能查看",
                                 "the lists of tokens and inbound webhook keys are for the office and auditors, not for the role {role}"};
const Message kWebhookListReaders{"api.webhook_list_readers",
                                  "推送订阅供创建办和审计人员查看，推送记录另供本单位查看；{role_zh}不能查看",
                                  "webhook subscriptions are for the office and auditors, and deliveries also for the unit itself; not for the role {role}"};
const Message kUnitSeesItsOwnWebhooks{"api.unit_sees_its_own_webhooks", "单位 {unit} 只能查看本单位的推送；请省略 unit= 或写 {unit}",
                                      "unit {unit} sees only its own webhooks; leave out unit= or give {unit}"};
const Message kReactionReaders{"api.reaction_readers", "被拒绝的后续命令供创建办和审计人员查看，{role_zh}不能查看",
                               "refused follow-up commands are for the office and auditors, not for the role {role}"};
const Message kLogNotForUnits{"api.log_not_for_units",
                              "单位的令牌只能查看本单位的任务（GET /v1/my/tasks）、其历史和收件箱，不能查看整个日志",
                              "a unit's token reads its own tasks (GET /v1/my/tasks), their history and its inbox, not the whole log"};
const Message kProofReaders{"api.proof_readers", "证明和检查点供创建办、检查人员和审计人员查看，单位的令牌不能查看",
                            "proofs and checkpoints are for the office, inspectors and auditors, not a unit's token"};
const Message kProofHoldsSecret{"api.proof_holds_secret",
                                "流 {stream} 的事件含有秘密的哈希，其证明不经接口提供；请由保管日志的创建办在服务器上生成",
                                "the events of {stream} hold a secret's hash: their proofs are not served; the office makes one where "
                                "the log is kept"};
const Message kMyTasksUnitsOnly{"api.my_tasks_units_only", "“我的任务”仅供单位的令牌查看；{role_zh}请在 GET /v1/tasks 查看任务",
                                "my tasks are a unit's; the {role} lists tasks at GET /v1/tasks"};
const Message kImportOfficeOnly{"api.import_office_only", "只有创建办可以导入任务分解表；请用创建办的令牌提交",
                                "only the office (创建办) imports a task breakdown table; send it with an office token"};
const Message kUnitImportOfficeOnly{"api.unit_import_office_only", "只有创建办可以导入单位名录；请用创建办的令牌提交",
                                    "only the office (创建办) imports the unit directory; send it with an office token"};
const Message kRoundNotTheUnits{"api.round_not_the_units", "评估轮次 {round} 不评估单位 {unit}；单位只能查看评估本单位的轮次",
                                "round {round} does not evaluate unit {unit}; a unit reads the rounds that evaluate it"};
const Message kEngineIssuesIt{"api.engine_issues_it", "{type} 由引擎自己发出，不能经接口提交；见 /openapi.json",
                              "{type} is issued by the engine itself, never through the API; see /openapi.json"};

const Message kNoStream{"api.no_stream", "没有流“{stream}”；流写作 <类别>-<编号>，例如 task-XA-001",
                        "no stream '{stream}'; a stream is <kind>-<id>, e.g. task-XA-001"};
const Message kNoReadModel{"api.no_read_model", "没有读模型“{key}”", "no read model '{key}'"};
const Message kNoSuchRoute{"api.no_such_route", "{path} 不是本接口的路径；见 /openapi.json", "{path} is not a route of this API; see /openapi.json"};
const Message kMethodNotAllowed{"api.method_not_allowed", "{path} 不接受 {method}；请用 {allow}", "{method} is not allowed on {path}; use {allow}"};

const Message kJsonOnly{"api.json_only", "须为 application/json（所有路径的请求体都是 JSON）",
                        "must be application/json (a JSON body, whatever the route)"};
const Message kBodyNotJson{"api.body_not_json", "不是 JSON：{what}", "is not JSON: {what}"};
const Message kBodyNotObject{"api.body_not_object", "须为 JSON 对象", "must be a JSON object"};
const Message kCommandBodyShape{"api.command_body_shape", "须为 JSON 对象 {\"stream\", \"data\"}", "must be a JSON object {\"stream\", \"data\"}"};
const Message kEmptyFieldName{"api.empty_field_name", "有一个名为 \"\" 的字段，任何请求都没有这个字段；见 /openapi.json",
                              "has a field named \"\", which no request has; see /openapi.json"};
const Message kUnknownField{"api.unknown_field", "不是这个请求的字段；见 /openapi.json", "is not a field of this request; see /openapi.json"};
const Message kDataNotObject{"api.data_not_object", "须为 JSON 对象", "must be a JSON object"};
const Message kMustBeString{"api.must_be_string", "须为字符串", "must be a string"};
const Message kTooDeep{"api.too_deep", "嵌套超过 {levels} 层；没有哪条命令的数据这样深", "is nested more than {levels} levels deep; no command's data is"};
const Message kStreamMissing{"api.stream_missing", "缺少；请写明所办理的流，例如 task-XA-001", "is missing; name the stream acted on, e.g. task-XA-001"};
const Message kTypeMissing{"api.type_missing", "缺少；请写明命令，例如 task.acknowledge", "is missing; name the command, e.g. task.acknowledge"};
const Message kIdempotencyKeyLong{"api.idempotency_key_long", "最多 200 个字符", "must be at most 200 characters"};
const Message kTableMissing{"api.table_missing", "缺少；请给出表格文本（CSV，或从方案中复制的以制表符分隔的文本）",
                            "is missing; give the table's text (CSV, or tab-separated as copied from the plan)"};
const Message kEachGroups{"api.each_groups", "须为由组名组成的数组", "must be an array of group names"};
const Message kImportHasErrors{"api.import_has_errors", "{count} 处错误，未导入任何任务；见 errors", "{count} errors; nothing was imported; see errors"};

const Message kTooManyFailures{"api.too_many_failures", "来自 {address} 的认证失败次数过多；请在 {seconds} 秒后用有效的令牌重试",
                               "too many failed authentications from {address}; retry after {seconds} s with a valid token"};
const Message kWebhookKeyMissing{"api.webhook_key_missing", "缺少；请发送你的 Webhook 密钥编号", "is missing; send the id of your webhook key"};
const Message kWebhookKeyUnknown{"api.webhook_key_unknown", "Webhook 密钥不存在或已吊销；请向创建办申请",
                                 "unknown or revoked webhook key; ask the office for one"};
const Message kTimestampNotATime{"api.timestamp_not_a_time", "须为签名时的 Unix 时间（秒）", "must be the unix time in seconds at which you signed"};
const Message kTimestampSkew{"api.timestamp_skew", "与服务器时钟相差 {skew} 秒，超过 {window} 秒；请用当前时间签名（时钟是否正确？）",
                             "is {skew} s from the server's clock, more than {window}; sign with the current time (is your clock set?)"};
const Message kSignatureMismatch{"api.signature_mismatch", "与请求体不符；请用密钥的秘密以 HMAC-SHA256 对 \"<timestamp>.<body>\" 签名",
                                 "does not match the body; sign \"<timestamp>.<body>\" with HMAC-SHA256 and your key's secret"};
const Message kWebhookIdMissing{"api.webhook_id_missing", "缺少；按 Standard Webhooks 签名时，请发送本次投递的编号（webhook-id）",
                                "is missing; a Standard Webhooks delivery sends its id (webhook-id)"};
const Message kStandardSignatureMismatch{
    "api.standard_signature_mismatch",
    "与请求体不符；请以密钥秘密中 whsec_ 之后的 base64 解码所得字节为键，对 \"<webhook-id>.<webhook-timestamp>.<body>\" 做 HMAC-SHA256，写作 v1,<base64>",
    "does not match the body; sign \"<webhook-id>.<webhook-timestamp>.<body>\" with HMAC-SHA256 keyed with the base64-decoded secret after "
    "whsec_, sent as v1,<base64> (any Standard Webhooks library does this)"};
const Message kDeliveryId{"api.delivery_id", "须为 1 到 128 个字符，每次投递各不相同", "must be 1 to 128 characters, unique per delivery"};
const Message kDeliveryReceived{"api.delivery_received", "投递 {delivery} 已经收到；其结果见 result",
                                "delivery {delivery} was already received; its result is in `result`"};
const Message kDeliveryReceivedOther{"api.delivery_received_other", "投递 {delivery} 已经以另一个请求体收到；请给每次投递各自的编号",
                                     "delivery {delivery} was already received with another body; give every delivery its own id"};

const Message kPathNotAPath{"api.path_not_a_path", "请求目标须为路径，例如 /v1/tasks", "the request target must be a path such as /v1/tasks"};
const Message kPathBadEscape{"api.path_bad_escape", "含有格式错误的 %-转义；一个字节写作 % 加两位十六进制数字",
                             "has a malformed %-escape; write a byte as % and two hex digits"};
const Message kPathBadBytes{"api.path_bad_bytes", "含有控制字符（包括 NUL）或不是 UTF-8 的字节；没有哪条路径含有这些",
                            "holds a control character (NUL included) or bytes that are not UTF-8; no route has those"};
const Message kQueryNameBad{"api.query_name_bad", "有参数名含有格式错误的 %-转义、控制字符或不是 UTF-8 的字节",
                            "has a parameter name with a malformed %-escape, a control character or bytes that are not UTF-8"};
const Message kQueryValueBad{"api.query_value_bad", "含有格式错误的 %-转义、控制字符或不是 UTF-8 的字节",
                             "has a malformed %-escape, a control character or bytes that are not UTF-8"};

const Message kTargetTooLong{"api.target_too_long", "请求目标超过 {max} 字节；较长的值请放在请求体中",
                             "the request target is longer than {max} bytes; send long values in a body"};
const Message kRequestLineTooLong{"api.request_line_too_long", "请求行超过 {max} 字节；较长的值请放在请求体中",
                                  "the request line is longer than {max} bytes; send long values in a body"};
const Message kHeadersTooLarge{"api.headers_too_large", "合计超过 {max} 字节；请少发或缩短请求头",
                               "are larger than {max} bytes in all; send fewer or shorter headers"};
const Message kBodyTooLarge{"api.body_too_large", "超过本服务器接受的请求体上限（{max} 字节，由运维人员设置）；请不要超过",
                            "is larger than this server's body limit ({max} bytes, set by its operator); send at most that"};
const Message kNotHttp{"api.not_http", "无法按 HTTP/1.1 读取（{why}）", "cannot be read as HTTP/1.1 ({why})"};
const Message kServerFailed{"api.server_failed", "服务器未能作答：{what}；请稍后重试，并告知运维人员",
                            "the server failed to answer: {what}; retry later and tell its operator"};
const Message kConnectionsFromAddress{"api.connections_from_address", "{address} 已对本服务器打开 {max} 个连接，已达一个地址的上限；请复用这些连接",
                                      "{address} has {max} connections open to this server, the most one address may; reuse them"};
const Message kServerFull{"api.server_full", "本服务器已打开 {max} 个连接，已达上限；请稍后重试",
                          "this server has {max} connections open, the most it takes; try again shortly"};

const Message kPlainHttpToTls{"api.plain_http_to_tls", "本端口只接受 HTTPS（TLS）；请把地址中的 http:// 改为 https://",
                              "this port speaks HTTPS (TLS) only; write https:// instead of http:// in the address"};

const std::vector<const Message*>& ApiRefusals() {
  static const std::vector<const Message*> all = {
      &kCursorNotOurs,     &kNumberEmpty,        &kPositionRange,      &kLimitRange,          &kTrueOrFalse,
      &kOverdueTrueOrFalse, &kNotATime,          &kNotADay,            &kEventCountMissing,   &kEventCountRange,
      &kUnitListsItsOwnTasks, &kUnitLooksUpItself, &kDashboardReaders, &kBulletinReaders, &kTracksReaders, &kAccessListReaders, &kPasswordLength, &kPasswordOneCharacter, &kLoginBody, &kLoginFailed, &kLoginLocked, &kAccountDisabled, &kCsrfMissing, &kUploadFormOnly, &kUploadsBusy, &kUploadNoFile, &kUploadType, &kUploadTaskMissing, &kUploadReaders, &kAttachmentsOff, &kEvidenceNotOnTask, &kEvidenceFileMissing, &kEvidenceFileDamaged, &kNoSession, &kWebhookListReaders, &kUnitSeesItsOwnWebhooks, &kReactionReaders, &kLogNotForUnits,    &kProofReaders, &kProofHoldsSecret,        &kMyTasksUnitsOnly,
      &kImportOfficeOnly, &kUnitImportOfficeOnly,  &kRoundNotTheUnits,  &kEngineIssuesIt,     &kNoStream,           &kNoReadModel,         &kNoSuchRoute,
      &kMethodNotAllowed,  &kJsonOnly,           &kBodyNotJson,        &kBodyNotObject,       &kCommandBodyShape,
      &kEmptyFieldName,    &kUnknownField,       &kDataNotObject,      &kMustBeString,        &kTooDeep,
      &kStreamMissing,     &kTypeMissing,        &kIdempotencyKeyLong, &kTableMissing,        &kEachGroups,
      &kImportHasErrors,           &kTooManyFailures,    &kWebhookKeyMissing,   &kWebhookKeyUnknown,
      &kTimestampNotATime, &kTimestampSkew,      &kSignatureMismatch,  &kWebhookIdMissing, &kStandardSignatureMismatch, &kDeliveryId,          &kDeliveryReceived,
      &kDeliveryReceivedOther, &kPathNotAPath,   &kPathBadEscape,      &kPathBadBytes,        &kQueryNameBad,
      &kQueryValueBad,     &kTargetTooLong,      &kRequestLineTooLong, &kHeadersTooLarge,     &kBodyTooLarge,
      &kNotHttp,           &kServerFailed,       &kConnectionsFromAddress, &kServerFull,
      &kPlainHttpToTls};
  return all;
}

}  // namespace safecity::http
