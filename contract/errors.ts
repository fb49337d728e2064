/**
 * The closed set of error codes. Every error response has the shape
 * `{ error: { code, message, rule?, details? } }`; `message` is Chinese for people,
 * `code` is stable for programs, `rule` names the policy rule behind a refusal.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '请求参数有误' },
  UNKNOWN_FIELD: { status: 400, message: '请求包含不允许的字段' },
  BAD_REQUEST: { status: 400, message: '请求格式有误' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求内容类型' },
  PASSWORD_TOO_WEAK: { status: 400, message: '密码强度不足' },
  AUTH_REQUIRED: { status: 401, message: '请先登录' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  AUTH_LOCKED: { status: 423, message: '登录失败次数过多，账号已临时锁定，请稍后再试' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  ACCOUNT_DISABLED: { status: 401, message: '用户名或密码错误' },
  /** 演示账号 with the public password: refused outside demo mode (issue 11 finding 5) */
  DEMO_ACCOUNT_DISABLED: { status: 403, message: '演示账号仅在演示模式下可用，请使用正式账号登录' },
  /** a session whose password must change reaches nothing else until it does */
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '请先修改密码' },
  /** a role that must sign in with a second factor reaches nothing else until it enrols one */
  SECOND_FACTOR_ENROLMENT_REQUIRED: { status: 403, message: '请先绑定动态口令（双因素认证）' },
  SECOND_FACTOR_INVALID: { status: 401, message: '动态口令或恢复码不正确' },
  SECOND_FACTOR_ALREADY_ENROLLED: { status: 409, message: '已绑定动态口令' },
  SECOND_FACTOR_NOT_ENROLLED: { status: 409, message: '尚未绑定动态口令' },
  FORBIDDEN_ROLE: { status: 403, message: '当前角色无权执行此操作' },
  FORBIDDEN_SCOPE: { status: 403, message: '该数据不在您的管辖范围内' },
  NOT_FOUND: { status: 404, message: '记录不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  /** also: two requests changed the same data at once (a unique key, a serialisation failure or deadlock) */
  CONFLICT: { status: 409, message: '数据冲突' },
  USERNAME_TAKEN: { status: 409, message: '用户名已存在' },
  INVALID_SCOPE_FOR_ROLE: { status: 400, message: '账号的管辖范围与角色不匹配' },
  REGION_NOT_FOUND: { status: 400, message: '行政区划不存在' },
  INSTITUTION_NOT_FOUND: { status: 400, message: '机构不存在' },
  SELF_ACTION_FORBIDDEN: { status: 403, message: '不能对自己的账号执行此操作' },
  FILING_PREREQUISITES_MISSING: { status: 422, message: '备案条件不全' },
  FILING_INVALID_STATE: { status: 409, message: '申请当前状态不能执行此操作' },
  EXPERT_OPINIONS_INSUFFICIENT: { status: 422, message: '专家初审意见不足，不能推荐' },
  EXPERTS_DISAGREE: { status: 422, message: '专家初审意见未达到同意推荐的要求' },
  FILING_WRONG_DEPARTMENT: { status: 403, message: '该申请不由您所在部门办理' },
  SELF_APPROVAL_FORBIDDEN: { status: 403, message: '不能审批本人提交的申请' },
  FILING_OPEN_EXISTS: { status: 409, message: '该机构已有办理中的备案申请' },
  SCOPE_ALREADY_GRANTED: { status: 409, message: '申报的职业等级已在备案范围内' },
  INSTITUTION_NOT_FILED: { status: 409, message: '机构未备案' },
  INSTITUTION_SUSPENDED: { status: 409, message: '机构已暂停评价' },
  INSTITUTION_REVOKED: { status: 409, message: '机构已被取消备案' },
  INSTITUTION_EXPIRED: { status: 409, message: '机构备案已过有效期' },
  OUT_OF_SCOPE: { status: 403, message: '超出机构备案的评价范围' },
  DELEGATION_FORBIDDEN: { status: 403, message: '不得委托或代替其他机构开展评价' },
  SPEC_NOT_FILED: { status: 409, message: '评价规范未经省级备案' },
  SPEC_REVIEWS_INSUFFICIENT: { status: 422, message: '评价规范的专家评审不足' },
  /** INST-7: a specification is only for an occupation without a national occupational skill standard */
  NATIONAL_STANDARD_EXISTS: { status: 409, message: '该职业已颁布国家职业技能标准，无需开发评价规范' },
  STAFF_DISQUALIFIED: { status: 409, message: '该人员已被取消资格' },
  /** INST-8: a disqualification bars the person, known by the identity document, so work needs one */
  STAFF_IDENTITY_MISSING: { status: 409, message: '该人员尚未登记证件号码，不能安排评价工作' },
  INVALID_TRANSITION: { status: 409, message: '机构当前状态不能执行此操作' },
  /** INST-5: only the department that filed an institution, or its superior, manages it */
  NOT_FILING_AUTHORITY: { status: 403, message: '该机构应由备案部门或其上级管理' },
  EVIDENCE_TYPE_REFUSED: { status: 415, message: '证明材料只接受 PDF、PNG 或 JPEG 文件' },
  OCCUPATION_NOT_FOUND: { status: 400, message: '职业不存在或已停用' },
  /** CERT-10: 在校 with no student type (a worker with the in-school switch on) would waive a worker's fee */
  SITUATION_INCONSISTENT: { status: 400, message: '在校学生须注明学生类型' },
  FEE_FORBIDDEN_IN_SCHOOL: { status: 409, message: '不得向在校学生收取培训、考试或证书费用' },
  CERTIFICATE_DUPLICATE: { status: 409, message: '该人员已持有同职业同等级的有效证书' },
  CERTIFICATE_INVALID_TRANSITION: { status: 409, message: '证书当前状态不能执行此操作' },
  LEARNER_NOT_FOUND: { status: 400, message: '人员不存在' },
  STANDARD_MISSING: { status: 409, message: '该职业等级尚无职业技能标准' },
  PLAN_INVALID_STATE: { status: 409, message: '评价计划当前状态不能执行此操作' },
  IDENTITY_INVALID: { status: 400, message: '证件号码无效' },
  IDENTITY_NAME_MISMATCH: { status: 409, message: '证件号码已登记为其他姓名' },
  ALREADY_REGISTERED: { status: 409, message: '该考生已报名本计划' },
  REGISTRATION_WITHDRAWN: { status: 409, message: '该报名已撤回' },
  REGISTRATION_SCORED: { status: 409, message: '已录入成绩的报名不能撤回' },
  NOT_ELIGIBLE: { status: 409, message: '不符合申报条件' },
  STAFFING_INSUFFICIENT: { status: 422, message: '考场人员配备不符合职业标准' },
  EXAMINER_NOT_QUALIFIED: { status: 422, message: '考评人员不具备本职业（工种）或等级的考评资格' },
  SCORES_INCOMPLETE: { status: 409, message: '成绩尚未全部录入并复核' },
  SCORE_SAME_PERSON: { status: 403, message: '成绩录入与复核不能为同一人' },
  PUBLICITY_NOT_ENDED: { status: 409, message: '公示期未满' },
  OBJECTIONS_OPEN: { status: 409, message: '尚有未处理的异议' },
  IMPORT_INVALID: { status: 400, message: '导入文件有误，未导入任何数据' },
  /** an upload that is not an .xlsx zip (a PDF or picture renamed, an old .xls), or a zip without a workbook */
  WORKBOOK_NOT_XLSX: { status: 415, message: '文件不是 Excel 工作簿（.xlsx）' },
  /** a truncated or damaged .xlsx: its zip directory cannot be read, or a part inflates to other than it declares */
  WORKBOOK_DAMAGED: { status: 400, message: '文件不完整或已损坏' },
  /** the checks made before a workbook is parsed (issue 11 item 2): the message names the limit */
  WORKBOOK_TOO_MANY_ENTRIES: { status: 413, message: '工作簿内的部件过多' },
  WORKBOOK_COMPRESSION_RATIO: { status: 413, message: '工作簿的压缩比异常' },
  WORKBOOK_TOO_LARGE: { status: 413, message: '工作簿解压后过大' },
  WORKBOOK_TOO_MANY_ROWS: { status: 413, message: '名册行数超过上限' },
  WORKBOOK_TOO_MANY_COLUMNS: { status: 413, message: '工作表列数超过上限' },
  /** this server already runs as many imports as it allows at once: nothing was done; try again after Retry-After */
  IMPORTS_BUSY: { status: 503, message: '同时进行的导入过多，请稍后再试' },
  /** every worker thread is busy and their queue is full (imports, PDFs, signing): nothing was done; try again after Retry-After */
  WORKERS_BUSY: { status: 503, message: '服务器繁忙，请稍后再试' },
  /** a tracked job's result asked for before the job has succeeded */
  JOB_NOT_READY: { status: 409, message: '任务尚未完成' },
  /** stored on a job the server was running when it stopped (found at the next start-up) */
  JOB_INTERRUPTED: { status: 503, message: '服务器在任务运行时重启，任务已中断，请重新发起' },
  /** a finished job's result file deleted by the sweep after JOB_RESULT_RETENTION_DAYS */
  JOB_RESULT_EXPIRED: { status: 410, message: '任务的结果文件已超过保存期限被清理，请重新发起任务' },
  /** this user already runs as many background jobs as one user may */
  JOBS_BUSY: { status: 429, message: '您已有后台任务正在运行，请等待其完成后再发起' },
  /** a plan's certificates are being issued already (one issuance job per plan at a time) */
  ISSUANCE_RUNNING: { status: 409, message: '该评价计划正在发证，请等待本次发证完成后再操作' },
  PATHWAY_NOT_APPLICABLE: { status: 409, message: '不符合该取证途径的条件' },
  /** INST-1: a 院校类 institution evaluates its own students and in-service staff only */
  NOT_OWN_STUDENT_OR_STAFF: { status: 403, message: '院校类评价机构只面向本校学生和在职教职工' },
  VERDICT_CONTRADICTS_SCORE: { status: 422, message: '“合格”标记与成绩不符：是否合格由平台按职业技能标准的合格线判定' },
  ONE_PROMOTION_PER_YEAR: { status: 409, message: '每人每年只能通过竞赛晋升一次等级' },
  /** CERT-5: a competition's award rules are approved by the HRSS that filed the organiser before results count */
  COMPETITION_NOT_APPROVED: { status: 409, message: '竞赛取证规则尚未经备案人社部门批准' },
  /** CERT-5: award rules are approved before the contest takes place, never after */
  COMPETITION_APPROVAL_TOO_LATE: { status: 409, message: '竞赛取证规则须在比赛日期之前批准' },
  /** CERT-5: results are recorded after the contest, not before it */
  COMPETITION_NOT_HELD: { status: 409, message: '比赛尚未举行，不能认定获奖' },
  /** CERT-5: an award rule reaches more places or a higher level than the province's cap for the contest tier */
  COMPETITION_RULE_EXCEEDS_CAP: { status: 422, message: '取证规则超出本级别竞赛的取证上限' },
  NOT_MAPPED: { status: 409, message: '该 1+X 证书尚未对应职业' },
  PARTNERSHIP_MISSING: { status: 403, message: '企业与该院校没有有效的合作协议' },
  PARTNER_NOT_FILED: { status: 409, message: '企校合作的双方须为已备案的企业和院校' },
  PARTNERSHIP_INVALID_STATE: { status: 409, message: '合作协议当前状态不能执行此操作' },
  PARTNERSHIP_WRONG_PARTY: { status: 403, message: '此步骤须由合作协议的另一方办理' },
  NOT_A_SCHOOL_STUDENT: { status: 409, message: '不是该院校名册上的在校（或毕业学年）学生' },
  HOLDING_EVIDENCE_MISSING: { status: 409, message: '1+X 证书记录缺少证书编号、等级、发证组织或证明材料' },
  HOLDING_ALREADY_RECOGNISED: { status: 409, message: '该 1+X 证书已用于直接认定' },
  CONFLICT_OF_INTEREST: { status: 409, message: '评审人员与申请单位存在利害关系，应当回避' },
  CREDENTIAL_PENDING: { status: 409, message: '数字凭证正在签发，请稍后再试' },
  /** SUB-2: a step the claim workflow does not allow in the claim's state */
  CLAIM_INVALID_STATE: { status: 409, message: '补贴申领当前状态不能执行此操作' },
  /** SUB-2: the step is the institution's, the HRSS department's or the finance department's */
  CLAIM_WRONG_PARTY: { status: 403, message: '此步骤不由您所在部门办理' },
  CLAIM_NOT_PLACE_OF_TRAINING: { status: 403, message: '培训补贴申领由培训所在地人社部门审核' },
  /** SUB-1: nothing in the claim may be claimed (each line is paid, claimed elsewhere, revoked or without a rate) */
  SUBSIDY_NOTHING_CLAIMABLE: { status: 409, message: '没有可申领补贴的明细' },
  /** SUB-3: finance approves payment only after the publicity of at least 3 working days */
  SUBSIDY_PUBLICITY_RUNNING: { status: 409, message: '补贴公示期未满，不能审核拨付' },
  /** the city's special account (专账资金) has not enough left for the claim */
  SUBSIDY_FUND_INSUFFICIENT: { status: 409, message: '专账资金结余不足' },
  /** two rates of one kind and level in force on the same day */
  SUBSIDY_RATE_OVERLAP: { status: 409, message: '同一补贴类别和等级的有效期重叠' },
  /** a rate already used by claim lines keeps its amount and covers the dates it was used for */
  SUBSIDY_RATE_IN_USE: { status: 409, message: '补贴标准已用于申领明细，不能修改金额或缩短有效期' },
  /** SUB-4: more recovered than was reversed */
  SUBSIDY_RECOVERY_EXCEEDS: { status: 409, message: '追回金额超过冲销金额' },
  // ---- subsidised training (TRAIN-1…13)
  /** TRAIN-2, TRAIN-3 (and the other opening checks): a class application that breaks a rule; `details` lists every one */
  CLASS_PLAN_INVALID: { status: 422, message: '开班申请不符合培训规定' },
  /** TRAIN-1: a subsidised class is applied for and approved before it starts */
  CLASS_TOO_LATE: { status: 409, message: '培训班须在开班前申请并批准' },
  /** TRAIN-1: attendance, trainees and claims need an approved class */
  CLASS_NOT_APPROVED: { status: 409, message: '培训班未经批准' },
  CLASS_INVALID_STATE: { status: 409, message: '培训班当前状态不能执行此操作' },
  CLASS_FULL: { status: 409, message: '培训班人数已满' },
  /** the training provider is not (or no longer) in the catalogue (目录清单) */
  PROVIDER_NOT_LISTED: { status: 409, message: '培训机构不在目录清单内' },
  PROVIDER_ALREADY_LISTED: { status: 409, message: '该机构已有目录清单条目' },
  OCCUPATION_NOT_IN_TRAINING_SCOPE: { status: 403, message: '该职业（工种）不在培训机构的培训范围内' },
  /** 民办职业培训学校: subsidised training is open to those whose last annual inspection (年检) was qualified */
  INSPECTION_NOT_QUALIFIED: { status: 409, message: '上一年度年检不合格或未年检' },
  /** TRAIN-8: satisfaction below 85% stops new classes for a month of rectification */
  PROVIDER_IN_RECTIFICATION: { status: 409, message: '培训机构处于整改期，不得开班' },
  /** TRAIN-13: training outside the provider's own city needs the place's HRSS filing */
  CROSS_REGION_NOT_FILED: { status: 409, message: '跨区域培训未经培训所在地人社部门报备同意' },
  /** TRAIN-12: apprentices of one occupation at most 20 × the provider's full-time teachers of it */
  APPRENTICE_CAP_EXCEEDED: { status: 422, message: '企业新型学徒制培训人数超过专职教师数的20倍' },
  /** TRAIN-1/TRAIN-13: a class is approved by the HRSS of the place where it is held */
  NOT_PLACE_AUTHORITY: { status: 403, message: '培训班应由培训所在地人社部门审批' },
  /** a person is registered as a full-time trainer (专职师资) of one provider at a time */
  TRAINER_ALREADY_REGISTERED: { status: 409, message: '该人员已登记为专职教师' },
  ALREADY_ENROLLED: { status: 409, message: '该学员已在本培训班' },
  /** TRAIN-5, TRAIN-6, TRAIN-7, TRAIN-11 and employment intention: the person may not join this (subsidised) class */
  TRAINEE_NOT_ELIGIBLE: { status: 409, message: '不符合参加该补贴性培训的条件' },
  // ---- hours that count (TRAIN-4, TRAIN-10, TRAIN-11)
  /** a class hour outside the class's period, beyond its plan, overlapping another, or of the wrong delivery */
  SESSION_INVALID: { status: 422, message: '课时安排不符合开班计划' },
  /** the class hour has attendance, a recording or online records: it stays */
  SESSION_IN_USE: { status: 409, message: '课时已有考勤、录像或线上学习记录，不能删除' },
  /** TRAIN-10: an attendance mark the rule does not allow (a make-up without written leave or after the final assessment) */
  ATTENDANCE_INVALID: { status: 422, message: '考勤登记不符合规定' },
  /** TRAIN-4: a recording whose segments fall outside its own file */
  RECORDING_INVALID: { status: 422, message: '课时录像信息有误' },
  /** seed 002 三（二）: an on-site check on a day outside the class's period or naming someone not in it */
  /** TRAIN-9: where a skill certificate exists the trainees take its evaluation, never a completion test */
  COMPLETION_NOT_ALLOWED: { status: 409, message: '该职业应参加鉴定评价，不得组织培训合格证书考核' },
  /** a completion result on a wrong day, twice, or a certificate that was not earned */
  COMPLETION_INVALID: { status: 422, message: '结业考核记录有误' },
  SPOT_CHECK_INVALID: { status: 422, message: '实地抽查记录有误' },
  /** TRAIN-8: the satisfaction survey is after training: not before the class's end date */
  SURVEY_NOT_OPEN: { status: 409, message: '培训结束后才进行满意度调查' },
  /** TRAIN-8: one answer per trainee's code */
  SURVEY_ANSWERED: { status: 409, message: '该二维码已提交过评价' },
  /** TRAIN-8: the class's survey was closed */
  SURVEY_CLOSED: { status: 409, message: '满意度调查已结束' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传内容过大' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  /** public look-up by ID number + name past the free ones: the body carries a fresh proof-of-work challenge */
  CHALLENGE_REQUIRED: { status: 428, message: '查询次数较多，请先完成安全验证' },
  /** a proof-of-work solution that is wrong, expired, not ours or already used: the body carries a fresh challenge */
  CHALLENGE_INVALID: { status: 403, message: '安全验证未通过，请重新验证' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后再试' },
  UNAVAILABLE: { status: 503, message: '服务暂不可用' },
  /** the database cannot be reached or is busy past its timeout: nothing was done; try again after Retry-After */
  DATABASE_UNAVAILABLE: { status: 503, message: '数据库暂时不可用，请稍后再试' },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** JSON pointer-ish path of the field, e.g. `/password` */
  field: string;
  message: string;
}
export interface ErrorBody {
  error: { code: ErrorCode; message: string; rule?: string; details?: FieldError[]; requestId?: string };
}
