"""What the résumé screener knows about skills, certificates and kinds of job (data only).

A *concept* is a skill or certificate under its usual names (what HR may call it: ``names``) and the ways a
résumé says it (``say``: regular expressions over lower-cased NFKC text, full evidence; ``hint``: weaker
wording, counted at 60 %). ``进销存``, ``补货`` and ``盘点`` say 库存管理; ``Postgres`` says PostgreSQL; ``HTTP/JSON
endpoints`` says REST API design. A job skill HR names is linked to the concept whose name it matches (or, failing
that, by meaning in :mod:`resume_match`).

A *role family* tells which past jobs are relevant to a job: its titles (``title``; the employer's name when
the title says nothing) and the job names it applies to (``job``); ``not``: titles that are not of the family
even with one of its words (a retail sales assistant is not in B2B sales). A warehouse supervisor who managed stock is
not a store manager: the skill counts, the years are not *relevant* years.
"""

CONCEPTS = (
    # retail store
    {"names": ("门店运营", "门店管理", "店铺管理", "store operations", "store management", "retail operations"),
     "say": (r"门店(?:日常)?(?:运营|管理|经营|事务|负责人)|(?:运营|管理|经营|负责|代管|独立负责).{0,8}(?:门店|"
             r"店铺|社区店|"
             r"[一两二三四五\d]+家(?:店|门店)|单店)|店长|店务|营业额|日销|store operations|ran (?:a|the) store"
             r"|managed (?:a|the) (?:store|shop)|store manager",),
     "hint": (r"开店|闭店|opened and closed the store|营业|门店",)},
    {"names": ("团队管理", "人员管理", "带团队", "team management", "people management", "team leadership"),
     "say": (r"带(?:领)?\s*\d+\s*(?:名|人|个)|(?:管理|带领|下属|培养|带教|考核|督导).{0,8}(?:团队|员工|人员|"
             r"班组|店员|理货员|"
             r"\d+\s*(?:名|人))|下属\s*\d+|团队管理|班组长|带班|小组长|team of \d+|(?:led|managed|supervised|coached) "
             r"(?:a )?(?:team|\d+)|direct reports|people management",),
     "hint": (r"排班|培训|新人|新员工|mentor|supervis|值班长|领班|组长|拉长",)},
    {"names": ("库存管理", "库存控制", "inventory management", "stock control", "inventory control"),
     "say": (r"库存|进销存|补货|盘点|订货|要货|损耗|临期|周转|调拨|inventory|stock ?(?:take|taking|control|levels?)"
             r"|replenish",),
     "hint": (r"收货|验货|退货|理货|warehouse|仓库",)},
    {"names": ("销售数据分析", "销售分析", "sales analysis", "sales data analysis", "sales reporting"),
     "say": (r"销售(?:数据|报表|日报|周报|分析)|(?:看|分析|根据).{0,8}(?:pos|销售|日报|报表|单品排行|时段销售)|单品排行"
             r"|pos.{0,4}(?:日报|报表|数据)|sales (?:data|reports?|analysis|figures)",),
     "hint": (r"同比|环比|报表|数据",)},
    {"names": ("商品陈列", "陈列", "visual merchandising", "merchandising"),
     "say": (r"陈列|排面|堆头|端架|货架|visual merchandising|planogram|merchandis",)},
    {"names": ("收银系统", "收银", "pos系统", "pos system", "cash register"),
     "say": (r"收银|\bpos\b|erp|门店系统|海鼎|科脉|cash register|point of sale|checkout",)},
    # e-commerce
    {"names": ("天猫店铺运营", "天猫运营", "淘宝运营", "店铺运营", "tmall store operations", "tmall operations"),
     "say": (r"天猫|tmall|淘宝|taobao|店铺(?:日常)?运营|旗舰店运营",),
     "hint": (r"京东|拼多多|电商运营|店铺|e-?commerce",)},
    {"names": ("直通车推广", "直通车", "付费推广", "paid promotion"),
     "say": (r"直通车|万相台|引力魔方|钻展|超级推荐|淘宝客|付费推广|竞价推广|关键词出价|ztc",),
     "hint": (r"推广|投放|ppc|paid ads",)},
    {"names": ("活动策划", "活动运营", "campaign planning", "promotion planning", "event planning"),
     "say": (r"活动策划|活动方案|大促|618|双11|双十一|双12|年货节|38节|策划.{0,8}活动|campaign planning"
             r"|promotion planning|event planning|planned (?:the )?(?:campaigns?|promotions?|events?)",),
     "hint": (r"活动|促销|策划|campaign|promotion",)},
    {"names": ("数据分析", "data analysis", "analytics"),
     "say": (r"数据分析|生意参谋|数据报表|数据透视|转化率|data analysis|analytics|分析.{0,6}数据|复盘",),
     "hint": (r"报表|周报|日报|数据|report",)},
    {"names": ("抖音直播运营", "直播运营", "抖音运营", "douyin live streaming", "live streaming"),
     "say": (r"抖音|直播|抖店|巨量|千川|douyin|tiktok|live ?stream",),
     "hint": (r"短视频|快手|小红书",)},
    {"names": ("excel",), "say": (r"excel|vlookup|数据透视|透视表|spreadsheet|wps表格",)},
    # injection moulding
    {"names": ("注塑机操作", "注塑", "injection moulding", "injection molding"),
     "say": (r"注塑|啤机|啤塑|调机|injection mou?lding|海天|震雄|力劲|恩格尔|arburg|engel",),
     "hint": (r"塑胶|塑料|吹塑",)},
    {"names": ("质量控制", "品质管理", "质量管理", "quality control", "quality assurance"),
     "say": (r"质量控制|品质|质检|首件|巡检|\bqc\b|\bqa\b|良品率|不良率|次品|quality control|quality inspection|\bspc\b"
             r"|\b8d\b|来料检验|iqc|ipqc|oqc|报废率|质量",),
     "hint": (r"检验|返工|客诉",)},
    {"names": ("生产排班", "排班", "排产", "shift scheduling", "production scheduling"),
     "say": (r"排班|排产|班次|两班倒|三班倒|轮班|倒班|生产计划|shift (?:planning|scheduling|rota)|rota|roster"
             r"|scheduling|安排.{0,4}(?:班|人员|人手)",),
     "hint": (r"早晚班|夜班|交接",)},
    {"names": ("5s管理", "5s", "6s", "现场管理"), "say": (r"\b[567]s\b|[567]s管理|现场管理|整理整顿",)},
    {"names": ("模具更换", "换模", "mould change", "mold change"),
     "say": (r"换模|模具|上下模|快速换模|smed|mou?ld chang",)},
    {"names": ("iso9001", "iso 9001", "质量管理体系"),
     "say": (r"iso\s?9001|iso体系|质量体系|质量管理体系|iatf\s?16949|ts\s?16949",)},
    # customer service
    {"names": ("客户投诉处理", "投诉处理", "客诉处理", "complaint handling"),
     "say": (r"投诉|客诉|纠纷|complain|escalat|升级工单",),
     "hint": (r"售后问题|退换货|安抚|差评|不满意",)},
    {"names": ("普通话", "mandarin", "putonghua", "mandarin chinese"),
     "say": (r"普通话|mandarin|国语|putonghua|chinese \(native|\bpsc\b|[一二]级[甲乙]等",),
     "hint": (r"chinese|中文",)},
    {"names": ("crm系统", "crm", "工单系统", "crm system"),
     "say": (r"crm|工单|客户管理系统|salesforce|hubspot|zoho|纷享销客|销售易|ticketing|zendesk|sap c4c|freshdesk",)},
    {"names": ("电商售后", "售后", "after-sales", "after sales"),
     "say": (r"售后|退换货|退款|电商客服|淘宝客服|天猫客服|京东客服|after-?sales",)},
    {"names": ("英语", "english"),
     "say": (r"英语|english|cet-?[46]|四级|六级|ielts|toefl|雅思|托福|专业八级|tem-?8",)},
    # accounting
    {"names": ("总账处理", "总账", "全盘账务", "general ledger", "bookkeeping"),
     "say": (r"总账|全盘|记账|凭证|账务处理|结账|月结|general ledger|bookkeeping|journal entries|month-?end close",),
     "hint": (r"对账|核算|账务|做账",)},
    {"names": ("税务申报", "纳税申报", "报税", "tax filing", "tax returns"),
     "say": (r"报税|纳税申报|税务申报|增值税|所得税|个税|汇算清缴|tax (?:filing|returns?|declaration)|\bvat\b",),
     "hint": (r"申报|税务|发票|tax",)},
    {"names": ("金蝶/用友财务软件", "金蝶", "用友", "财务软件", "kingdee", "yonyou", "accounting software"),
     "say": (r"金蝶|用友|kingdee|yonyou|ufida|\bk/?3\b|\bu8\b|\bt\+|\bt3\b|\bt6\b|财务软件|畅捷通|浪潮|quickbooks|"
             r"xero|sap fi",)},
    {"names": ("财务报表编制", "财务报表", "financial statements", "financial reporting"),
     "say": (r"财务报表|资产负债表|利润表|现金流量表|三大报表|报表编制|financial statements|balance sheet|p&l"
             r"|income statement",),
     "hint": (r"报表|report",)},
    # software
    {"names": ("python",), "say": (r"python|\bpy3|django|flask|fastapi|pandas|tornado|starlette|sqlalchemy|pytest",)},
    {"names": ("postgresql", "postgres"),
     "say": (r"postgres(?:ql)?|psql|\bpg\b|timescaledb|postgis",), "hint": (r"\bsql\b|mysql|数据库",)},
    {"names": ("rest api design", "rest api", "restful api", "api design", "rest apis"),
     "say": (r"rest(?:ful)?\s*apis?|rest api|restful|http/json|json (?:api|endpoints?)|endpoints?|openapi|swagger"
             r"|api design|api guidelines|designed the (?:rest )?api|\bdrf\b|django rest",),
     "hint": (r"\bapis?\b|接口|fastapi|graphql",)},
    {"names": ("docker", "containers"), "say": (r"docker|containeri[sz]|containers?\b|docker-compose|podman",)},
    {"names": ("kubernetes", "k8s"), "say": (r"kubernetes|k8s|helm|kubectl|\beks\b|\bgke\b|\baks\b|openshift",)},
    {"names": ("odoo", "openerp"), "say": (r"odoo|openerp",)},
    {"names": ("message queues", "message queue", "消息队列", "mq"),
     "say": (r"message queues?|rabbitmq|kafka|celery|activemq|\bsqs\b|pub/?sub|\bnats\b|\bmq\b|消息队列|rocketmq",),
     "hint": (r"redis|background jobs|async",)},
    {"names": ("git",), "say": (r"\bgit\b|github|gitlab",)},
    {"names": ("ci", "ci/cd", "continuous integration"),
     "say": (r"\bci\b|ci/cd|github actions|gitlab ci|jenkins|pipelines?",)},
    # sales
    {"names": ("b2b sales", "b2b销售", "industrial sales", "大客户销售", "enterprise sales"),
     "say": (r"\bb2b\b|business-to-business|industrial (?:sales|accounts|customers)|key accounts?|account manag"
             r"|enterprise sales|sales engineer|export sales|大客户|工业品销售|(?:sold|sell|"
             r"selling)\b.{0,60}\bto\b.{0,30}"
             r"(?:factories|manufacturers|plants|buyers|companies|distributors)|account executive",),
     "hint": (r"\bsales\b|quota|销售|revenue|deal",)},
    {"names": ("lead generation", "lead gen", "prospecting", "开发客户", "拓客"),
     "say": (r"lead gen|leads\b|prospect|cold call|outbound|outreach|qualif(?:y|ied|ication)|new business|canton fair"
             r"|trade (?:fair|show)|rfqs?\b|开发客户|拓客|陌拜|电话营销|new (?:customers|accounts|plants)",),
     "hint": (r"pipeline|linkedin|referral|meetings? booked|booked",)},
    {"names": ("contract negotiation", "negotiation", "合同谈判", "商务谈判"),
     "say": (r"negotiat|谈判|议价|framework agreements?|service agreements?|contract terms|payment terms",),
     "hint": (r"contracts?|合同|pricing|closing|closed deals|tenders?|报价",)},
    {"names": ("industrial equipment", "工业设备", "machinery", "industrial machinery"),
     "say": (r"industrial (?:equipment|machinery|accounts|valves|components)|machinery|\bcnc\b|pumps?\b|valves?\b"
             r"|compressors?|conveyor|automation|robot|actuators?|packaging (?:lines|machines)|machine tools"
             r"|工业设备|机械设备|设备销售",),
     "hint": (r"equipment|machines?|components|factor(?:y|ies)|plants?\b|设备",)},
)

