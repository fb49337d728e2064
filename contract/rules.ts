/**
 * The policy rules the platform enforces or reports on, by id (INST-*, CERT-*, TRAIN-*, SUB-*, TGT-*,
 * BANK-*, SUP-*). A refusal names its rule (`AppError(…, { rule: 'INST-4' })`), tests are titled with
 * it, and docs/rules.md is generated from this file (`npm run rules:doc`).
 *
 * `text` is the rule in plain Chinese, worded from the passage of the source document (`source`,
 * `sourceRef` = the article in it; `alsoIn` = other documents saying the same). `note` is where the
 * platform's reading goes beyond the document's words (平台口径), so the two stay distinguishable.
 *
 * Pure data: no Node or DOM imports (shared by server and web).
 */

/** The groups of rules, by id prefix. A rule id is `<prefix>-<number>`. */
export const RULE_GROUPS = {
  INST: { title: '评价机构', titleEn: 'Evaluation institutions' },
  CERT: { title: '职业技能等级认定', titleEn: 'Certification' },
  TRAIN: { title: '职业技能培训', titleEn: 'Training' },
  SUB: { title: '补贴', titleEn: 'Subsidies' },
  TGT: { title: '取证任务与月报', titleEn: 'Targets and reports' },
  BANK: { title: '学分银行', titleEn: 'Credit bank' },
  SUP: { title: '监管', titleEn: 'Supervision' },
} as const;
export type RuleGroup = keyof typeof RULE_GROUPS;

const HENAN = '《河南省教育系统落实“人人持证、技能河南”建设工作任务实施方案》';
const JIAOZUO = '《焦作市教育系统落实“人人持证、技能河南”建设工作任务实施方案》';
const XUCHANG = '《2021年许昌市全民技能振兴工程暨职业技能提升行动工作方案》';
const SICHUAN = '四川省人力资源和社会保障厅院校职业技能等级认定试点通知（2021年6月16日）';
const HUBEI = '湖北日报“职业教育赋能提质”专栏报道（2020年）';

/** The policy documents the rules come from, as cited in `source` and `alsoIn`. */
export const RULE_SOURCES = [
  {
    source: HENAN,
    issuer: '河南省教育厅、河南省人力资源和社会保障厅',
    docNo: '教职成〔2021〕504号（文号据焦作方案的引用）',
    about: '河南省院校评价机构备案、四种取证方式、取证任务、学分银行、评价补贴、月报制度',
  },
  {
    source: JIAOZUO,
    issuer: '焦作市教育局办公室',
    docNo: '焦教办〔2022〕23号（2022年4月25日）',
    about: '河南方案在焦作市的落实：市级目标、备案、取证任务、年度目标考核',
  },
  {
    source: XUCHANG,
    issuer: '许昌市全民技能振兴工程领导小组办公室',
    docNo: '许技领办〔2021〕4号（2021年3月29日）',
    about: '补贴性职业技能培训的全过程管理、线上培训、补贴资金的审核、公示与追缴',
  },
  {
    source: SICHUAN,
    issuer: '四川省人力资源和社会保障厅',
    docNo: '通知正文未载文号；标题按正文“在全省院校开展职业技能等级认定试点工作”拟定',
    about: '院校评价机构的备案条件、评价范围、证书编码、监管、信用评估与违规处理',
  },
  {
    source: HUBEI,
    issuer: '湖北日报（记者方琳）',
    docNo: '新闻报道，非规范性文件；报道湖北省“职业教育赋能提质专项行动计划”推进会',
    about: '1+X 证书制度试点、培训对象及其责任部门、学分银行与个人学习账号',
  },
] as const;

export interface Rule {
  /** Short plain-Chinese name. */
  readonly title: string;
  readonly titleEn: string;
  /** The rule in plain Chinese, one to three sentences, as a person reads it in a refusal. */
  readonly text: string;
  /** The source document (title, or a description where the document's heading is not known). */
  readonly source: string;
  /** Article / section in the source document, e.g. 二（三）2（1）. */
  readonly sourceRef?: string;
  /** Other documents saying the same, each with its article. */
  readonly alsoIn?: readonly string[];
  /** The platform's reading where it goes beyond the document's words (平台口径). */
  readonly note?: string;
}