CERTIFICATES = (
    {"names": ("食品经营许可/健康证", "健康证", "食品经营许可", "health certificate", "food handler"),
     "say": (r"健康证|食品经营许可|食品安全管理员|health certificate|food (?:safety|handler|hygiene)",)},
    {"names": ("特种设备作业证", "特种作业证", "叉车证", "special equipment operator"),
     "say": (r"特种设备|特种作业|叉车证|叉车|行车证|起重|压力容器|电工证|焊工证|forklift licen",)},
    {"names": ("初级会计职称", "初级会计", "助理会计师", "junior accountant"),
     "say": (r"初级会计|助理会计师|会计初级|中级会计|会计师(?!事务所)|注册会计师|\bcpa\b|acca",)},
    {"names": ("中级会计职称", "中级会计", "会计师", "intermediate accountant"),
     "say": (r"中级会计|中级职称|会计师(?!事务所)(?<!助理会计师)|注册会计师|\bcpa\b",)},
    {"names": ("driving licence", "driving license", "driver's license", "驾照", "驾驶证"),
     "say": (r"driv\w* licen[cs]e|driver'?s licen[cs]e|驾照|驾驶证|\bc1\b|category b\b|class b\b|full uk licence"
             r"|driving: full",),
     "not": (r"provisional|learner|学车中|在考",)},
    {"names": ("cpa", "注册会计师"), "say": (r"注册会计师|\bcpa\b",)},
    {"names": ("pmp",), "say": (r"\bpmp\b|项目管理专业人士",)},
)

# Role families: which past jobs count as *relevant* experience for a job of the family.
ROLE_FAMILIES = (
    {"name": "retail_store", "job": r"店长|门店|便利店|超市|零售|店员|store manager|retail|shop",
     "context": r"门店|收银|理货|陈列|货架|订货|盘点|顾客|营业额|store|shop floor|customers",
     "title": r"店长|店员|门店|便利店|超市|卖场|商场|零售|理货|收银员|课长|值班长|导购|营业员|生鲜|社区团购|"
              r"store|retail|shop"
              r"|cashier|7-eleven|罗森|美宜佳|全家|沃尔玛|华润万家|钱大妈|天虹|喜士多|永辉|家乐福|盒马|walmart|lawson"},
    {"name": "ecommerce", "job": r"电商|天猫|淘宝|抖音|e-?commerce|marketplace",
     "title": r"运营|电商|店铺|天猫|淘宝|直播|推广|e-?commerce|marketplace|tmall|amazon"},
    {"name": "moulding", "job": r"注塑|啤机|injection",
     "title": r"注塑|啤机|啤工|啤塑|塑胶|吹塑|injection|moulding|molding"},
    {"name": "customer_service", "job": r"客服|呼叫中心|customer service|call cent|support agent",
     "title": r"客服|坐席|座席|呼叫中心|热线|售后|回访|customer service|call cent|support|接线员|话务员|客户服务",
     "context": r"接听|来电|呼入|呼出|电话|投诉|客诉|咨询|工单|回访|满意度|inbound calls|tickets|complaints"},
    {"name": "accounting", "job": r"会计|财务|出纳|accountant|accounting|bookkeep",
     "title": r"会计|出纳|财务|记账|审计|税务|accountant|accounting|bookkeep|finance|audit"},
    {"name": "software", "job": r"developer|engineer|programmer|开发|程序员|backend|frontend|software",
     "title": r"developer|programmer|software|backend|back-end|full[- ]?stack|devops|\bsre\b|开发|程序员"
              r"|(?:python|web|platform|api|cloud|data|odoo|server[- ]side|integration) (?:engineer|developer)",
     "context": r"\bapis?\b|endpoints?|backend|back-end|micro-?services?|\bservices?\b|web app|django|fastapi|flask"
                r"|deploy|code review|pull requests?|接口|后端|服务端"},
    {"name": "sales", "job": r"sales|销售|business development|account manager",
     "not": r"retail|shop|store|counter|walk-in|门店|导购|店员|营业员",  # selling to consumers is not B2B sales
     "title": r"sales|account (?:manager|executive)|business development|\bbd\b|销售|客户经理|key account|\bsdr\b"
              r"|sales development"},
)
# a title of another trade is not made relevant by a word of the family in it
NOT_RELEVANT = r"前台|接待|front desk|receptionist|customer success"