export const RULES = {
  // ── 评价机构 ────────────────────────────────────────────────────────────────────────────────
  'INST-1': {
    title: '评价机构类别',
    titleEn: 'Kinds of evaluation institution',
    text:
      '职业技能评价机构包括：面向本校学生（含在职教职工）的院校类职业技能等级评价机构、面向社会人员的职业技能等级评价机构、' +
      '职业技能考核鉴定机构和专项职业能力考核机构。此外，职业教育培训评价组织开展1+X证书考核，已备案的企业也可开展职业技能等级认定。',
    source: HENAN,
    sourceRef: '二（一）1、2',
    alsoIn: [`${SICHUAN} 五（一）`, HUBEI],
    note:
      '院校类评价机构只为本校学生和在职教职工报名：本校在校生，或本校毕业学年内的学生（至当年 8 月 31 日）；' +
      '在职教职工指人员库中本机构的考评员、高级考评员和内部质量督导员。发证时须为本校学生、毕业生或在职教职工。' +
      '社会人员由面向社会人员的评价机构评价。',
  },
  'INST-2': {
    title: '备案路径',
    titleEn: 'Filing route',
    text:
      '本科院校、高等职业学校、省属中等职业学校的申请材料报省教育部门，经专家初审后向省人力资源社会保障部门推荐备案；' +
      '地方所属中等职业学校的申请材料按隶属关系报省辖市、济源示范区、省直管县（市）教育部门，经专家初审后向本级人力资源社会保障部门推荐备案。' +
      '申请其他类评价机构的，省属院校向省人力资源社会保障厅申请备案，地方所属院校按属地原则向当地人力资源社会保障部门申请备案。',
    source: HENAN,
    sourceRef: '二（一）1、2',
    alsoIn: [`${JIAOZUO} 二（一）2`, `${SICHUAN} 三`],
    note:
      '每一步都记录经办人、时间、意见和理由。专家初审须有至少 3 份专家意见（文件未规定人数，3 为平台口径），' +
      '且同意的不少于 3 份并多于不同意的，方可推荐；不同意意见如实记录并显示。' +
      '文件未规定办理时限：平台按每一步 20 个工作日（自申请送达该部门之日起，按法定节假日和调休计算）提示办理期限，逾期的申请在列表、待办和详情中标注。',
  },
  'INST-3': {
    title: '备案条件',
    titleEn: 'Filing prerequisites',
    text:
      '申请开展职业技能等级认定的院校应同时具备：专门负责认定的内设机构、完善的工作制度和规范的考务流程；' +
      '稳定的专家、考评人员和质量督导人员队伍，每个职业（工种）考评人员或高级考评员不少于3人；' +
      '相适应的场地、设施设备和网络视频监控设备；与所认定职业（工种）对应的题库；稳定的经费保障；自愿接受人力资源社会保障部门的监督管理。',
    source: SICHUAN,
    sourceRef: '二（一）至（七）',
    alsoIn: [`${HENAN} 二（一）1`],
    note: '缺少任一条件的申请不能通过备案。',
  },
  'INST-4': {
    title: '评价范围',
    titleEn: 'Scope of evaluation',
    text: '评价机构只能在备案的职业（工种）和等级范围内开展职业技能等级认定，不得超范围认定，不得授权或委托其他机构开展认定活动。',
    source: SICHUAN,
    sourceRef: '一、七（四）',
  },
  'INST-5': {
    title: '目录与动态管理',
    titleEn: 'Catalog and dynamic management',
    text: '备案的评价机构纳入职业技能评价机构目录，实行动态管理；在认定活动中出现违规现象的，视情节限期整改直至取消备案资格。',
    source: HENAN,
    sourceRef: '二（一）3',
    alsoIn: [`${JIAOZUO} 二（一）1`, `${SICHUAN} 七（一）、七（五）`],
    note:
      '机构状态为已备案、限期整改、暂停评价、取消备案；未备案、暂停评价、取消备案或备案已过有效期的机构不能开展评价或发证。' +
      '动态管理由备案部门或其上级（省人社厅）办理；整改期限已过的，平台提示备案部门暂停评价，由其视情节决定。',
  },
  'INST-6': {
    title: '谁评价、谁发证、谁负责',
    titleEn: 'Who evaluates, issues and answers',
    text: '评价机构按照“谁评价、谁发证、谁负责”的原则承担主体责任，接受人力资源社会保障部门监管和教育部门指导。',
    source: HENAN,
    sourceRef: '二（一）3',
    alsoIn: [`${JIAOZUO} 二（一）1`, `${SICHUAN} 七（三）`],
    note: '每张证书记录评价并颁发它的机构，由该机构负责。',
  },
  'INST-7': {
    title: '评价规范须备案',
    titleEn: 'Filed evaluation specifications',
    text:
      '未颁布国家职业技能标准的，可按照《国家职业技能标准编制技术规程（2018年版）》组织开发评价规范，' +
      '经5人以上专家评审并报省人力资源社会保障部门备案后，方可开展职业技能等级认定。',
    source: HENAN,
    sourceRef: '二（三）2',
    alsoIn: [`${JIAOZUO} 二（三）2`],
  },
  'INST-8': {
    title: '信用评估与取消资格',
    titleEn: 'Credit evaluation and disqualification',
    text:
      '人力资源社会保障部门对评价机构进行信用评估，结果面向社会公开公示；违规失信的，视情节限期整改直至取消备案资格。' +
      '考评人员、质量督导人员违规或失职的，视情节取消其考评或督导资格，不得再参与任何职业资格鉴定、职业技能等级认定、专项职业能力考核等工作。',
    source: SICHUAN,
    sourceRef: '六（一）、七（三）、七（五）',
    note:
      '取消资格针对人员本人：人员按证件号码识别，同一人在各机构、各角色只有一条人员记录；取消后其在所有机构的登记一并取消，' +
      '任何机构不得再登记、任何评价工作不得再安排。文件未规定期限和恢复程序，平台按长期有效处理。人员登记证件号码后方可安排评价工作。',
  },

  // ── 职业技能等级认定 ────────────────────────────────────────────────────────────────────────
  'CERT-1': {
    title: '五个等级',
    titleEn: 'Five skill levels',
    text: '职业技能等级分为五级：五级/初级工、四级/中级工、三级/高级工、二级/技师、一级/高级技师。',
    source: SICHUAN,
    sourceRef: '四',
    alsoIn: [`${HENAN} 一`],
    note: '按河南方案“高级工及以上”的统计口径，三级及以上计为高技能人才。',
  },
  'CERT-2': {
    title: '考试考核',
    titleEn: 'Evaluation by exam',
    text:
      '考试考核：院校组织学生专门培训后，参加理论知识考试和操作技能考核，成绩合格者取得相应证书；' +
      '优秀中等职业学校毕业生（含毕业学年学生）可参加高级工等级考试考核。',
    source: HENAN,
    sourceRef: '二（三）2（1）',
    alsoIn: [`${JIAOZUO} 二（三）2（1）`],
    note: '理论和操作均须合格；中职学生经考试最高取得四级/中级工，优秀毕业生（含毕业学年学生）可报考三级/高级工。',
  },
  'CERT-3': {
    title: '直接认定',
    titleEn: 'Direct recognition from 1+X',
    text: '院校对取得1+X证书的学生可直接认定相应职业（工种）的职业技能等级：1+X高级、中级证书认定为高级工，1+X初级证书认定为中级工。',
    source: HENAN,
    sourceRef: '二（三）2（2）',
    alsoIn: [`${JIAOZUO} 二（三）2（2）`],
  },
  'CERT-4': {
    title: '过程化考核',
    titleEn: 'Process-based assessment',
    text:
      '院校通过“课证融通”将相关专业课程考试与职业技能考核同步进行；课程理论知识考试和技能操作考核均合格的毕业生或毕业学年学生，' +
      '可认定相应职业（工种）的职业技能等级：本科、专科层次学生认定高级工，中等职业学校学生认定中级工。',
    source: HENAN,
    sourceRef: '二（三）2（3）',
    alsoIn: [`${JIAOZUO} 二（三）2（3）`],
  },
  'CERT-5': {
    title: '竞赛取证',
    titleEn: 'Certification through competition',
    text: '院校将职业技能标准融入竞赛内容，制定校内竞赛办法并组织校内技能竞赛，向竞赛成绩符合条件的师生颁发职业技能等级证书。',
    source: HENAN,
    sourceRef: '二（三）2（4）',
    alsoIn: [`${JIAOZUO} 二（三）2（4）`, `${SICHUAN} 五（二）`],
  },
  'CERT-6': {
    title: '企校合作认定',
    titleEn: 'Evaluation by a partner enterprise',
    text: '已备案开展职业技能等级认定的企业，可通过企校合作参与院校人才培养评价，为学生提供职业技能等级认定服务，颁发职业技能等级证书。',
    source: SICHUAN,
    sourceRef: '五（一）',
  },
  'CERT-7': {
    title: '证书编码与查询',
    titleEn: 'Certificate number and query system',
    text: '证书编码由职业技能鉴定指导中心赋值并提供查询服务；证书信息按规定纳入全国和本省职业技能证书查询系统。',
    source: SICHUAN,
    sourceRef: '六（一）、六（三）',
    alsoIn: [`${HENAN} 二（三）1`, `${JIAOZUO} 二（三）1`],
    note: '证书编号按国家编码规则（人社鉴发〔2019〕2号）由系统生成，唯一且永不重复使用（撤销后也不再使用）。',
  },
  'CERT-8': {
    title: '分别统计、不重复计数',
    titleEn: 'Counted separately and once',
    text: '为避免重复统计，职业技能证书和1+X证书按下达的取证任务数分别完成。',
    source: HENAN,
    sourceRef: '二（三）3',
    alsoIn: [`${JIAOZUO} 二（三）3`],
    note: '一张证书只计一次；同一人员同一职业同一等级只持有一张有效证书。',
  },
  'CERT-9': {
    title: '毕业至少一证',
    titleEn: 'Every student graduates certified',
    text: '原则上，学生毕业时至少取得1个以上职业技能证书；鼓励学生取得不限于所学专业的各类职业技能证书。',
    source: HENAN,
    sourceRef: '二（三）1',
    alsoIn: [`${JIAOZUO} 二（三）1`],
    note: '倡导性要求：平台报告尚未取证的学生，不据此拒绝操作。',
  },
  'CERT-10': {
    title: '不得向在校生收费',
    titleEn: 'No fees from in-school students',
    text: '不得以技能培训、考证、取证的名义向在校学生收取任何费用。',
    source: HENAN,
    sourceRef: '三（二）',
    alsoIn: [`${JIAOZUO} 三（二）`],
    note: '按报名时人员现时的学生身份判定：先以社会人员报名、后成为在校生的，不再收费。人员的学生身份随报名更新并留痕；学校登记的在校身份只能由该校更改，其他机构报名不能抹去。',
  },
  'CERT-11': {
    title: '台账与问题回溯',
    titleEn: 'Ledger and traceability',
    text: '评价机构要规范工作程序，加强考务管理，建立问题回溯和责任追究机制，建立认定工作台账，主动接受人力资源社会保障部门监管。',
    source: SICHUAN,
    sourceRef: '七（四）',
    note: '成绩、试卷和决定只追加记录，不得无痕修改。',
  },
  'CERT-12': {
    title: '违规认定的处理',
    titleEn: 'Unfair conduct',
    text:
      '认定活动中出现考生资格不符合规定、程序不规范、成绩造假、工作人员失职等违规现象的，视情节限期整改直至取消备案资格；' +
      '严重影响考试公平公正的，按照国家有关规定追究责任。',
    source: SICHUAN,
    sourceRef: '七（五）、七（三）',
    note: '因上述情形取得的证书予以撤销；撤销的证书仍可查询，显示为“已撤销”。',
  },

  // ── 职业技能培训 ────────────────────────────────────────────────────────────────────────────
  'TRAIN-1': {
    title: '补贴性培训进系统',
    titleEn: 'Only recorded training is subsidised',
    text: '补贴性培训进系统、系统之外零补贴：补贴性培训须在职业培训信息管理服务系统中开展，并严格按年度补贴性培训申请表规定的流程进行。',
    source: XUCHANG,
    sourceRef: '二（四）20',
    note: '补贴性培训班须在开班前提交开班申请并经批准。',
  },
  'TRAIN-2': {
    title: '班额与课时',
    titleEn: 'Class size and class hours',
    text: '培训师生比、工位与学员比保持在1∶20以内，每班不超过80人，每课时不少于40分钟，实操培训不少于总课时的65%。',
    source: XUCHANG,
    sourceRef: '二（四）21（1）',
  },
  'TRAIN-3': {
    title: '合格证书类培训学时',
    titleEn: 'Hours of completion-only training',
    text:
      '无法取得职业资格证书、职业技能等级证书、特种作业操作证书、专项职业能力证书，只能领取培训合格证书的培训，' +
      '不少于40个学时（有明确学时规定的除外）。',
    source: XUCHANG,
    sourceRef: '二（四）20',
  },
  'TRAIN-4': {
    title: '教学录像',
    titleEn: 'Video recording of teaching',
    text: '理论教学须全程录像，实操培训每学时连续录像不少于15分钟。',
    source: XUCHANG,
    sourceRef: '二（四）20',
    note: '缺少录像的学时不计入。',
  },
  'TRAIN-5': {
    title: '培训职业与岗位',
    titleEn: 'Training matches the post',
    text: '企业职工须参加与本人岗位相同或相近的职业（工种）培训；转岗职工参加培训的职业（工种）与原岗位职业（工种）不隶属于同一职业分类。',
    source: XUCHANG,
    sourceRef: '二（四）20',
  },
  'TRAIN-6': {
    title: '在校生本专业不补贴',
    titleEn: 'No subsidised training in the own major',
    text: '职业院校或培训机构不得对职业院校在校生开展在读专业的补贴性技能培训。',
    source: XUCHANG,
    sourceRef: '二（四）20',
  },
  'TRAIN-7': {
    title: '培训对象与责任部门',
    titleEn: 'Target groups and responsible departments',
    text:
      '培训重点面向农村转移劳动力、已脱贫劳动力、返乡入乡创业人员、下岗失业人员、转岗职工、退役军人、未就业高校毕业生、残疾人等群体。' +
      '在校学生由教育部门负责，未就业毕业生等社会重点群体由人力资源社会保障部门负责，退役军人由退役军人事务部门负责，在职职工由总工会负责。',
    source: HUBEI,
    alsoIn: [`${HENAN} 二（二）`, `${XUCHANG} 二（一）2、8`],
    note: '每名学员登记所属群体。',
  },
  'TRAIN-8': {
    title: '满意度调查',
    titleEn: 'Satisfaction survey',
    text: '培训后同步进行满意度调查，满意度低于85%的停止培训开班，给予为期一个月的整改期。',
    source: XUCHANG,
    sourceRef: '二（四）21（3）',
  },
  'TRAIN-9': {
    title: '线下考核与取证',
    titleEn: 'Offline assessment and certification',
    text:
      '政府补贴性培训一律实行线下考核；能够取得职业资格证书、职业技能等级证书、专项职业能力证书的职业（工种），' +
      '必须组织学员参加鉴定评价或考核，直接组织培训合格证书考核的不予认可。',
    source: XUCHANG,
    sourceRef: '二（四）21（3）',
  },
  'TRAIN-10': {
    title: '到课与补课',
    titleEn: 'Attendance and make-up',
    text:
      '以实到人数为开班人数，实地检查少于开班人数的，按检查在位平均人数计算培训人数；' +
      '确有特殊原因无法按时参加培训并履行书面请假手续的，可在结业考核前通过补课完成规定课程，并计入到课率。',
    source: XUCHANG,
    sourceRef: '三（二）',
  },
  'TRAIN-11': {
    title: '线上培训',
    titleEn: 'Online training',
    text:
      '部分职业（工种）须开展不少于8个学时的线下实训，并统一于4月、8月、12月线下考核；上一个项目未考核或考核后距下一次开班不足一个月的，' +
      '不得参加下一次补贴性培训。有快进播放、多窗口学习、连续5分钟内无弹窗管控、无法进行人脸活体比对、课程不按先后顺序学习、' +
      '每课时无随机保留影像照片的，视同培训无效。',
    source: XUCHANG,
    sourceRef: '二（四）21（2）',
  },
  'TRAIN-12': {
    title: '新型学徒制规模',
    titleEn: 'Apprenticeship cap',
    text: '培训机构开展企业新型学徒制，单个职业（工种）培训数量不超过该机构该职业（工种）专职教师总数的20倍。',
    source: XUCHANG,
    sourceRef: '二（四）21（1）',
  },
  'TRAIN-13': {
    title: '跨区域培训报备',
    titleEn: 'Cross-region training',
    text: '纳入年度目录清单管理的培训机构跨区域开展培训的，须按属地管理原则向培训所在地人力资源社会保障局报备同意，并接受监管。',
    source: XUCHANG,
    sourceRef: '二（二）16',
    alsoIn: [`${XUCHANG} 二（二）14`],
  },

  // ── 补贴 ────────────────────────────────────────────────────────────────────────────────────
  'SUB-1': {
    title: '评价补贴只领一次',
    titleEn: 'Evaluation subsidy, once per person',
    text: '对经人力资源社会保障部门备案的评价机构，根据取证等级和数量给予评价补贴；同一人员同一职业同一等级不得重复申领。',
    source: HENAN,
    sourceRef: '三（二）',
    alsoIn: [`${JIAOZUO} 三（二）`],
    note: '跨机构、跨年度只补贴一次。',
  },
  'SUB-2': {
    title: '审核时限',
    titleEn: 'Review deadlines',
    text: '对申请资金的，主管部门应在10个工作日内完成受理及审核；同一笔业务在人社部门、财政部门分别不得超过15个工作日。',
    source: XUCHANG,
    sourceRef: '三（二）',
    note: '工作日按国家法定节假日和调休安排计算。',
  },
  'SUB-3': {
    title: '补贴公示',
    titleEn: 'Publicity before payment',
    text: '补贴在当地人社部门官方网站等进行不少于3个工作日的公示；涉及个人隐私的敏感信息原则上不予公示。',
    source: XUCHANG,
    sourceRef: '三（二）',
  },
  'SUB-4': {
    title: '资金追缴',
    titleEn: 'Recovery of subsidies',
    text:
      '以虚假培训等套取、骗取资金或违反政策规定造成资金使用不合规的，依法依纪严肃处理并予以追缴；' +
      '不能按计划完成培训任务的，及时引导原路退还已发放的补贴资金。',
    source: XUCHANG,
    sourceRef: '三（三）',
    note: '补贴可以冲销，冲销留有记录。',
  },

  // ── 取证任务与月报 ──────────────────────────────────────────────────────────────────────────
  'TGT-1': {
    title: '年度取证任务',
    titleEn: 'Yearly targets',
    text:
      '培训、取证任务按年度分解下达到各地、各院校，包括培训人次、取证人数（其中高技能人才）和备案评价机构数；' +
      '职业技能证书和1+X证书的取证任务分别下达。',
    source: HENAN,
    sourceRef: '一、二（三）3',
    alsoIn: [`${JIAOZUO} 一`, `${XUCHANG} 一`],
    note: '逐级分解：省 → 省辖市 / 济源示范区 / 省直管县（市）→ 县（市、区）→ 院校。',
  },
  'TGT-2': {
    title: '完成时限',
    titleEn: 'Yearly deadline',
    text: '2022年起，每年11月底前完成当年的取证任务。',
    source: HENAN,
    sourceRef: '二（三）3',
    alsoIn: [`${JIAOZUO} 二（三）3`],
    note: '以11月30日为当年任务截止日。',
  },
  'TGT-3': {
    title: '月报与通报',
    titleEn: 'Monthly reports and bulletins',
    text: '建立培训、取证工作落实情况月报制度，定期通报工作进展情况，适时开展评估和督导；各地、各院校建立相应的工作机制。',
    source: HENAN,
    sourceRef: '三（三）',
    alsoIn: [`${JIAOZUO} 三（三）`, `${XUCHANG} 三（一）`],
    note: '月报逐级上报；省、市发布进度通报和排名。',
  },
  'TGT-4': {
    title: '考核与项目遴选',
    titleEn: 'Use in assessment and project selection',
    text:
      '取证任务完成情况纳入县（市、区）教育行政部门和职业学校年度目标考核，' +
      '并作为遴选各类建设项目、安排质量提升计划资金和招生计划等工作的重要依据。',
    source: JIAOZUO,
    sourceRef: '三（三）',
    alsoIn: [`${HENAN} 三（三）`],
  },

  // ── 学分银行 ────────────────────────────────────────────────────────────────────────────────
  'BANK-1': {
    title: '个人学习账号',
    titleEn: 'Learning account',
    text: '学习者获得的职业技能等级证书纳入职业教育国家学分银行，记录在个人学习账号中。',
    source: HUBEI,
    alsoIn: [`${HENAN} 二（四）`],
  },
  'BANK-2': {
    title: '学分转换',
    titleEn: 'Credit conversion',
    text:
      '院校制定学分认定办法，根据职业技能证书的类别和等级赋予相应学分；' +
      '获得职业技能证书的学生可按学校规定的办法转换为学历教育学分，免修相应课程。',
    source: HENAN,
    sourceRef: '二（四）',
    alsoIn: [`${JIAOZUO} 二（四）`, HUBEI],
    note: '按申请时有效的办法转换；同一证书在同一专业不重复转换。',
  },

  // ── 监管 ────────────────────────────────────────────────────────────────────────────────────
  'SUP-1': {
    title: '双随机、一公开',
    titleEn: 'Random inspections, published',
    text:
      '建立健全“双随机一公开”制度，建立监管对象数据库、质量督导数据库和随机抽查事项清单，' +
      '通过随机抽查、定期检查、专项督查等手段加强事中事后监管。',
    source: SICHUAN,
    sourceRef: '七（三）',
    alsoIn: [`${XUCHANG} 二（三）18`],
    note: '抽查对象和检查人员均随机抽取，抽取可复现并留痕，结果公开。',
  },
  'SUP-2': {
    title: '投诉举报',
    titleEn: 'Complaints and reports',
    text: '职业技能鉴定指导中心受理投诉举报，并按相关规定核实处理。',
    source: SICHUAN,
    sourceRef: '六（一）、六（三）',
    note: '投诉跟踪至处理结论，并关联到被投诉机构的记录。',
  },
  'SUP-3': {
    title: '按月报送',
    titleEn: 'Monthly reporting duty',
    text: '落实培训、取证工作月报制度，各地、各院校按月报送工作进展。',
    source: HENAN,
    sourceRef: '三（三）',
    alsoIn: [`${JIAOZUO} 三（三）`, `${XUCHANG} 三（一）`],
    note: '未按时报送的机构和地区单独显示。',
  },
} as const satisfies Record<`${RuleGroup}-${number}`, Rule>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}

/** The group of a rule id, e.g. 'INST' for 'INST-4'. */
export function ruleGroup(id: RuleId): RuleGroup {
  return id.slice(0, id.indexOf('-')) as RuleGroup;
}

/**
 * What a person reads next to a refusal: the rule's name, its text and where it comes from
 * (`source` here is the citation: document and article).
 */
export function ruleText(id: RuleId): { id: RuleId; title: string; text: string; source: string } {
  const rule: Rule = RULES[id];
  return {
    id,
    title: rule.title,
    text: rule.text,
    source: rule.sourceRef ? `${rule.source} ${rule.sourceRef}` : rule.source,
  };
}

/**
 * A rule cited in running text (a notice) in plain words, never as its bare id: the rule's name
 * and its source document — 「依据：完成时限（《…实施方案》二（三）3）」 / “(policy: Yearly deadline)”.
 */
export function ruleCitation(id: RuleId, lang: 'zh' | 'en' = 'zh'): string {
  const rule: Rule = RULES[id];
  if (lang === 'en') return `(policy: ${rule.titleEn})`;
  return `（依据：${rule.title}，${rule.source}${rule.sourceRef ? ` ${rule.sourceRef}` : ''}）`;
}
