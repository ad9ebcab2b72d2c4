/*
 * gen.c - synthetic department files (see gen.h, docs/internals/gen.md).
 *
 * One pass in constant memory. Rows are drawn from one xoshiro256**
 * stream seeded from opts->seed. The subjects of the pool are not stored:
 * subject i is rebuilt from its index with a stream of its own whenever a
 * row names it, so it looks the same in each of its records. Values that
 * must not repeat (USCC bodies, ID numbers, registration numbers, company
 * names) come from keyed permutations of the subject index.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/ids.h"
#include "core/verr.h"
#include "service/gen.h"
#include "util/buf.h"
#include "util/error.h"

#include "util/banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define OUT_SIZE    (64 * 1024) /* bytes buffered before fwrite */
#define ARENA_SIZE  8192	/* bytes of composed values in one row */
#define NFIELDS_MAX 30		/* fields of the widest catalog (xzcf) */
#define SNIFF_BYTES (64 * 1024) /* csvread's encoding sniff window */
#define NYEARS	    8		/* document-number years kept per department */
#define MAX_TPL	    24		/* templates of one department for one kind */

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64 to seed, xoshiro256** to draw.           */

struct rng {
	uint64_t s[4]; /* xoshiro256** state, never all zero */
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t mix2(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b * 0xd6e8feb86659fd93ULL);

	return splitmix64(&x);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in [0, n), n < 2^32 (multiply-shift, bias far below 2^-32). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Uniform in [lo, hi]. */
static int32_t rng_range(struct rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

/*
 * A keyed permutation of [0, n): an invertible mix on the smallest
 * power-of-two domain that holds n, walked until it lands below n.
 */
struct perm {
	uint64_t n;	/* domain size */
	uint64_t mask;	/* 2^bits - 1 */
	unsigned shift; /* xorshift distance, half the bits */
	uint64_t key;	/* added first, from the seed */
};

static void perm_init(struct perm *p, uint64_t n, uint64_t key)
{
	unsigned bits = 1;

	while (bits < 63 && (1ULL << bits) < n)
		bits++;
	p->n = n;
	p->mask = (1ULL << bits) - 1;
	p->shift = (bits + 1) / 2;
	p->key = key & p->mask;
}

static uint64_t perm_apply(const struct perm *p, uint64_t x)
{
	x %= p->n;
	do {
		x = (x + p->key) & p->mask;
		x ^= x >> p->shift;
		x = (x * 0x9e3779b97f4a7c15ULL) & p->mask;
		x ^= x >> p->shift;
		x = (x * 0xbf58476d1ce4e5b9ULL) & p->mask;
		x ^= x >> p->shift;
	} while (x >= p->n);
	return x;
}

/* ------------------------------------------------------------------ */
/* Tables: departments, names, licences, penalty and licence templates. */

enum kind { K_ORG, K_INDIV, K_PERSON, K__COUNT };

#define KO (1u << K_ORG)
#define KI (1u << K_INDIV)
#define KP (1u << K_PERSON)

static const char *const kind_name[K__COUNT] = {
    "法人及非法人组织",
    "个体工商户",
    "自然人",
};

enum dtype {
	T_MARKET,
	T_CITY,
	T_SAFETY,
	T_ENV,
	T_TAX,
	T_HEALTH,
	T_LABOUR,
	T_BUILD,
	T_CULTURE,
	T_TRANSPORT,
	T_POLICE,
	T_APPROVAL,
	T__COUNT
};

struct dept {
	const char *name; /* 处罚机关 / 许可机关, also the data source */
	const char *abbr; /* prefix of its document numbers */
	const char *body; /* 8 digits of its organisation code */
	enum dtype type;  /* which templates it uses */
	int w_cf;	  /* share of penalty rows (relative) */
	int w_xk;	  /* share of licence rows (relative) */
};

static const struct dept depts[] = {
    {"济南市槐荫区市场监督管理局", "槐市监", "00420451", T_MARKET, 30, 10},
    {"济南市槐荫区城市管理局", "槐城管", "00420478", T_CITY, 22, 5},
    {"济南市槐荫区应急管理局", "槐应急", "00420486", T_SAFETY, 7, 2},
    {"济南市生态环境局槐荫分局", "济环槐", "00420494", T_ENV, 6, 2},
    {"国家税务总局济南市槐荫区税务局", "济槐税", "00420507", T_TAX, 8, 3},
    {"济南市槐荫区卫生健康局", "槐卫健", "00420515", T_HEALTH, 6, 5},
    {"济南市槐荫区人力资源和社会保障局", "槐人社", "00420523", T_LABOUR, 4, 2},
    {"济南市槐荫区住房和城乡建设局", "槐住建", "00420531", T_BUILD, 6, 4},
    {"济南市槐荫区文化和旅游局", "槐文旅", "00420558", T_CULTURE, 3, 3},
    {"济南市槐荫区交通运输局", "槐交运", "00420566", T_TRANSPORT, 4, 4},
    {"济南市公安局槐荫分局", "济公槐", "00420574", T_POLICE, 4, 3},
    {"济南市槐荫区行政审批服务局", "槐审批", "00420582", T_APPROVAL, 0, 57},
};

#define NDEPTS ARRAY_SIZE(depts)

/* 字号 characters; two of them make a trade name. */
static const char *const zihao[] = {
    "鑫", "华", "宏", "达", "恒", "泰", "盛", "源", "祥", "瑞", "隆", "丰",
    "兴", "通", "顺", "安", "康", "福", "利", "佳", "美", "诚", "信", "德",
    "润", "金", "海", "天", "宇", "博", "远", "创", "新", "锦", "鼎", "晟",
    "昌", "荣", "旺", "嘉", "和", "永", "益", "合", "众", "联", "汇", "聚",
    "富", "邦", "凯", "振", "腾", "飞", "龙", "明", "光", "辉", "星", "辰",
    "阳", "春", "峰", "景", "元", "正", "中", "亿", "万", "百", "环", "宁",
    "力", "标", "卓", "越", "科", "沃", "奥", "豪",
};

static const char *const regions[] = {
    "济南槐荫",
    "济南",
    "山东",
    "济南市槐荫区",
};

static const char *const industries[] = {
    "商贸",	"建设工程",	"餐饮管理", "物流",	  "科技",
    "建材",	"机械设备",	"装饰工程", "食品",	  "医药",
    "汽车服务", "物业管理",	"广告",	    "印刷",	  "环保科技",
    "信息技术", "劳务",		"酒店管理", "文化传媒",	  "电子",
    "化工",	"家具",		"服装",	    "房地产开发", "教育咨询",
    "货运",	"再生资源回收", "健康管理", "电力工程",	  "五金",
};

static const char *const shops[] = {
    "便利店",	"餐馆",	      "小吃部",	    "水果店", "理发店",
    "五金店",	"烟酒店",     "超市",	    "烧烤店", "面馆",
    "干洗店",	"汽车修理部", "建材经营部", "服装店", "手机维修部",
    "副食品店", "粮油店",     "美容店",	    "茶叶店", "快餐店",
    "蔬菜店",	"家电维修部", "日用品店",   "足疗店", "包子铺",
    "饺子馆",	"文具店",     "花店",	    "洗车店", "电动车行",
};

static const char *const coops[] = {
    "蔬菜种植专业合作社", "农机专业合作社", "苗木种植专业合作社",
    "畜禽养殖专业合作社", "果品专业合作社",
};

static const char *const nonprofits[] = {
    "培训学校",	    "幼儿园",	"养老服务中心", "社会工作服务中心",
    "职业培训学校", "托育中心", "康复中心",	"文化艺术培训学校",
};

static const char *const societies[] = {
    "济南市槐荫区餐饮行业协会", "济南市槐荫区个体劳动者协会",
    "济南市槐荫区建筑业协会",	"济南市槐荫区物流协会",
    "济南市槐荫区美容美发协会", "济南市槐荫区工商业联合会商会",
    "济南市槐荫区慈善总会",	"济南市槐荫区书法家协会",
};

static const char *const institutions[] = {
    "济南市槐荫区人民医院", "济南市槐荫区妇幼保健院", "济南市槐荫区中医医院",
    "济南市槐荫区实验小学", "济南市槐荫区文化馆",     "济南市槐荫区图书馆",
};

/* 街道 of the district; 社区卫生服务中心 are named after them. */
static const char *const subdistricts[] = {
    "振兴街",	"中大槐树", "道德街",	"西市场", "五里沟", "营市街",
    "青年公园", "南辛庄",   "段店北路", "张庄路", "匡山",   "美里湖",
    "吴家堡",	"腊山",	    "兴福",	"玉清湖",
};

static const char *const streets[] = {
    "经十路",	"经七路",     "经六路", "经五路",     "经四路",	    "经二路",
    "经一路",	"纬十二路",   "纬六路", "段店北路",   "张庄路",	    "青年东路",
    "刘长山路", "腊山河西路", "齐州路", "日照路",     "营市街",	    "道德街",
    "机场路",	"顺安路",     "美里路", "匡山路",     "兴福寺路",   "清源大街",
    "阳光新路", "烟台路",     "威海路", "南辛庄西路", "西市场大街", "堤口路",
};

/* Roughly by frequency: the first ones are drawn more often. */
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
    "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
    "韩", "唐", "冯", "于", "董", "肖", "程", "曹", "袁", "邓", "许", "傅",
    "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
    "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
    "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔",
    "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟",
    "龙", "万", "段", "雷", "钱", "汤", "尹", "黎", "常", "武", "乔", "贺",
    "庞", "房", "颜", "牛",
};

static const char *const male_given[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明",
    "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩",
    "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "峰",
    "建", "国", "志", "海", "文", "东", "亮", "成", "洪", "庆",
    "振", "立", "新", "兵", "永", "春", "德", "昊", "泽", "博",
};

static const char *const female_given[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲",
    "英", "秀", "婷", "雪", "琳", "倩", "颖", "慧", "佳", "欣",
    "悦", "晶", "兰", "丹", "萍", "红", "梅", "莉", "桂", "凤",
    "洁", "琴", "云", "月", "彤", "璐", "瑶", "薇", "蕾", "荣",
};

/* Division codes of 济南 for ID numbers born elsewhere in the city. */
static const char *const jinan_divisions[] = {
    "370102", "370103", "370104", "370105", "370112", "370113",
    "370114", "370115", "370116", "370117", "370124", "370126",
};

/* Licences and certificates: name and how their numbers look. */
enum lic {
	L_NONE,
	L_BIZ,
	L_FOOD,
	L_HAZ,
	L_MED_INST,
	L_DOCTOR,
	L_NURSE,
	L_NETCAFE,
	L_TRAVEL,
	L_GAS,
	L_BUILD_QUAL,
	L_ROAD,
	L_HYGIENE,
	L_DRUG,
	L_PUBL,
	L_ENT,
	L_SPECIAL,
	L_CONSTR,
	L_PLAN,
	L_PRESALE,
	L_HR,
	L_DISPATCH,
	L_SCHOOL,
	L_WASTE,
	L_FIREWORK,
	L_POLLUTE,
	L_ELEVATOR,
	L_MEASURE,
	L_PERFORM,
	L_TAXI,
	L_RIDE,
	L_MATERNAL,
	L__COUNT
};

enum lic_src {
	LS_PLAIN,    /* pre + digits + post */
	LS_DIVISION, /* pre + division code + digits + post */
	LS_USCC,     /* the holder's USCC (or 工商注册号) + post */
};

struct licence {
	const char *name; /* 许可证书名称 */
	const char *pre;  /* text before the serial */
	enum lic_src src; /* what follows pre */
	int ndigits;	  /* random digits of the serial */
	const char *post; /* text after the serial */
};

static const struct licence licences[L__COUNT] = {
    [L_NONE] = {NULL, "", LS_PLAIN, 0, ""},
    [L_BIZ] = {"营业执照", "", LS_USCC, 0, ""},
    [L_FOOD] = {"食品经营许可证", "JY1", LS_DIVISION, 7, ""},
    [L_HAZ] = {"危险化学品经营许可证", "鲁济危化经字", LS_DIVISION, 4, "号"},
    [L_MED_INST] = {"医疗机构执业许可证", "PDY", LS_DIVISION, 7, ""},
    [L_DOCTOR] = {"医师执业证书", "1103", LS_DIVISION, 5, ""},
    [L_NURSE] = {"护士执业证书", "2021", LS_DIVISION, 5, ""},
    [L_NETCAFE] = {"网络文化经营许可证", "鲁网文", LS_DIVISION, 4, "号"},
    [L_TRAVEL] = {"旅行社业务经营许可证", "L-SD-", LS_PLAIN, 5, ""},
    [L_GAS] = {"燃气经营许可证", "鲁", LS_DIVISION, 5, "J"},
    [L_BUILD_QUAL] = {"建筑业企业资质证书", "D337", LS_PLAIN, 6, ""},
    [L_ROAD] = {"道路运输经营许可证", "鲁交运管许可济字", LS_DIVISION, 6, "号"},
    [L_HYGIENE] = {"卫生许可证", "鲁卫公证字", LS_DIVISION, 6, "号"},
    [L_DRUG] = {"药品经营许可证", "鲁CB", LS_PLAIN, 7, ""},
    [L_PUBL] = {"出版物经营许可证", "新出发济槐字第", LS_DIVISION, 4, "号"},
    [L_ENT] = {"娱乐经营许可证", "", LS_DIVISION, 6, ""},
    [L_SPECIAL] = {"特种行业许可证", "济公槐特字", LS_DIVISION, 4, "号"},
    [L_CONSTR] = {"建筑工程施工许可证", "", LS_DIVISION, 12, ""},
    [L_PLAN] = {"建设工程规划许可证", "建字第", LS_DIVISION, 9, "号"},
    [L_PRESALE] = {"商品房预售许可证", "济建预许", LS_PLAIN, 7, "号"},
    [L_HR] = {"人力资源服务许可证", "鲁人服证字", LS_DIVISION, 5, "号"},
    [L_DISPATCH] = {"劳务派遣经营许可证", "", LS_DIVISION, 8, ""},
    [L_SCHOOL] = {"办学许可证", "教民", LS_DIVISION, 7, "号"},
    [L_WASTE] = {"建筑垃圾处置核准证", "济槐建垃核字", LS_PLAIN, 5, "号"},
    [L_FIREWORK] = {"烟花爆竹经营（零售）许可证", "鲁济槐烟零字", LS_PLAIN, 5,
		    "号"},
    [L_POLLUTE] = {"排污许可证", "", LS_USCC, 0, "001V"},
    [L_ELEVATOR] = {"特种设备使用登记证", "梯11鲁A", LS_PLAIN, 5, ""},
    [L_MEASURE] = {"计量标准考核证书", "鲁量标济证字第", LS_PLAIN, 4, "号"},
    [L_PERFORM] = {"营业性演出许可证", "", LS_DIVISION, 6, ""},
    [L_TAXI] = {"出租汽车经营许可证", "鲁交运管许可济字", LS_DIVISION, 6, "号"},
    [L_RIDE] = {"网络预约出租汽车驾驶员证", "", LS_DIVISION, 8, ""},
    [L_MATERNAL] = {"母婴保健技术服务执业许可证", "", LS_DIVISION, 6, ""},
};

/* 处罚类别, in the order they are written. */
enum cat {
	C_WARN,
	C_NOTICE,
	C_FINE,
	C_INCOME,
	C_GOODS,
	C_SUSPEND,
	C_LOWER,
	C_REVOKE,
	C_LIMIT,
	C_STOP,
	C_CLOSE,
	C_BAN,
	C_OTHER,
	C__COUNT
};

#define B(c) (1u << (c))

static const char *const cat_name[C__COUNT] = {
    "警告",	    "通报批评",	    "罚款",
    "没收违法所得", "没收非法财物", "暂扣许可证件",
    "降低资质等级", "吊销许可证件", "限制开展生产经营活动",
    "责令停产停业", "责令关闭",	    "限制从业",
    "其他",
};

/* One kind of violation a department of type `type` punishes. */
struct cf_tpl {
	enum dtype type;  /* department type */
	unsigned kinds;	  /* subject kinds it applies to, KO|KI|KP */
	const char *wfxw; /* 违法行为类型 */
	const char *fact; /* 违法事实 after 当事人; %A = address */
	const char *yj;	  /* 处罚依据 */
	uint32_t fine_lo; /* usual fine, yuan */
	uint32_t fine_hi; /* largest usual fine, yuan */
	unsigned extra;	  /* further categories that fit, B(C_*) */
	enum lic lic;	  /* licence suspended or revoked */
};

static const struct cf_tpl cf_tpls[] = {
    /* 市场监管 */
    {T_MARKET, KO | KI, "未按规定明码标价",
     "在其位于%A的经营场所销售商品，未按规定明码标价",
     "《中华人民共和国价格法》第十三条、第四十二条", 500, 5000, 0, L_NONE},
    {T_MARKET, KO | KI, "经营超过保质期的食品",
     "在其位于%A的经营场所经营超过保质期的预包装食品",
     "《中华人民共和国食品安全法》第三十四条第（十）项、"
     "第一百二十四条第一款第（五）项",
     50000, 100000, B(C_INCOME) | B(C_GOODS) | B(C_REVOKE), L_FOOD},
    {T_MARKET, KO | KI | KP, "未取得食品经营许可从事食品经营",
     "未取得食品经营许可，在%A从事食品经营活动",
     "《中华人民共和国食品安全法》第三十五条第一款、"
     "第一百二十二条第一款",
     50000, 100000, B(C_INCOME) | B(C_GOODS), L_NONE},
    {T_MARKET, KO | KI, "食品从业人员未取得健康证明上岗",
     "安排未取得健康证明的人员在%A从事接触直接入口食品的工作",
     "《中华人民共和国食品安全法》第四十五条第一款、"
     "第一百二十六条第一款第（六）项",
     5000, 50000, B(C_SUSPEND), L_FOOD},
    {T_MARKET, KO | KI, "销售不符合安全标准的产品",
     "销售不符合保障人体健康和人身、财产安全的国家标准的产品",
     "《中华人民共和国产品质量法》第十三条、第四十九条", 2000, 50000,
     B(C_INCOME) | B(C_GOODS) | B(C_REVOKE), L_BIZ},
    {T_MARKET, KO, "虚假商业宣传",
     "通过网络店铺对其商品的性能、功能、质量作虚假的商业宣传",
     "《中华人民共和国反不正当竞争法》第八条第一款、第二十条第一款", 100000,
     500000, B(C_REVOKE), L_BIZ},
    {T_MARKET, KO, "发布违法广告",
     "在其门店招牌及宣传单中使用\"最佳\"\"第一\"等绝对化用语",
     "《中华人民共和国广告法》第九条第（三）项、"
     "第五十七条第（一）项",
     200000, 500000, 0, L_NONE},
    {T_MARKET, KO, "使用未经检验的特种设备", "在%A使用未经定期检验的电梯",
     "《中华人民共和国特种设备安全法》第四十条第三款、"
     "第八十四条第（一）项",
     30000, 300000, B(C_STOP), L_NONE},
    {T_MARKET, KO, "特种设备作业人员无证上岗",
     "安排未取得特种设备作业人员证的人员从事叉车作业",
     "《中华人民共和国特种设备安全法》第十四条、第八十六条第（二）项", 10000,
     30000, 0, L_NONE},
    {T_MARKET, KO | KI, "销售侵犯注册商标专用权的商品",
     "在%A销售侵犯他人注册商标专用权的商品",
     "《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款", 5000,
     250000, B(C_GOODS) | B(C_INCOME), L_NONE},
    {T_MARKET, KI, "使用未经检定的计量器具",
     "在%A使用未经检定的电子计价秤进行贸易结算",
     "《中华人民共和国计量法》第九条第一款、"
     "《中华人民共和国计量法实施细则》第四十三条",
     200, 1000, B(C_GOODS), L_NONE},
    {T_MARKET, KI | KP, "无照经营", "未依法取得营业执照，在%A从事经营活动",
     "《无证无照经营查处办法》第二条、第十三条", 1000, 10000, B(C_INCOME),
     L_NONE},
    {T_MARKET, KO | KI, "餐具未按规定清洗消毒",
     "在%A经营餐饮服务，未按规定对餐具、饮具进行清洗消毒",
     "《中华人民共和国食品安全法》第五十六条第二款、"
     "第一百二十六条第一款第（五）项",
     5000, 50000, B(C_SUSPEND), L_FOOD},
    {T_MARKET, KO | KI, "侵害消费者合法权益",
     "对消费者提出的修理、更换、退货要求故意拖延或者无理拒绝",
     "《中华人民共和国消费者权益保护法》第二十四条、"
     "第五十六条第一款第（八）项",
     5000, 100000, B(C_INCOME), L_NONE},
    {T_MARKET, KO | KI, "以次充好销售产品",
     "在产品中掺杂、掺假，以次充好进行销售",
     "《中华人民共和国产品质量法》第三十九条、第五十条", 5000, 200000,
     B(C_INCOME) | B(C_GOODS) | B(C_REVOKE), L_BIZ},
    {T_MARKET, KO | KI, "未建立进货查验记录制度",
     "经营食品未按规定建立并遵守进货查验记录制度",
     "《中华人民共和国食品安全法》第五十三条、"
     "第一百二十六条第一款第（三）项",
     5000, 50000, 0, L_NONE},

    /* 城市管理 */
    {T_CITY, KI | KP, "占道经营",
     "未经批准在%A附近城市道路两侧摆摊设点、占道经营",
     "《城市市容和环境卫生管理条例》第十四条、第三十六条第（六）项", 50, 500,
     B(C_GOODS), L_NONE},
    {T_CITY, KO | KI, "擅自设置户外广告", "未经批准在%A擅自设置大型户外广告",
     "《城市市容和环境卫生管理条例》第十一条、第三十六条", 1000, 10000, 0,
     L_NONE},
    {T_CITY, KO, "随意倾倒建筑垃圾",
     "将工程施工产生的建筑垃圾随意倾倒在%A附近的空地",
     "《城市建筑垃圾管理规定》第十五条、第二十六条", 5000, 100000, 0, L_NONE},
    {T_CITY, KO, "运输建筑垃圾沿途撒漏",
     "运输建筑垃圾的车辆未采取密闭措施，造成沿途撒漏",
     "《城市建筑垃圾管理规定》第十四条、第二十三条", 5000, 50000, 0, L_NONE},
    {T_CITY, KO, "擅自挖掘城市道路", "未经批准擅自挖掘%A附近城市道路",
     "《城市道路管理条例》第二十九条、第四十二条", 2000, 20000, 0, L_NONE},
    {T_CITY, KO | KI, "餐饮油烟直接排放",
     "在%A经营餐饮服务，未安装油烟净化设施，油烟直接排放",
     "《中华人民共和国大气污染防治法》第八十一条第一款、"
     "第一百一十八条第一款",
     5000, 50000, B(C_STOP), L_NONE},
    {T_CITY, KI | KP, "露天烧烤", "在%A附近人民政府禁止的区域内露天烧烤食品",
     "《中华人民共和国大气污染防治法》第八十一条第三款、"
     "第一百一十八条第四款",
     500, 20000, B(C_GOODS), L_NONE},
    {T_CITY, KO | KI | KP, "未按规定分类投放生活垃圾",
     "未按照规定分类投放生活垃圾",
     "《中华人民共和国固体废物污染环境防治法》第四十九条第二款、"
     "第一百一十一条第一款第（一）项",
     50, 5000, 0, L_NONE},
    {T_CITY, KO | KI, "违法建设",
     "未取得建设工程规划许可证，在%A擅自搭建建筑物",
     "《中华人民共和国城乡规划法》第四十条第一款、第六十四条", 10000, 300000, 0,
     L_NONE},
    {T_CITY, KO, "施工工地扬尘污染",
     "在%A附近建设工地未采取覆盖、湿法作业等扬尘污染防治措施",
     "《中华人民共和国大气污染防治法》第六十九条第三款、"
     "第一百一十五条第一款",
     10000, 100000, B(C_STOP), L_NONE},
    {T_CITY, KO | KI | KP, "损毁城市绿化", "擅自占用%A附近城市绿地并损毁树木",
     "《城市绿化条例》第二十条、第二十七条", 1000, 10000, 0, L_NONE},
    {T_CITY, KI, "出店经营", "超出门窗和外墙在%A门前经营、展示商品",
     "《城市市容和环境卫生管理条例》第十四条、第三十六条", 100, 2000,
     B(C_GOODS), L_NONE},

    /* 应急管理 */
    {T_SAFETY, KO, "未按规定进行安全生产教育和培训",
     "未按照规定对从业人员进行安全生产教育和培训",
     "《中华人民共和国安全生产法》第二十八条第一款、"
     "第九十七条第（三）项",
     10000, 100000, 0, L_NONE},
    {T_SAFETY, KO, "未采取措施消除事故隐患",
     "位于%A的生产经营场所存在事故隐患，未采取措施消除",
     "《中华人民共和国安全生产法》第四十一条第二款、第一百零二条", 10000,
     100000, B(C_STOP), L_NONE},
    {T_SAFETY, KO, "特种作业人员未持证上岗",
     "安排未取得特种作业操作证的人员从事电焊作业",
     "《中华人民共和国安全生产法》第三十条第一款、"
     "第九十七条第（七）项",
     10000, 100000, 0, L_NONE},
    {T_SAFETY, KO, "未设置安全警示标志",
     "未在有较大危险因素的生产经营场所设置明显的安全警示标志",
     "《中华人民共和国安全生产法》第三十五条、第九十九条第（一）项", 10000,
     50000, 0, L_NONE},
    {T_SAFETY, KO | KI, "无证经营危险化学品",
     "未取得危险化学品经营许可证，在%A经营危险化学品",
     "《危险化学品安全管理条例》第三十三条第一款、第七十七条第三款", 100000,
     200000, B(C_INCOME) | B(C_GOODS), L_NONE},
    {T_SAFETY, KO, "未制定生产安全事故应急救援预案",
     "未按照规定制定生产安全事故应急救援预案并定期组织演练",
     "《中华人民共和国安全生产法》第八十一条、第九十七条第（六）项", 10000,
     100000, 0, L_NONE},
    {T_SAFETY, KP, "主要负责人未履行安全生产管理职责",
     "作为生产经营单位主要负责人，未组织制定并实施安全生产教育和"
     "培训计划",
     "《中华人民共和国安全生产法》第二十一条、第九十四条第一款", 20000, 50000,
     0, L_NONE},
    {T_SAFETY, KO, "危险化学品未按规定储存", "未将危险化学品储存在专用仓库内",
     "《危险化学品安全管理条例》第二十四条第一款、"
     "第八十条第一款第（五）项",
     50000, 100000, B(C_STOP) | B(C_REVOKE), L_HAZ},

    /* 生态环境 */
    {T_ENV, KO, "超标排放大气污染物",
     "位于%A的生产车间排放的大气污染物浓度超过国家规定的排放标准",
     "《中华人民共和国大气污染防治法》第十八条、第九十九条第（二）项", 100000,
     1000000, B(C_LIMIT) | B(C_STOP) | B(C_CLOSE), L_NONE},
    {T_ENV, KO, "通过逃避监管的方式排放水污染物",
     "通过私设暗管的方式排放水污染物",
     "《中华人民共和国水污染防治法》第三十九条、第八十三条第（三）项", 200000,
     1000000, B(C_STOP) | B(C_CLOSE), L_NONE},
    {T_ENV, KO, "未依法进行环境影响评价擅自开工建设",
     "建设项目环境影响报告表未经批准，擅自开工建设",
     "《中华人民共和国环境影响评价法》第二十五条、第三十一条第一款", 50000,
     500000, 0, L_NONE},
    {T_ENV, KO, "环境保护设施未经验收即投入生产",
     "建设项目配套建设的环境保护设施未经验收，主体工程即投入生产",
     "《建设项目环境保护管理条例》第十九条第一款、第二十三条第一款", 200000,
     1000000, 0, L_NONE},
    {T_ENV, KO, "无排污许可证排放污染物", "未取得排污许可证排放污染物",
     "《排污许可管理条例》第二条第一款、第三十三条第（一）项", 200000, 1000000,
     B(C_LIMIT) | B(C_STOP) | B(C_CLOSE), L_NONE},
    {T_ENV, KO, "未按规定贮存危险废物",
     "将废机油等危险废物露天堆放，未按照国家环境保护标准贮存",
     "《中华人民共和国固体废物污染环境防治法》第八十一条第一款、"
     "第一百一十二条第一款第（六）项",
     100000, 1000000, 0, L_NONE},
    {T_ENV, KO | KI, "超过噪声排放标准排放工业噪声",
     "位于%A的厂区超过噪声排放标准排放工业噪声",
     "《中华人民共和国噪声污染防治法》第三十六条、第七十五条", 20000, 200000,
     B(C_LIMIT), L_NONE},
    {T_ENV, KO, "未按规定安装使用自动监测设备",
     "未按照规定安装、使用大气污染物排放自动监测设备",
     "《中华人民共和国大气污染防治法》第二十四条第一款、"
     "第一百条第（三）项",
     20000, 200000, B(C_STOP), L_NONE},

    /* 税务 */
    {T_TAX, KO | KI | KP, "未按期进行纳税申报",
     "未按照规定的期限办理纳税申报和报送纳税资料",
     "《中华人民共和国税收征收管理法》第二十五条第一款、第六十二条", 200, 2000,
     0, L_NONE},
    {T_TAX, KO | KI, "丢失发票", "丢失已开具的增值税普通发票",
     "《中华人民共和国发票管理办法》第二十九条、第三十五条", 100, 10000, 0,
     L_NONE},
    {T_TAX, KO | KI, "偷税",
     "通过在账簿上多列支出、少列收入的手段，少缴应纳税款",
     "《中华人民共和国税收征收管理法》第六十三条第一款", 10000, 500000, 0,
     L_NONE},
    {T_TAX, KO, "虚开发票", "为他人开具与实际经营业务情况不符的增值税普通发票",
     "《中华人民共和国发票管理办法》第二十一条、第三十五条", 50000, 500000,
     B(C_INCOME), L_NONE},
    {T_TAX, KO | KI, "未按规定设置、保管账簿",
     "未按照规定设置、保管账簿或者保管记账凭证和有关资料",
     "《中华人民共和国税收征收管理法》第十九条、"
     "第六十条第一款第（二）项",
     200, 10000, 0, L_NONE},
    {T_TAX, KO, "扣缴义务人应扣未扣税款",
     "作为扣缴义务人，对支付的工资薪金应扣未扣个人所得税",
     "《中华人民共和国税收征收管理法》第六十九条", 1000, 100000, 0, L_NONE},

    /* 卫生健康 */
    {T_HEALTH, KO, "使用非卫生技术人员从事医疗卫生技术工作",
     "在%A开设的诊所使用非卫生技术人员从事医疗卫生技术工作",
     "《医疗机构管理条例》第二十七条、第四十七条", 10000, 50000, B(C_REVOKE),
     L_MED_INST},
    {T_HEALTH, KI | KP, "未取得医疗机构执业许可证擅自执业",
     "未取得医疗机构执业许可证，在%A擅自开展诊疗活动",
     "《中华人民共和国基本医疗卫生与健康促进法》第三十八条第一款、"
     "第九十九条第一款",
     50000, 200000, B(C_INCOME) | B(C_GOODS), L_NONE},
    {T_HEALTH, KO | KI, "公共场所未取得卫生许可证擅自营业",
     "在%A经营美容美发场所，未依法取得公共场所卫生许可证",
     "《公共场所卫生管理条例实施细则》第二十二条第一款、"
     "第三十五条第一款",
     500, 5000, 0, L_NONE},
    {T_HEALTH, KO | KI, "公共场所从业人员未取得健康合格证明",
     "安排未获得有效健康合格证明的从业人员直接为顾客服务",
     "《公共场所卫生管理条例实施细则》第十条、第三十八条", 500, 5000, 0,
     L_NONE},
    {T_HEALTH, KO, "供应的饮用水不符合卫生标准",
     "供应的生活饮用水经检测不符合国家生活饮用水卫生标准",
     "《生活饮用水卫生监督管理办法》第六条、第二十六条", 20, 5000, 0, L_NONE},
    {T_HEALTH, KP, "医师超出执业范围执业",
     "在执业活动中超出注册的执业范围从事医疗活动",
     "《中华人民共和国医师法》第十四条、第五十七条", 10000, 30000,
     B(C_INCOME) | B(C_SUSPEND) | B(C_REVOKE), L_DOCTOR},
    {T_HEALTH, KO, "未按规定进行职业病危害因素检测",
     "未按照规定定期对工作场所职业病危害因素进行检测、评价",
     "《中华人民共和国职业病防治法》第二十六条第二款、"
     "第七十二条第（三）项",
     50000, 200000, B(C_STOP), L_NONE},
    {T_HEALTH, KO | KI, "公共场所未设置禁止吸烟标志",
     "在%A经营的公共场所内未设置醒目的禁止吸烟警语和标志",
     "《公共场所卫生管理条例实施细则》第十八条、第三十六条", 1000, 10000, 0,
     L_NONE},

    /* 人力资源和社会保障 */
    {T_LABOUR, KO | KI, "违法延长劳动者工作时间", "违反规定延长劳动者工作时间",
     "《中华人民共和国劳动法》第四十一条、第九十条", 1000, 20000, 0, L_NONE},
    {T_LABOUR, KO, "未按规定支付农民工工资",
     "承建的工程项目未按规定按月足额支付农民工工资",
     "《保障农民工工资支付条例》第二十八条、第五十五条第（一）项", 50000,
     100000, B(C_LIMIT), L_NONE},
    {T_LABOUR, KO | KI, "使用童工",
     "在%A的经营活动中招用不满十六周岁的未成年人",
     "《禁止使用童工规定》第二条、第六条第一款", 5000, 30000, B(C_REVOKE),
     L_BIZ},
    {T_LABOUR, KO, "未按规定办理社会保险登记",
     "未按照规定为职工办理社会保险登记",
     "《中华人民共和国社会保险法》第五十八条第一款、第八十四条", 1000, 30000, 0,
     L_NONE},
    {T_LABOUR, KO, "职业中介机构提供虚假就业信息",
     "从事职业中介活动时发布虚假招聘信息",
     "《就业服务与就业管理规定》第五十八条、第七十三条", 500, 1000, 0, L_NONE},
    {T_LABOUR, KO, "未经许可经营劳务派遣业务",
     "未取得劳务派遣经营许可擅自经营劳务派遣业务",
     "《中华人民共和国劳动合同法》第五十七条第二款、第九十二条第一款", 10000,
     50000, B(C_INCOME), L_NONE},

    /* 住房和城乡建设 */
    {T_BUILD, KO, "未取得施工许可证擅自施工",
     "未取得建筑工程施工许可证，在%A擅自开工建设",
     "《中华人民共和国建筑法》第七条第一款、第六十四条", 10000, 200000,
     B(C_STOP), L_NONE},
    {T_BUILD, KO, "施工现场未设置安全防护设施",
     "施工现场临边、洞口未按规定设置安全防护设施",
     "《建设工程安全生产管理条例》第二十八条第一款、"
     "第六十二条第（四）项",
     50000, 100000, B(C_STOP) | B(C_LOWER), L_NONE},
    {T_BUILD, KO, "施工单位使用不合格建筑材料",
     "在施工中使用不合格的建筑材料、建筑构配件",
     "《建设工程质量管理条例》第二十八条、第六十四条", 50000, 500000,
     B(C_STOP) | B(C_LOWER) | B(C_REVOKE), L_BUILD_QUAL},
    {T_BUILD, KO | KP, "装修中擅自拆改房屋结构",
     "在住宅室内装饰装修活动中擅自拆除连接阳台的砖、混凝土墙体",
     "《住宅室内装饰装修管理办法》第六条、第三十八条", 500, 10000, 0, L_NONE},
    {T_BUILD, KO, "未取得商品房预售许可证预售商品房",
     "未取得商品房预售许可证，向买受人收取预付款预售商品房",
     "《城市商品房预售管理办法》第六条、第十三条", 10000, 300000, B(C_INCOME),
     L_NONE},
    {T_BUILD, KO, "未办理工程质量监督手续",
     "建设单位未按照国家规定办理工程质量监督手续",
     "《建设工程质量管理条例》第十三条、第五十六条第（六）项", 200000, 500000,
     0, L_NONE},
    {T_BUILD, KO, "未组织竣工验收擅自交付使用",
     "建设工程未组织竣工验收，擅自交付使用",
     "《建设工程质量管理条例》第十六条、第五十八条第（一）项", 50000, 500000, 0,
     L_NONE},
    {T_BUILD, KO, "燃气经营者未按规定进行安全检查",
     "未按照规定对燃气用户的燃气设施定期进行安全检查",
     "《城镇燃气管理条例》第十七条、第四十七条", 10000, 100000, B(C_REVOKE),
     L_GAS},

    /* 文化和旅游 */
    {T_CULTURE, KO | KI, "上网服务营业场所接纳未成年人",
     "在%A经营的互联网上网服务营业场所接纳未成年人进入",
     "《互联网上网服务营业场所管理条例》第二十一条、"
     "第三十一条第（二）项",
     1000, 15000, B(C_STOP) | B(C_REVOKE), L_NETCAFE},
    {T_CULTURE, KO | KI, "娱乐场所未按规定悬挂警示标志",
     "经营的娱乐场所未按照规定悬挂未成年人禁入标志",
     "《娱乐场所管理条例》第二十三条、第五十条", 1000, 5000, 0, L_NONE},
    {T_CULTURE, KO, "旅行社未与旅游者签订旅游合同",
     "组织旅游活动未与旅游者签订书面旅游合同",
     "《旅行社条例》第二十八条、第五十五条第（二）项", 2000, 10000,
     B(C_STOP) | B(C_REVOKE), L_TRAVEL},
    {T_CULTURE, KO | KI | KP, "未经许可从事营业性演出经营活动",
     "未取得营业性演出许可证，在%A组织营业性演出",
     "《营业性演出管理条例》第十一条、第四十三条第一款", 50000, 100000,
     B(C_INCOME) | B(C_GOODS), L_NONE},
    {T_CULTURE, KO | KI, "销售非法出版物", "在%A销售非法出版物",
     "《出版管理条例》第三十六条、第六十二条", 1000, 30000,
     B(C_GOODS) | B(C_INCOME), L_NONE},
    {T_CULTURE, KO | KI, "娱乐场所未建立营业日志",
     "经营的歌舞娱乐场所未按规定建立从业人员名簿和营业日志",
     "《娱乐场所管理条例》第二十五条、第五十条", 1000, 5000, 0, L_NONE},

    /* 交通运输 */
    {T_TRANSPORT, KO | KI | KP, "未取得道路运输经营许可从事货运经营",
     "未取得道路运输经营许可，擅自从事道路普通货物运输经营",
     "《中华人民共和国道路运输条例》第二十四条、第六十三条", 3000, 30000,
     B(C_INCOME), L_NONE},
    {T_TRANSPORT, KP, "巡游出租汽车驾驶员拒载",
     "驾驶巡游出租汽车营运时无正当理由拒载乘客",
     "《巡游出租汽车经营服务管理规定》第四十条、第四十九条", 200, 500, 0,
     L_NONE},
    {T_TRANSPORT, KP, "未取得网约车驾驶员证从事网约车经营",
     "未取得网络预约出租汽车驾驶员证，擅自从事网约车经营服务",
     "《网络预约出租汽车经营服务管理暂行办法》第十四条、第三十四条", 10000,
     30000, B(C_INCOME), L_NONE},
    {T_TRANSPORT, KO | KP, "车辆超限运输", "驾驶的货运车辆擅自超限行驶公路",
     "《公路安全保护条例》第三十五条、第六十四条", 500, 30000, 0, L_NONE},
    {T_TRANSPORT, KO | KI, "机动车维修未签发竣工出厂合格证",
     "在%A从事机动车维修经营，未按规定签发竣工出厂合格证",
     "《机动车维修管理规定》第三十九条、第五十一条", 1000, 5000, 0, L_NONE},
    {T_TRANSPORT, KO, "未按规定监控道路运输车辆",
     "未按照规定对所属道路运输车辆的卫星定位装置进行动态监控",
     "《道路运输车辆动态监督管理办法》第二十条、第三十六条", 1000, 3000, 0,
     L_NONE},

    /* 公安 */
    {T_POLICE, KO | KI, "旅馆未按规定登记旅客身份信息",
     "经营的旅馆不按规定登记住宿旅客的有效身份证件种类和号码",
     "《中华人民共和国治安管理处罚法》第五十六条第一款", 200, 500, 0, L_NONE},
    {T_POLICE, KO | KI, "消防设施、器材未保持完好有效",
     "位于%A的经营场所消防设施、器材未保持完好有效",
     "《中华人民共和国消防法》第十六条第一款第（二）项、"
     "第六十条第一款第（一）项",
     5000, 50000, 0, L_NONE},
    {T_POLICE, KO | KI | KP, "占用、堵塞疏散通道",
     "在%A堆放杂物占用、堵塞疏散通道、安全出口",
     "《中华人民共和国消防法》第二十八条、第六十条第一款第（三）项", 500, 50000,
     0, L_NONE},
    {T_POLICE, KO | KI, "娱乐场所未按规定安装监控设备",
     "经营的娱乐场所未按照规定安装闭路电视监控设备",
     "《娱乐场所管理条例》第十五条、第四十三条", 2000, 10000, B(C_STOP),
     L_NONE},
    {T_POLICE, KI | KP, "未经许可经营特种行业",
     "未取得特种行业许可证，在%A擅自经营旅馆业",
     "《中华人民共和国治安管理处罚法》第五十四条第一款第（三）项", 200, 1000,
     B(C_INCOME), L_NONE},
    {T_POLICE, KO, "在易燃易爆场所违规使用明火",
     "在具有火灾、爆炸危险的场所违反规定使用明火作业",
     "《中华人民共和国消防法》第二十一条第一款、第六十三条第（二）项", 100, 500,
     0, L_NONE},
};

/* One kind of licence a department of type `type` grants. */
struct xk_tpl {
	enum dtype type; /* department type */
	unsigned kinds;	 /* subject kinds it applies to, KO|KI|KP */
	const char *ws;	 /* 行政许可决定文书名称 */
	const char *lb;	 /* 许可类别 */
	enum lic lic;	 /* certificate issued */
	const char *nr;	 /* 许可内容 (the place follows for KO|KI) */
	int open_pct;	 /* percent valid until 2099-12-31 */
};

static const struct xk_tpl xk_tpls[] = {
    {T_APPROVAL, KO | KI, "食品经营许可决定书", "普通", L_FOOD,
     "准予食品经营许可，经营项目：预包装食品（含冷藏冷冻食品）销售；"
     "散装食品销售",
     0},
    {T_APPROVAL, KO | KI, "食品经营许可决定书", "普通", L_FOOD,
     "准予食品经营许可，主体业态：餐饮服务经营者（小型餐馆），"
     "经营项目：热食类食品制售",
     0},
    {T_APPROVAL, KO, "准予设立登记通知书", "登记", L_BIZ,
     "准予有限责任公司设立登记", 100},
    {T_APPROVAL, KI, "准予个体工商户登记通知书", "登记", L_BIZ,
     "准予个体工商户开业登记", 100},
    {T_APPROVAL, KO | KI, "准予变更登记通知书", "登记", L_BIZ,
     "准予变更登记，变更事项：经营场所", 100},
    {T_APPROVAL, KO | KI, "公共场所卫生许可决定书", "普通", L_HYGIENE,
     "准予公共场所卫生许可，许可项目：美容店、理发店", 0},
    {T_APPROVAL, KO, "建设工程规划许可决定书", "普通", L_PLAN,
     "准予建设工程规划许可，建设项目：综合楼", 0},
    {T_APPROVAL, KO, "建筑工程施工许可决定书", "普通", L_CONSTR,
     "准予建筑工程施工许可", 0},
    {T_APPROVAL, KO | KI | KP, "道路运输经营许可决定书", "普通", L_ROAD,
     "准予道路运输经营许可，经营范围：道路普通货物运输", 0},
    {T_APPROVAL, KO, "人力资源服务许可决定书", "普通", L_HR,
     "准予人力资源服务许可，服务范围：职业介绍；"
     "人力资源供求信息的收集和发布",
     0},
    {T_APPROVAL, KO, "劳务派遣经营许可决定书", "普通", L_DISPATCH,
     "准予劳务派遣经营许可", 0},
    {T_APPROVAL, KO, "医疗机构执业许可决定书", "普通", L_MED_INST,
     "准予医疗机构执业登记，诊疗科目：内科；外科；口腔科", 0},
    {T_APPROVAL, KO, "民办学校办学许可决定书", "普通", L_SCHOOL,
     "准予设立民办培训学校，办学内容：文化艺术培训", 0},
    {T_APPROVAL, KO | KI, "药品经营许可决定书", "普通", L_DRUG,
     "准予药品零售经营许可，经营范围：中成药、化学药制剂", 0},
    {T_APPROVAL, KO | KI, "出版物经营许可决定书", "普通", L_PUBL,
     "准予出版物零售经营许可", 0},
    {T_APPROVAL, KO | KI, "娱乐场所经营许可决定书", "普通", L_ENT,
     "准予从事歌舞娱乐场所经营活动", 0},

    {T_MARKET, KO, "特种设备使用登记决定书", "登记", L_ELEVATOR,
     "准予特种设备使用登记，设备类别：曳引驱动乘客电梯", 100},
    {T_MARKET, KO, "计量标准考核决定书", "核准", L_MEASURE,
     "准予计量标准考核，计量标准名称：衡器检定装置", 0},
    {T_MARKET, KO | KI, "食品小作坊登记决定书", "登记", L_NONE,
     "准予食品小作坊登记，生产品种：糕点", 0},

    {T_CITY, KO, "城市建筑垃圾处置核准决定书", "核准", L_WASTE,
     "准予城市建筑垃圾处置核准", 0},
    {T_CITY, KO | KI, "户外广告设施设置许可决定书", "普通", L_NONE,
     "准予设置户外广告设施", 0},
    {T_CITY, KO, "城市道路挖掘许可决定书", "普通", L_NONE,
     "准予临时挖掘城市道路，用于铺设管线", 0},
    {T_CITY, KO | KI, "临时占用城市道路许可决定书", "普通", L_NONE,
     "准予临时占用城市道路", 0},

    {T_SAFETY, KO, "危险化学品经营许可决定书", "普通", L_HAZ,
     "准予危险化学品经营许可（不带储存设施），许可范围：盐酸、硫酸", 0},
    {T_SAFETY, KO | KI, "烟花爆竹经营（零售）许可决定书", "普通", L_FIREWORK,
     "准予烟花爆竹零售经营许可", 0},

    {T_ENV, KO, "排污许可决定书", "普通", L_POLLUTE, "准予核发排污许可证", 0},
    {T_ENV, KO, "建设项目环境影响报告表审批决定书", "普通", L_NONE,
     "同意建设项目环境影响报告表", 0},

    {T_TAX, KO | KI, "准予税务行政许可决定书", "普通", L_NONE,
     "准予增值税专用发票最高开票限额审批，最高开票限额：十万元", 0},

    {T_HEALTH, KP, "医师执业注册决定书", "认可", L_DOCTOR,
     "准予医师执业注册，执业类别：临床，执业范围：内科专业", 100},
    {T_HEALTH, KP, "护士执业注册决定书", "认可", L_NURSE, "准予护士执业注册",
     0},
    {T_HEALTH, KO, "母婴保健技术服务执业许可决定书", "普通", L_MATERNAL,
     "准予母婴保健技术服务执业许可，许可项目：助产技术", 0},
    {T_HEALTH, KO | KI, "公共场所卫生许可决定书", "普通", L_HYGIENE,
     "准予公共场所卫生许可，许可项目：宾馆", 0},

    {T_LABOUR, KO, "特殊工时制度审批决定书", "普通", L_NONE,
     "准予实行综合计算工时工作制", 0},
    {T_LABOUR, KO, "劳务派遣经营许可决定书", "普通", L_DISPATCH,
     "准予劳务派遣经营许可延续", 0},

    {T_BUILD, KO, "商品房预售许可决定书", "普通", L_PRESALE,
     "准予商品房预售，预售范围：住宅楼", 0},
    {T_BUILD, KO, "燃气经营许可决定书", "特许", L_GAS, "准予管道燃气经营许可",
     0},
    {T_BUILD, KO, "建筑业企业资质许可决定书", "认可", L_BUILD_QUAL,
     "准予建筑工程施工总承包三级资质", 0},

    {T_CULTURE, KO | KI, "营业性演出许可决定书", "普通", L_PERFORM,
     "准予从事营业性演出经营活动", 0},
    {T_CULTURE, KO | KI, "娱乐场所经营许可决定书", "普通", L_ENT,
     "准予从事游艺娱乐场所经营活动", 0},
    {T_CULTURE, KO | KI, "互联网上网服务营业场所经营许可决定书", "普通",
     L_NETCAFE, "准予从事互联网上网服务经营活动", 0},

    {T_TRANSPORT, KO | KI | KP, "道路运输经营许可决定书", "普通", L_ROAD,
     "准予道路普通货物运输经营许可", 0},
    {T_TRANSPORT, KO, "出租汽车经营许可决定书", "特许", L_TAXI,
     "准予巡游出租汽车经营许可", 0},
    {T_TRANSPORT, KP, "网络预约出租汽车驾驶员证核发决定书", "认可", L_RIDE,
     "准予核发网络预约出租汽车驾驶员证", 0},

    {T_POLICE, KO | KI, "特种行业许可决定书", "普通", L_SPECIAL,
     "准予旅馆业特种行业许可", 0},
    {T_POLICE, KO | KI, "特种行业许可决定书", "普通", L_SPECIAL,
     "准予公章刻制业特种行业许可", 0},
    {T_POLICE, KO, "大型群众性活动安全许可决定书", "普通", L_NONE,
     "准予举办大型群众性活动", 0},
};

/* ------------------------------------------------------------------ */
/* Fields and headers.                                                 */

/* The 13 subject fields open both catalogs, in the same order. */
enum {
	F_MC,
	F_LB,
	F_SHXYM,
	F_GSZC,
	F_ZZJG,
	F_SWDJ,
	F_SYDW,
	F_SHZZ,
	F_FRDB,
	F_FR_ZJLX,
	F_FR_ZJHM,
	F_ZJLX,
	F_ZJHM,
	F__SUBJECT
};

enum {
	FC_WSH = F__SUBJECT,
	FC_WFXW,
	FC_SY,
	FC_YJ,
	FC_CFLB,
	FC_NR,
	FC_FK,
	FC_WFFF,
	FC_ZKDX,
	FC_JDRQ,
	FC_YXQ,
	FC_GSJZQ,
	FC_CFJG,
	FC_CFJGDM,
	FC_SJLY,
	FC_SJLYDM,
	FC_BZ,
	FC__COUNT
};

enum {
	FX_XKWS = F__SUBJECT,
	FX_WSH,
	FX_XKLB,
	FX_XKZS,
	FX_XKBH,
	FX_NR,
	FX_JDRQ,
	FX_YXQZ,
	FX_YXQZI,
	FX_XKJG,
	FX_XKJGDM,
	FX_ZT,
	FX_LYDW,
	FX_LYDWDM,
	FX_BZ,
	FX__COUNT
};

static const char *const cf_header[FC__COUNT] = {
    "CF_XDR_MC",   "CF_XDR_LB",	  "CF_XDR_SHXYM", "CF_XDR_GSZC", "CF_XDR_ZZJG",
    "CF_XDR_SWDJ", "CF_XDR_SYDW", "CF_XDR_SHZZ",  "CF_FRDB",	 "CF_FR_ZJLX",
    "CF_FR_ZJHM",  "CF_XDR_ZJLX", "CF_XDR_ZJHM",  "CF_WSH",	 "CF_WFXW",
    "CF_SY",	   "CF_YJ",	  "CF_CFLB",	  "CF_NR",	 "CF_NR_FK",
    "CF_NR_WFFF",  "CF_NR_ZKDX",  "CF_JDRQ",	  "CF_YXQ",	 "CF_GSJZQ",
    "CF_CFJG",	   "CF_CFJGDM",	  "CF_SJLY",	  "CF_SJLYDM",	 "BZ",
};

static const char *const xk_header[FX__COUNT] = {
    "XK_XDR_MC",   "XK_XDR_LB",	  "XK_XDR_SHXYM", "XK_XDR_GSZC", "XK_XDR_ZZJG",
    "XK_XDR_SWDJ", "XK_XDR_SYDW", "XK_XDR_SHZZ",  "XK_FRDB",	 "XK_FR_ZJLX",
    "XK_FR_ZJHM",  "XK_XDR_ZJLX", "XK_XDR_ZJHM",  "XK_XKWS",	 "XK_WSH",
    "XK_XKLB",	   "XK_XKZS",	  "XK_XKBH",	  "XK_NR",	 "XK_JDRQ",
    "XK_YXQZ",	   "XK_YXQZI",	  "XK_XKJG",	  "XK_XKJGDM",	 "XK_ZT",
    "XK_LYDW",	   "XK_LYDWDM",	  "BZ",
};

/* ------------------------------------------------------------------ */
/* Errors: which kinds, how often, and what the row's subject must be. */

/*
 * The k-th bad row gets err_cycle[k % n]: every kind comes up within one
 * turn, the common mistakes a little more often. xzxk has no amount
 * field, so XY_V_AMOUNT is skipped there.
 */
static const enum xy_verr err_cycle[] = {
    XY_V_REQUIRED,
    XY_V_USCC_CHECKSUM,
    XY_V_DATE,
    XY_V_RIC_CHECKSUM,
    XY_V_ENUM,
    XY_V_AMOUNT,
    XY_V_TOO_LONG,
    XY_V_DATE_FUTURE,
    XY_V_USCC_FORMAT,
    XY_V_REQUIRED,
    XY_V_RIC_FORMAT,
    XY_V_DATE_ORDER,
    XY_V_CATEGORY_CODE_MISMATCH,
    XY_V_RIC_BIRTHDATE,
    XY_V_AMOUNT,
    XY_V_ORGCODE_CHECKSUM,
    XY_V_ENCODING,
    XY_V_REQUIRED,
    XY_V_USCC_CHECKSUM,
    XY_V_DATE,
    XY_V_RIC_CHECKSUM,
};

enum need {
	N_ANY,
	N_ORG,	      /* 法人及非法人组织 */
	N_PERSON,     /* 自然人 */
	N_USCC,	      /* a real USCC: an organisation or a 92 个体工商户 */
	N_INDIV_USCC, /* a 个体工商户 with a 92 USCC */
	N_RIC,	      /* an ID number that is surely checked */
};

/* A field emptied for XY_V_REQUIRED, and what makes it required. */
struct req {
	int field;	/* index in the row */
	enum need need; /* subject the rule needs */
	int fine;	/* the rule needs 罚款 among the categories */
};

static const struct req cf_reqs[] = {
    {F_MC, N_ANY, 0},	   {FC_WSH, N_ANY, 0},	  {FC_WFXW, N_ANY, 0},
    {FC_SY, N_ANY, 0},	   {FC_YJ, N_ANY, 0},	  {FC_CFLB, N_ANY, 0},
    {FC_NR, N_ANY, 0},	   {FC_JDRQ, N_ANY, 0},	  {FC_YXQ, N_ANY, 0},
    {FC_CFJG, N_ANY, 0},   {FC_CFJGDM, N_ANY, 0}, {FC_SJLY, N_ANY, 0},
    {FC_SJLYDM, N_ANY, 0}, {FC_FK, N_ANY, 1},	  {F_FRDB, N_ORG, 0},
    {F_FR_ZJHM, N_ORG, 0}, {F_SHXYM, N_ORG, 0},	  {F_ZJLX, N_PERSON, 0},
    {F_ZJHM, N_PERSON, 0},
};

static const struct req xk_reqs[] = {
    {F_MC, N_ANY, 0},	   {FX_XKWS, N_ANY, 0},	  {FX_WSH, N_ANY, 0},
    {FX_XKLB, N_ANY, 0},   {FX_NR, N_ANY, 0},	  {FX_JDRQ, N_ANY, 0},
    {FX_YXQZ, N_ANY, 0},   {FX_YXQZI, N_ANY, 0},  {FX_XKJG, N_ANY, 0},
    {FX_XKJGDM, N_ANY, 0}, {FX_ZT, N_ANY, 0},	  {FX_LYDW, N_ANY, 0},
    {FX_LYDWDM, N_ANY, 0}, {F_FRDB, N_ORG, 0},	  {F_FR_ZJHM, N_ORG, 0},
    {F_SHXYM, N_ORG, 0},   {F_ZJLX, N_PERSON, 0}, {F_ZJHM, N_PERSON, 0},
};

/* Values that are not a decimal ≥ 0 for CF_NR_FK. */
static const char *const bad_amounts[] = {
    "-5", "abc", "-0.5", "1.2.3", "五千元",
};

/* Impossible month-day pairs for XY_V_DATE. */
static const int bad_md[][2] = {
    {2, 30}, {2, 31}, {4, 31}, {6, 31}, {9, 31}, {11, 31}, {13, 1}, {0, 10},
};

/* Filler that makes a value too long; no ASCII digits (see docno.h). */
#define FILLER "本决定书系对原决定书的补正说明"

/* ------------------------------------------------------------------ */
/* Subjects.                                                           */

/*
 * Kinds by subject index: 12 organisations, 5 individual businesses and
 * 3 persons in every 20, interleaved so that even the smallest pool (10)
 * holds all three.
 */
static const unsigned char kind_pattern[20] = {
    K_ORG, K_INDIV, K_ORG, K_PERSON, K_ORG, K_INDIV, K_ORG,
    K_ORG, K_INDIV, K_ORG, K_PERSON, K_ORG, K_INDIV, K_ORG,
    K_ORG, K_INDIV, K_ORG, K_PERSON, K_ORG, K_ORG,
};

/* Rank of an individual business among the 5 of its block, else -1. */
static const signed char indiv_rank[20] = {
    -1, 0, -1, -1, -1, 1, -1, -1, 2, -1, -1, -1, 3, -1, -1, 4, -1, -1, -1, -1,
};

enum org_sub {
	O_ENTERPRISE, /* 91 企业 */
	O_COOP,	      /* 93 农民专业合作社 */
	O_NONPROFIT,  /* 52 民办非企业单位 */
	O_SOCIETY,    /* 51 社会团体 */
	O_PUBLIC,     /* 12 事业单位 */
	O_LAW,	      /* 31 律师执业机构 */
};

struct subject {
	enum kind kind;	  /* category of the subject */
	enum org_sub sub; /* kind of organisation, for K_ORG */
	int placeholder;  /* 个体工商户 reported with 00000000000000000X */
	char name[200];	  /* 行政相对人名称 */
	char uscc[19];	  /* 统一社会信用代码, "" for persons */
	char gszc[16];	  /* 工商注册号, with the placeholder */
	char zzjg[11];	  /* 组织机构代码 when reported */
	char swdj[16];	  /* 税务登记号 when reported */
	char sydw[13];	  /* 事业单位证书号 */
	char shzz[19];	  /* 社会组织登记证号 */
	char rep[16];	  /* 法定代表人 or the business's operator */
	char rep_ric[19]; /* the representative's ID number */
	char ric[19];	  /* a natural person's own ID number */
	char surname[4];  /* the operator's surname (for 张记) */
	char addr[64];	  /* 槐荫区经十路123号 */
};

/* ------------------------------------------------------------------ */
/* Output: a buffer in front of the FILE, and one row's values.        */

struct out {
	FILE *f;	    /* where the CSV goes */
	size_t len;	    /* bytes waiting in buf */
	uint64_t total;	    /* bytes handed to fwrite so far + len */
	int err;	    /* errno of the first failed write, or 0 */
	char buf[OUT_SIZE]; /* pending bytes */
};

struct row {
	const char *v[NFIELDS_MAX]; /* values, borrowed or in arena */
	size_t n[NFIELDS_MAX];	    /* bytes of each value */
	size_t used;		    /* bytes of arena in use */
	char arena[ARENA_SIZE];	    /* values composed for this row */
};

struct gen {
	const struct xy_gen_opts *o;	 /* the caller's options */
	int xk;				 /* 1 for xzxk, 0 for xzcf */
	int nf;				 /* fields per row */
	char div[7];			 /* division code */
	struct rng rng;			 /* the row stream */
	uint64_t pool;			 /* subjects in the pool */
	uint64_t key_subject;		 /* seeds each subject's stream */
	uint64_t key_person;		 /* seeds each person's stream */
	struct perm p_ma;		 /* MA + 6 body chars, by subject */
	struct perm p_md;		 /* MD + 6, law firms */
	struct perm p_mj;		 /* MJ + 6, social organisations */
	struct perm p_mb;		 /* MB + 6, public institutions */
	struct perm p_num;		 /* 7 digits of older numeric codes */
	struct perm p_gszc;		 /* 7 digits of 工商注册号 */
	struct perm p_person;		 /* birth day and sequence of IDs */
	struct perm p_ent_name;		 /* company names */
	struct perm p_shop_name;	 /* individual business names */
	struct perm p_np_name;		 /* names of 52, 93, 31 */
	int32_t birth_lo;		 /* earliest birth date */
	uint32_t birth_days;		 /* days in the birth range */
	int32_t reported;		 /* opts->reported_date */
	int ryear;			 /* year of the reported date */
	char dept_uscc[NDEPTS][19];	 /* each department's USCC */
	uint32_t seq[NDEPTS][NYEARS];	 /* last serial per department, year */
	unsigned dcum[K__COUNT][NDEPTS]; /* cumulative dept weights */
	unsigned dtotal[K__COUNT];	 /* total dept weight per kind */
	unsigned short tpl[NDEPTS][K__COUNT][MAX_TPL]; /* fitting tpls */
	unsigned ntpl[NDEPTS][K__COUNT];	       /* entries in tpl */
	uint64_t nbad_done; /* bad rows written so far */
	struct subject s;   /* the current row's subject */
	struct row row;	    /* the current row */
	struct out out;	    /* the output buffer */
};

static void out_flush(struct out *o)
{
	if (o->len && !o->err && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->err = errno ? errno : EIO;
	o->len = 0;
}

static void out_mem(struct out *o, const char *p, size_t n)
{
	o->total += n;
	if (n > OUT_SIZE - o->len)
		out_flush(o);
	if (n > OUT_SIZE) {
		if (!o->err && fwrite(p, 1, n, o->f) != n)
			o->err = errno ? errno : EIO;
		return;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void out_ch(struct out *o, char c)
{
	if (o->len == OUT_SIZE)
		out_flush(o);
	o->buf[o->len++] = c;
	o->total++;
}

/* One CSV field, quoted (RFC 4180) only when it has to be. */
static void out_field(struct out *o, const char *p, size_t n)
{
	size_t i, start;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r')
			break;
	if (i == n) {
		out_mem(o, p, n);
		return;
	}
	out_ch(o, '"');
	start = 0;
	for (i = 0; i < n; i++) {
		if (p[i] != '"')
			continue;
		out_mem(o, p + start, i + 1 - start);
		out_ch(o, '"');
		start = i + 1;
	}
	out_mem(o, p + start, n - start);
	out_ch(o, '"');
}

static void row_reset(struct row *r, int nf)
{
	for (int i = 0; i < nf; i++) {
		r->v[i] = "";
		r->n[i] = 0;
	}
	r->used = 0;
}

static void row_write(struct out *o, const struct row *r, int nf)
{
	for (int i = 0; i < nf; i++) {
		if (i)
			out_ch(o, ',');
		out_field(o, r->v[i], r->n[i]);
	}
	out_ch(o, '\n');
}

/* Sets a field to a string that outlives the row (a table or subject). */
static void fset(struct row *r, int f, const char *s)
{
	r->v[f] = s;
	r->n[f] = strlen(s);
}

/* Composing a value in the arena: a_begin(), a_*()..., a_end(). */
static size_t a_begin(const struct row *r)
{
	return r->used;
}

static void a_mem(struct row *r, const char *p, size_t n)
{
	assert(n <= ARENA_SIZE - r->used);
	if (n > ARENA_SIZE - r->used)
		n = ARENA_SIZE - r->used;
	memcpy(r->arena + r->used, p, n);
	r->used += n;
}

static void a_str(struct row *r, const char *s)
{
	a_mem(r, s, strlen(s));
}

/* v in decimal, zero-padded to width digits. */
static void a_uint(struct row *r, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width && n < (int)sizeof(tmp))
		tmp[sizeof(tmp) - 1 - n++] = '0';
	a_mem(r, tmp + sizeof(tmp) - n, (size_t)n);
}

static void a_end(struct row *r, int f, size_t start)
{
	r->v[f] = r->arena + start;
	r->n[f] = r->used - start;
}

/* ------------------------------------------------------------------ */
/* Small string helpers over fixed arrays (always NUL-terminated).     */

static void scat(char *dst, size_t cap, const char *s)
{
	size_t len = strlen(dst), n = strlen(s);

	if (n >= cap - len)
		n = cap - len - 1;
	memcpy(dst + len, s, n);
	dst[len + n] = '\0';
}

/* Appends v as exactly width digits. */
static void sdigits(char *dst, size_t cap, uint64_t v, int width)
{
	char tmp[24];

	assert(width > 0 && width < (int)sizeof(tmp));
	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	tmp[width] = '\0';
	scat(dst, cap, tmp);
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* s = p2 + division + 8-char body + organisation check + USCC check. */
static void uscc_build(char s[19], const char *p2, const char *div,
		       const char *body)
{
	char b[9], c[18];

	memcpy(s, p2, 2);
	memcpy(s + 2, div, 6);
	memcpy(s + 8, body, 8);
	memcpy(b, body, 8);
	b[8] = '\0';
	s[16] = xy_orgcode_check_char(b);
	memcpy(c, s, 17);
	c[17] = '\0';
	s[17] = xy_uscc_check_char(c);
	s[18] = '\0';
}

/* Recomputes the last character of an 18-character USCC. */
static void uscc_fix_check(char *s)
{
	char c[18];

	memcpy(c, s, 17);
	c[17] = '\0';
	s[17] = xy_uscc_check_char(c);
}

static void ric_fix_check(char *s)
{
	char c[18];

	memcpy(c, s, 17);
	c[17] = '\0';
	s[17] = xy_ric_check_char(c);
}

/* prefix + 6 characters of the USCC alphabet for v < 31^6. */
static void body31(char out[9], const char *prefix, uint64_t v)
{
	out[0] = prefix[0];
	out[1] = prefix[1];
	for (int i = 7; i >= 2; i--) {
		out[i] = uscc_alphabet[v % 31];
		v /= 31;
	}
	out[8] = '\0';
}

/* ISO 7064 MOD 11,10 check digit of a 工商注册号. */
static char mod11_10(const char *d, int n)
{
	int p = 10;

	for (int i = 0; i < n; i++) {
		int s = (p + (d[i] - '0')) % 10;

		if (s == 0)
			s = 10;
		p = (s * 2) % 11;
	}
	return (char)('0' + (11 - p) % 10);
}

/* ------------------------------------------------------------------ */
/* People, names and subjects.                                         */

static const char *pick(struct rng *r, const char *const *tab, size_t n)
{
	return tab[rng_below(r, (uint32_t)n)];
}

#define PICK(r, tab) pick((r), (tab), ARRAY_SIZE(tab))

/*
 * Person pid: a name and an ID number. The (birth day, sequence) pair is
 * a permutation of pid, so no two people of a file share a number.
 */
static void person_make(const struct gen *g, uint64_t pid, char *name,
			size_t namecap, char ric[19])
{
	struct rng r;
	uint64_t v = perm_apply(&g->p_person, pid);
	uint32_t seq = (uint32_t)(v % 999) + 1;
	int32_t birth = g->birth_lo + (int32_t)(v / 999);
	int male = seq & 1;
	const char *addr;
	int y, m, d;

	rng_seed(&r, mix2(g->key_person, pid));
	addr = rng_chance(&r, 0.7) ? g->div : PICK(&r, jinan_divisions);
	xy_date_to_ymd(birth, &y, &m, &d);
	ric[0] = '\0';
	scat(ric, 19, addr);
	sdigits(ric, 19, (uint64_t)y, 4);
	sdigits(ric, 19, (uint64_t)m, 2);
	sdigits(ric, 19, (uint64_t)d, 2);
	sdigits(ric, 19, seq, 3);
	ric[17] = '0';
	ric[18] = '\0';
	ric_fix_check(ric);

	/* u² leans towards the common surnames at the top of the table */
	double u = rng_unit(&r);
	size_t si = (size_t)(u * u * (double)ARRAY_SIZE(surnames));
	const char *const *given = male ? male_given : female_given;
	uint32_t ng = male ? ARRAY_SIZE(male_given) : ARRAY_SIZE(female_given);
	uint32_t a = rng_below(&r, ng), b = rng_below(&r, ng);

	name[0] = '\0';
	scat(name, namecap, surnames[si]);
	scat(name, namecap, given[a]);
	if (rng_chance(&r, 0.65) && a != b)
		scat(name, namecap, given[b]);
}

static int subject_kind(uint64_t i)
{
	return kind_pattern[i % 20];
}

/* Every tenth individual business has no USCC yet. */
static int subject_placeholder(uint64_t i)
{
	int rank = indiv_rank[i % 20];

	return rank >= 0 && ((i / 20) * 5 + (uint64_t)rank) % 10 == 9;
}

static int subject_fits(uint64_t i, enum need need)
{
	int k = subject_kind(i);

	switch (need) {
	case N_ANY:
		return 1;
	case N_ORG:
		return k == K_ORG;
	case N_PERSON:
		return k == K_PERSON;
	case N_USCC:
		return k == K_ORG || (k == K_INDIV && !subject_placeholder(i));
	case N_INDIV_USCC:
		return k == K_INDIV && !subject_placeholder(i);
	case N_RIC:
		return k == K_ORG || k == K_PERSON;
	}
	return 0;
}

static uint64_t subject_pick(struct gen *g, enum need need)
{
	uint64_t i = 0;

	for (int tries = 0; tries < 256; tries++) {
		i = rng_next(&g->rng) % g->pool;
		if (subject_fits(i, need))
			return i;
	}
	for (uint64_t j = 0; j < g->pool; j++)
		if (subject_fits((i + j) % g->pool, need))
			return (i + j) % g->pool;
	assert(!"the pool lacks a subject kind");
	return i;
}

static void org_codes(struct gen *g, struct subject *s, struct rng *r)
{
	/* 组织机构代码 and 税务登记号 are reported by some departments only */
	if (rng_chance(r, 0.4)) {
		memcpy(s->zzjg, s->uscc + 8, 8);
		if (rng_chance(r, 0.2)) {
			s->zzjg[8] = '-';
			s->zzjg[9] = s->uscc[16];
			s->zzjg[10] = '\0';
		} else {
			s->zzjg[8] = s->uscc[16];
			s->zzjg[9] = '\0';
		}
	}
	if (s->sub == O_ENTERPRISE && rng_chance(r, 0.15)) {
		s->swdj[0] = '\0';
		scat(s->swdj, sizeof(s->swdj), g->div);
		memcpy(s->swdj + 6, s->uscc + 8, 9);
		s->swdj[15] = '\0';
	}
}

static void org_make(struct gen *g, uint64_t i, struct subject *s,
		     struct rng *r)
{
	char body[9];
	uint32_t u = rng_below(r, 100);
	uint64_t rep = 2 * i + 1, v, e;
	size_t nz = ARRAY_SIZE(zihao);

	if (u < 86)
		s->sub = O_ENTERPRISE;
	else if (u < 88)
		s->sub = O_COOP;
	else if (u < 93)
		s->sub = O_NONPROFIT;
	else if (u < 95)
		s->sub = O_SOCIETY;
	else if (u < 99)
		s->sub = O_PUBLIC;
	else
		s->sub = O_LAW;

	s->name[0] = '\0';
	switch (s->sub) {
	case O_ENTERPRISE:
		v = perm_apply(&g->p_ent_name, i);
		scat(s->name, sizeof(s->name),
		     regions[v % ARRAY_SIZE(regions)]);
		v /= ARRAY_SIZE(regions);
		scat(s->name, sizeof(s->name), zihao[v % nz]);
		v /= nz;
		scat(s->name, sizeof(s->name), zihao[v % nz]);
		v /= nz;
		scat(s->name, sizeof(s->name), industries[v]);
		u = rng_below(r, 100);
		scat(s->name, sizeof(s->name),
		     u < 90   ? "有限公司"
		     : u < 97 ? "有限责任公司"
			      : "股份有限公司");
		if (rng_chance(r, 0.03))
			scat(s->name, sizeof(s->name), "槐荫分公司");
		if (rng_chance(r, 0.7)) {
			body31(body, "MA", perm_apply(&g->p_ma, i));
		} else {
			body[0] = rng_chance(r, 0.5) ? '6' : '7';
			body[1] = '\0';
			sdigits(body, sizeof(body), perm_apply(&g->p_num, i),
				7);
		}
		uscc_build(s->uscc, "91", g->div, body);
		break;
	case O_COOP:
		v = perm_apply(&g->p_np_name, i);
		scat(s->name, sizeof(s->name), "济南槐荫");
		scat(s->name, sizeof(s->name), zihao[v % nz]);
		scat(s->name, sizeof(s->name), zihao[v / nz % nz]);
		scat(s->name, sizeof(s->name), PICK(r, coops));
		body31(body, "MA", perm_apply(&g->p_ma, i));
		uscc_build(s->uscc, "93", g->div, body);
		break;
	case O_NONPROFIT:
		v = perm_apply(&g->p_np_name, i);
		scat(s->name, sizeof(s->name), "济南市槐荫区");
		scat(s->name, sizeof(s->name), zihao[v % nz]);
		scat(s->name, sizeof(s->name), zihao[v / nz % nz]);
		scat(s->name, sizeof(s->name), PICK(r, nonprofits));
		body31(body, "MJ", perm_apply(&g->p_mj, i));
		uscc_build(s->uscc, "52", g->div, body);
		memcpy(s->shzz, s->uscc, 19);
		break;
	case O_SOCIETY:
		/* a few fixed associations: the same one in many records */
		e = rng_below(r, ARRAY_SIZE(societies));
		scat(s->name, sizeof(s->name), societies[e]);
		body31(body, "MJ", perm_apply(&g->p_mj, g->pool + e));
		uscc_build(s->uscc, "51", g->div, body);
		memcpy(s->shzz, s->uscc, 19);
		rep = 2 * (g->pool + e) + 1;
		break;
	case O_PUBLIC:
		e = rng_below(r, ARRAY_SIZE(institutions) +
				     ARRAY_SIZE(subdistricts));
		if (e < ARRAY_SIZE(institutions)) {
			scat(s->name, sizeof(s->name), institutions[e]);
		} else {
			scat(s->name, sizeof(s->name), "济南市槐荫区");
			scat(s->name, sizeof(s->name),
			     subdistricts[e - ARRAY_SIZE(institutions)]);
			scat(s->name, sizeof(s->name), "街道社区卫生服务中心");
		}
		body31(body, "MB", perm_apply(&g->p_mb, e));
		uscc_build(s->uscc, "12", g->div, body);
		s->sydw[0] = '\0';
		scat(s->sydw, sizeof(s->sydw), "1");
		scat(s->sydw, sizeof(s->sydw), g->div);
		sdigits(s->sydw, sizeof(s->sydw), 100 + e, 5);
		rep = 2 * (g->pool + 64 + e) + 1;
		break;
	case O_LAW:
		v = perm_apply(&g->p_np_name, i);
		scat(s->name, sizeof(s->name), "山东");
		scat(s->name, sizeof(s->name), zihao[v % nz]);
		scat(s->name, sizeof(s->name), zihao[v / nz % nz]);
		scat(s->name, sizeof(s->name), "律师事务所");
		body31(body, "MD", perm_apply(&g->p_md, i));
		uscc_build(s->uscc, "31", g->div, body);
		break;
	}
	org_codes(g, s, r);
	person_make(g, rep, s->rep, sizeof(s->rep), s->rep_ric);
}

static void indiv_make(struct gen *g, uint64_t i, struct subject *s,
		       struct rng *r)
{
	char body[9];
	uint64_t v = perm_apply(&g->p_shop_name, i);
	size_t nz = ARRAY_SIZE(zihao);

	person_make(g, 2 * i + 1, s->rep, sizeof(s->rep), s->rep_ric);
	memcpy(s->surname, s->rep, 3); /* every surname is one character */
	s->surname[3] = '\0';

	s->name[0] = '\0';
	scat(s->name, sizeof(s->name), v % 2 ? "济南市槐荫区" : "槐荫区");
	v /= 2;
	if (rng_chance(r, 0.25)) {
		scat(s->name, sizeof(s->name), s->surname);
		scat(s->name, sizeof(s->name), "记");
	} else {
		scat(s->name, sizeof(s->name), zihao[v % nz]);
		scat(s->name, sizeof(s->name), zihao[v / nz % nz]);
	}
	v /= nz * nz;
	scat(s->name, sizeof(s->name), shops[v % ARRAY_SIZE(shops)]);

	s->placeholder = subject_placeholder(i);
	if (s->placeholder) {
		memcpy(s->uscc, XY_USCC_PLACEHOLDER, 19);
		s->gszc[0] = '\0';
		scat(s->gszc, sizeof(s->gszc), g->div);
		scat(s->gszc, sizeof(s->gszc), "6");
		sdigits(s->gszc, sizeof(s->gszc), perm_apply(&g->p_gszc, i), 7);
		s->gszc[14] = mod11_10(s->gszc, 14);
		s->gszc[15] = '\0';
	} else {
		body31(body, "MA", perm_apply(&g->p_ma, i));
		uscc_build(s->uscc, "92", g->div, body);
	}
}

static void subject_make(struct gen *g, uint64_t i, struct subject *s)
{
	struct rng r;
	char num[8] = "";

	memset(s, 0, sizeof(*s));
	s->kind = (enum kind)subject_kind(i);
	rng_seed(&r, mix2(g->key_subject, i));

	scat(s->addr, sizeof(s->addr), "槐荫区");
	scat(s->addr, sizeof(s->addr), PICK(&r, streets));
	sdigits(num, sizeof(num), (uint64_t)rng_range(&r, 1, 9999), 4);
	/* drop the leading zeros of the house number */
	const char *p = num;

	while (p[0] == '0' && p[1])
		p++;
	scat(s->addr, sizeof(s->addr), p);
	scat(s->addr, sizeof(s->addr), "号");

	switch (s->kind) {
	case K_ORG:
		org_make(g, i, s, &r);
		break;
	case K_INDIV:
		indiv_make(g, i, s, &r);
		break;
	case K_PERSON:
	case K__COUNT:
		person_make(g, 2 * i, s->name, sizeof(s->name), s->ric);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Dates and numbers.                                                  */

static int32_t add_years(int32_t day, int n)
{
	int y, m, d;

	xy_date_to_ymd(day, &y, &m, &d);
	y += n;
	if (!xy_date_valid(y, m, d))
		d = 28; /* 29 February */
	return xy_date_from_ymd(y, m, d);
}

/* Writes day in one of the accepted forms (0 ISO, 1..4 the others). */
static void a_date(struct row *r, int32_t day, int form)
{
	char iso[11];
	int y, m, d;

	if (form == 0) {
		xy_date_format(day, iso);
		a_mem(r, iso, 10);
		return;
	}
	xy_date_to_ymd(day, &y, &m, &d);
	switch (form) {
	case 1: /* 2021/3/1 */
		a_uint(r, (uint64_t)y, 4);
		a_str(r, "/");
		a_uint(r, (uint64_t)m, 1);
		a_str(r, "/");
		a_uint(r, (uint64_t)d, 1);
		break;
	case 2: /* 20210301 */
		a_uint(r, (uint64_t)y, 4);
		a_uint(r, (uint64_t)m, 2);
		a_uint(r, (uint64_t)d, 2);
		break;
	case 3: /* 2021年3月1日 */
		a_uint(r, (uint64_t)y, 4);
		a_str(r, "年");
		a_uint(r, (uint64_t)m, 1);
		a_str(r, "月");
		a_uint(r, (uint64_t)d, 1);
		a_str(r, "日");
		break;
	default: /* 2021.03.01 */
		a_uint(r, (uint64_t)y, 4);
		a_str(r, ".");
		a_uint(r, (uint64_t)m, 2);
		a_str(r, ".");
		a_uint(r, (uint64_t)d, 2);
		break;
	}
}

static void set_date(struct row *r, int f, int32_t day, int form)
{
	size_t st = a_begin(r);

	a_date(r, day, form);
	a_end(r, f, st);
}

/* Yuan as 万元: 5000 → 0.5, 123456 → 12.3456. */
static void a_wan(struct row *r, uint64_t yuan)
{
	uint64_t frac = yuan % 10000;
	int w = 4;

	a_uint(r, yuan / 10000, 1);
	if (!frac)
		return;
	while (frac % 10 == 0) {
		frac /= 10;
		w--;
	}
	a_str(r, ".");
	a_uint(r, frac, w);
}

/*
 * A sum between lo and hi yuan, leaning towards lo (u² instead of a
 * log-uniform draw, which would need libm), mostly rounded.
 */
static uint64_t pick_amount(struct rng *r, uint32_t lo, uint32_t hi)
{
	double u = rng_unit(r);
	uint64_t y = lo + (uint64_t)(u * u * (double)(hi - lo)), step;

	if (rng_chance(r, 0.9)) {
		step = y < 1000	    ? 50
		       : y < 10000  ? 100
		       : y < 100000 ? 1000
				    : 10000;
		y = (y + step / 2) / step * step;
		if (y < lo)
			y = lo;
	}
	return y;
}

/* The next document number of department d in year y, with gaps. */
static uint32_t docno_next(struct gen *g, size_t d, int y)
{
	int yi = y - g->ryear + NYEARS - 3;

	if (yi < 0)
		yi = 0;
	if (yi >= NYEARS)
		yi = NYEARS - 1;
	while (g->o->gap_rate > 0 && rng_chance(&g->rng, g->o->gap_rate))
		g->seq[d][yi]++;
	return ++g->seq[d][yi];
}

/* 槐市监罚〔2021〕37号 */
static void set_docno(struct gen *g, int f, size_t d, int32_t day,
		      const char *kind)
{
	struct row *r = &g->row;
	size_t st = a_begin(r);
	int y, m, dd;

	xy_date_to_ymd(day, &y, &m, &dd);
	a_str(r, depts[d].abbr);
	a_str(r, kind);
	a_str(r, "〔");
	a_uint(r, (uint64_t)y, 4);
	a_str(r, "〕");
	a_uint(r, docno_next(g, d, y), 1);
	a_str(r, "号");
	a_end(r, f, st);
}

/* A licence number in the arena (no field set). */
static void a_licno(struct gen *g, enum lic l)
{
	const struct licence *li = &licences[l];
	struct row *r = &g->row;

	a_str(r, li->pre);
	switch (li->src) {
	case LS_USCC:
		a_str(r, g->s.placeholder ? g->s.gszc : g->s.uscc);
		break;
	case LS_DIVISION:
		a_str(r, g->div);
		/* fall through */
	case LS_PLAIN:
		for (int i = 0; i < li->ndigits; i++)
			a_uint(r, rng_below(&g->rng, 10), 1);
		break;
	}
	a_str(r, li->post);
}

/* ------------------------------------------------------------------ */
/* Rows.                                                               */

/* What one row will be, decided before its fields are written. */
struct plan {
	enum xy_verr err;      /* the row's error, XY_V_OK when none */
	int variant;	       /* which form of the error */
	const struct req *req; /* the field emptied for XY_V_REQUIRED */
	enum need need;	       /* subject the error needs */
	int fine;	       /* 罚款 must be a category */
	int late;	       /* decision 16..200 days before reporting */
	int32_t jd;	       /* decision date */
	int form;	       /* date form of the row's dates */
	size_t dept;	       /* deciding and reporting department */
};

static void plan_error(struct gen *g, struct plan *p)
{
	const struct req *reqs = g->xk ? xk_reqs : cf_reqs;
	size_t nreqs = g->xk ? ARRAY_SIZE(xk_reqs) : ARRAY_SIZE(cf_reqs);

	p->need = N_ANY;
	switch (p->err) {
	case XY_V_REQUIRED:
		p->req = &reqs[rng_below(&g->rng, (uint32_t)nreqs)];
		p->need = p->req->need;
		p->fine = p->req->fine;
		break;
	case XY_V_ENUM:
		p->variant = (int)rng_below(&g->rng, 3);
		/* 公司 hides the kind, so no placeholder; FR_ZJLX needs a rep */
		if (p->variant != 1)
			p->need = N_ORG;
		break;
	case XY_V_TOO_LONG:
	case XY_V_DATE:
	case XY_V_DATE_ORDER:
		p->variant = (int)rng_below(&g->rng, 5);
		break;
	case XY_V_USCC_FORMAT:
	case XY_V_USCC_CHECKSUM:
		p->variant = (int)rng_below(&g->rng, 2);
		p->need = N_USCC;
		break;
	case XY_V_ORGCODE_CHECKSUM:
		p->need = N_ORG;
		break;
	case XY_V_CATEGORY_CODE_MISMATCH:
		p->need = N_INDIV_USCC;
		break;
	case XY_V_RIC_FORMAT:
	case XY_V_RIC_CHECKSUM:
	case XY_V_RIC_BIRTHDATE:
		p->need = N_RIC;
		break;
	case XY_V_AMOUNT:
		p->variant = (int)rng_below(&g->rng, ARRAY_SIZE(bad_amounts));
		p->fine = 1;
		break;
	default:
		break;
	}
}

static size_t dept_pick(struct gen *g, enum kind k)
{
	unsigned x = rng_below(&g->rng, g->dtotal[k]);
	size_t d = 0;

	while (d + 1 < NDEPTS && g->dcum[k][d] <= x)
		d++;
	return d;
}

static const void *tpl_pick(struct gen *g, size_t d, enum kind k)
{
	unsigned n = g->ntpl[d][k];
	unsigned t = g->tpl[d][k][rng_below(&g->rng, n)];

	return g->xk ? (const void *)&xk_tpls[t] : (const void *)&cf_tpls[t];
}

/* The subject fields of the row. */
static void fill_subject(struct gen *g)
{
	struct row *r = &g->row;
	struct subject *s = &g->s;

	fset(r, F_MC, s->name);
	fset(r, F_LB, kind_name[s->kind]);
	if (s->kind == K_PERSON) {
		fset(r, F_ZJLX, "身份证");
		fset(r, F_ZJHM, s->ric);
		return;
	}
	fset(r, F_SHXYM, s->uscc);
	fset(r, F_GSZC, s->gszc);
	fset(r, F_ZZJG, s->zzjg);
	fset(r, F_SWDJ, s->swdj);
	fset(r, F_SYDW, s->sydw);
	fset(r, F_SHZZ, s->shzz);
	fset(r, F_FRDB, s->rep);
	fset(r, F_FR_ZJLX, rng_chance(&g->rng, 0.03) ? "01" : "身份证");
	fset(r, F_FR_ZJHM, s->rep_ric);
}

static unsigned pick_cats(struct gen *g, const struct cf_tpl *t, int fine)
{
	double u = rng_unit(&g->rng);
	unsigned set, bits[C__COUNT], n = 0;

	if (u < 0.10) {
		set = B(C_WARN);
	} else if (u < 0.58) {
		set = B(C_FINE);
	} else if (u < 0.82) {
		set = B(C_WARN) | B(C_FINE);
	} else if (u < 0.985) {
		for (int c = 0; c < C__COUNT; c++)
			if (t->extra & B(c))
				bits[n++] = (unsigned)c;
		set = B(C_FINE);
		if (n) {
			unsigned c = bits[rng_below(&g->rng, n)];

			set |= B(c);
			if (c == C_INCOME && rng_chance(&g->rng, 0.3))
				set |= B(C_WARN);
			if (c == C_CLOSE && rng_chance(&g->rng, 0.5))
				set = B(C_CLOSE);
		}
	} else if (u < 0.995) {
		set = B(C_NOTICE);
	} else {
		set = B(C_OTHER);
	}
	if (fine)
		set |= B(C_FINE);
	return set;
}

/* 《食品经营许可证》（编号：JY1…）, the number already in the arena. */
static void a_licence(struct row *r, const char *name, size_t no_st,
		      size_t no_len)
{
	a_str(r, "《");
	a_str(r, name);
	a_str(r, "》（编号：");
	a_mem(r, r->arena + no_st, no_len);
	a_str(r, "）");
}

/* The categories, the content and the amounts of a penalty. */
static void fill_penalty(struct gen *g, const struct cf_tpl *t, unsigned cats)
{
	static const char *const seps[] = {";", "；", "、", ","};
	struct row *r = &g->row;
	uint64_t fine = 0, income = 0, goods = 0;
	enum lic lic = t->lic != L_NONE ? t->lic : L_BIZ;
	size_t st, no_st = 0, no_len = 0;
	const char *sep;
	double u;
	int first = 1;

	u = rng_unit(&g->rng);
	sep = seps[u < 0.96 ? 0 : u < 0.98 ? 1 : u < 0.99 ? 2 : 3];
	st = a_begin(r);
	for (int c = 0; c < C__COUNT; c++) {
		if (!(cats & B(c)))
			continue;
		if (!first)
			a_str(r, sep);
		a_str(r, cat_name[c]);
		first = 0;
	}
	a_end(r, FC_CFLB, st);

	if (cats & B(C_FINE))
		fine = pick_amount(&g->rng, t->fine_lo, t->fine_hi);
	if (cats & B(C_INCOME))
		income = pick_amount(&g->rng, 200, 50000);
	if (cats & B(C_GOODS))
		goods = pick_amount(&g->rng, 100, 20000);

	if (cats & (B(C_SUSPEND) | B(C_REVOKE))) {
		/* 食品经营许可证 JY13701040012345 */
		st = a_begin(r);
		a_str(r, licences[lic].name);
		a_str(r, " ");
		no_st = a_begin(r);
		a_licno(g, lic);
		no_len = r->used - no_st;
		a_end(r, FC_ZKDX, st);
	}

	st = a_begin(r);
	if (rng_chance(&g->rng, 0.3))
		a_str(r, "责令改正违法行为，");
	first = 1;
	for (int c = 0; c < C__COUNT; c++) {
		if (!(cats & B(c)))
			continue;
		if (!first)
			a_str(r, "，");
		switch (c) {
		case C_WARN:
			a_str(r, "给予警告");
			break;
		case C_NOTICE:
			a_str(r, "给予通报批评");
			break;
		case C_FINE:
			a_str(r, first ? "罚款人民币" : "并处罚款人民币");
			a_uint(r, fine, 1);
			a_str(r, "元");
			break;
		case C_INCOME:
			a_str(r, "没收违法所得人民币");
			a_uint(r, income, 1);
			a_str(r, "元");
			break;
		case C_GOODS:
			a_str(r, "没收涉案物品（价值人民币");
			a_uint(r, goods, 1);
			a_str(r, "元）");
			break;
		case C_SUSPEND:
			a_str(r, "暂扣");
			a_licence(r, licences[lic].name, no_st, no_len);
			a_str(r, "三个月");
			break;
		case C_LOWER:
			a_str(r, "降低资质等级");
			break;
		case C_REVOKE:
			a_str(r, "吊销");
			a_licence(r, licences[lic].name, no_st, no_len);
			break;
		case C_LIMIT:
			a_str(r, "限制开展生产经营活动三个月");
			break;
		case C_STOP:
			a_str(r, "责令停产停业一个月");
			break;
		case C_CLOSE:
			a_str(r, "责令关闭");
			break;
		case C_BAN:
			a_str(r, "限制从业五年");
			break;
		default:
			a_str(r, "责令限期拆除违法设施");
			break;
		}
		first = 0;
	}
	a_str(r, "。");
	a_end(r, FC_NR, st);

	if (fine) {
		st = a_begin(r);
		a_wan(r, fine);
		a_end(r, FC_FK, st);
	}
	if (income + goods) {
		st = a_begin(r);
		a_wan(r, income + goods);
		a_end(r, FC_WFFF, st);
	}

	/* 简易程序: a warning, or ≤ 200 yuan (persons) / 3000 (others) */
	if (!(cats & ~(B(C_WARN) | B(C_FINE))) &&
	    fine <= (g->s.kind == K_PERSON ? 200u : 3000u) &&
	    rng_chance(&g->rng, 0.6))
		fset(r, FC_BZ, "简易程序");
}

static void fill_cf(struct gen *g, const struct plan *p)
{
	const struct cf_tpl *t = tpl_pick(g, p->dept, g->s.kind);
	struct row *r = &g->row;
	const struct dept *d = &depts[p->dept];
	unsigned cats = pick_cats(g, t, p->fine);
	int32_t seen = p->jd - rng_range(&g->rng, 3, 60);
	int years = 1;
	size_t st;
	int y, m, dd;

	if (!(p->err == XY_V_REQUIRED && p->req->field == FC_WSH))
		set_docno(g, FC_WSH, p->dept, p->jd, "罚");
	fset(r, FC_WFXW, t->wfxw);

	st = a_begin(r);
	a_str(r, "经查，");
	xy_date_to_ymd(seen, &y, &m, &dd);
	a_uint(r, (uint64_t)y, 4);
	a_str(r, "年");
	a_uint(r, (uint64_t)m, 1);
	a_str(r, "月");
	a_uint(r, (uint64_t)dd, 1);
	a_str(r, "日，当事人");
	for (const char *f = t->fact; *f;) {
		const char *pc = strstr(f, "%A");

		if (!pc) {
			a_str(r, f);
			break;
		}
		a_mem(r, f, (size_t)(pc - f));
		a_str(r, g->s.addr);
		f = pc + 2;
	}
	a_str(r, "。");
	a_end(r, FC_SY, st);

	fset(r, FC_YJ, t->yj);
	fill_penalty(g, t, cats);

	if ((cats & (B(C_REVOKE) | B(C_BAN) | B(C_CLOSE))) ||
	    rng_chance(&g->rng, 0.1))
		years = 3;
	set_date(r, FC_JDRQ, p->jd, p->form);
	set_date(r, FC_YXQ, add_years(p->jd, years), p->form);
	if (rng_chance(&g->rng, 0.05))
		set_date(r, FC_GSJZQ, add_years(p->jd, years), p->form);
	fset(r, FC_CFJG, d->name);
	fset(r, FC_CFJGDM, g->dept_uscc[p->dept]);
	fset(r, FC_SJLY, d->name);
	fset(r, FC_SJLYDM, g->dept_uscc[p->dept]);
}

static void fill_xk(struct gen *g, const struct plan *p)
{
	const struct xk_tpl *t = tpl_pick(g, p->dept, g->s.kind);
	struct row *r = &g->row;
	const struct dept *d = &depts[p->dept];
	size_t st;

	fset(r, FX_XKWS, t->ws);
	if (!(p->err == XY_V_REQUIRED && p->req->field == FX_WSH))
		set_docno(g, FX_WSH, p->dept, p->jd, "许");
	fset(r, FX_XKLB, rng_chance(&g->rng, 0.01) ? "其他" : t->lb);
	if (t->lic != L_NONE) {
		fset(r, FX_XKZS, licences[t->lic].name);
		st = a_begin(r);
		a_licno(g, t->lic);
		a_end(r, FX_XKBH, st);
	}
	st = a_begin(r);
	a_str(r, t->nr);
	if (g->s.kind != K_PERSON) {
		a_str(r, "，地址：济南市");
		a_str(r, g->s.addr);
	}
	a_end(r, FX_NR, st);
	set_date(r, FX_JDRQ, p->jd, p->form);
	set_date(r, FX_YXQZ, p->jd, p->form);
	if ((int)rng_below(&g->rng, 100) < t->open_pct ||
	    rng_chance(&g->rng, 0.03))
		fset(r, FX_YXQZI, "2099-12-31");
	else
		set_date(r, FX_YXQZI, add_years(p->jd, 5), p->form);
	fset(r, FX_XKJG, d->name);
	fset(r, FX_XKJGDM, g->dept_uscc[p->dept]);
	fset(r, FX_ZT, rng_chance(&g->rng, 0.03) ? "2" : "1");
	fset(r, FX_LYDW, d->name);
	fset(r, FX_LYDWDM, g->dept_uscc[p->dept]);
}

/* Copies field f into the arena so that it can be changed in place. */
static char *own(struct row *r, int f)
{
	size_t st = a_begin(r);

	a_mem(r, r->v[f], r->n[f]);
	a_end(r, f, st);
	return (char *)r->v[f];
}

/* Appends filler to field f until it has more than max characters. */
static void make_long(struct row *r, int f, size_t max)
{
	size_t st = a_begin(r), chars = 0;

	a_mem(r, r->v[f], r->n[f]);
	for (size_t i = 0; i < r->n[f]; i++)
		chars += ((unsigned char)r->v[f][i] & 0xc0) != 0x80;
	a_str(r, "（");
	chars++;
	while (chars <= max) {
		a_str(r, FILLER);
		chars += 15; /* characters in FILLER */
	}
	a_str(r, "）");
	a_end(r, f, st);
}

static void set_bad_date(struct gen *g, int f, int32_t day)
{
	struct row *r = &g->row;
	const int *md = bad_md[rng_below(&g->rng, ARRAY_SIZE(bad_md))];
	size_t st = a_begin(r);
	int y, m, d;

	xy_date_to_ymd(day, &y, &m, &d);
	a_uint(r, (uint64_t)y, 4);
	a_str(r, "-");
	a_uint(r, (uint64_t)md[0], 2);
	a_str(r, "-");
	a_uint(r, (uint64_t)md[1], 2);
	a_end(r, f, st);
}

/* Inserts \xff\xfe at a character boundary in the middle of field f. */
static void make_bad_encoding(struct row *r, int f)
{
	const char *v = r->v[f];
	size_t n = r->n[f], mid = n / 2, st = a_begin(r);

	while (mid > 0 && ((unsigned char)v[mid] & 0xc0) == 0x80)
		mid--;
	a_mem(r, v, mid);
	a_mem(r, "\xff\xfe", 2);
	a_mem(r, v + mid, n - mid);
	a_end(r, f, st);
}

/* Breaks the row's ID number (the person's, or the representative's). */
static void break_ric(struct gen *g, enum xy_verr err)
{
	struct row *r = &g->row;
	int f = g->s.kind == K_PERSON ? F_ZJHM : F_FR_ZJHM;
	char *s;

	if (f == F_FR_ZJHM)
		fset(r, F_FR_ZJLX, "身份证");
	s = own(r, f);
	switch (err) {
	case XY_V_RIC_FORMAT:
		r->n[f] = 17;
		break;
	case XY_V_RIC_CHECKSUM: {
		static const char checks[] = "0123456789X";
		const char *at = strchr(checks, s[17]);
		size_t k = at ? (size_t)(at - checks) : 0;

		s[17] = checks[(k + 1 + rng_below(&g->rng, 10)) % 11];
		break;
	}
	default: /* birth month 13, check recomputed */
		s[10] = '1';
		s[11] = '3';
		ric_fix_check(s);
		break;
	}
}

static void apply_error(struct gen *g, const struct plan *p)
{
	struct row *r = &g->row;
	int xk = g->xk;
	char *s;

	switch (p->err) {
	case XY_V_OK:
		break;
	case XY_V_REQUIRED:
		r->v[p->req->field] = "";
		r->n[p->req->field] = 0;
		break;
	case XY_V_TOO_LONG:
		if (p->variant < 2)
			make_long(r, F_MC, 200);
		else
			make_long(r, xk ? FX_WSH : FC_WSH, 128);
		break;
	case XY_V_ENUM:
		if (p->variant == 0)
			fset(r, F_LB, "公司");
		else if (p->variant == 1)
			fset(r, xk ? FX_XKLB : FC_CFLB, "特许经营");
		else
			fset(r, F_FR_ZJLX, "居民身份证");
		break;
	case XY_V_DATE:
		if (p->variant < 2)
			set_bad_date(g, xk ? FX_JDRQ : FC_JDRQ, p->jd);
		else if (p->variant < 4 || !xk)
			set_bad_date(g, xk ? FX_YXQZI : FC_YXQ,
				     add_years(p->jd, 1));
		else
			set_bad_date(g, FX_YXQZ, p->jd);
		break;
	case XY_V_DATE_FUTURE:
		break; /* p->jd is already after the reported date */
	case XY_V_DATE_ORDER:
		if (xk)
			set_date(r, FX_YXQZI,
				 p->jd - rng_range(&g->rng, 1, 365), p->form);
		else if (p->variant == 0)
			set_date(r, FC_GSJZQ,
				 p->jd - rng_range(&g->rng, 1, 365), p->form);
		else
			set_date(r, FC_YXQ, p->jd - rng_range(&g->rng, 1, 365),
				 p->form);
		break;
	case XY_V_USCC_FORMAT:
		s = own(r, F_SHXYM);
		if (p->variant == 0)
			r->n[F_SHXYM] = 17;
		else
			s[8 + rng_below(&g->rng, 8)] =
			    rng_chance(&g->rng, 0.5) ? 'I' : 'O';
		break;
	case XY_V_USCC_CHECKSUM:
		s = own(r, F_SHXYM);
		s[17] =
		    uscc_alphabet[(strchr(uscc_alphabet, s[17]) -
				   uscc_alphabet + 1 + rng_below(&g->rng, 30)) %
				  31];
		break;
	case XY_V_ORGCODE_CHECKSUM: {
		static const char checks[] = "0123456789X";
		const char *at;

		s = own(r, F_SHXYM);
		at = strchr(checks, s[16]);
		s[16] = checks[((at ? at - checks : 0) + 1 +
				rng_below(&g->rng, 10)) %
			       11];
		uscc_fix_check(s);
		/* the reported organisation code follows the USCC */
		if (r->n[F_ZZJG]) {
			char *z = own(r, F_ZZJG);

			z[r->n[F_ZZJG] - 1] = s[16];
		}
		if (r->n[F_SWDJ])
			own(r, F_SWDJ)[14] = s[16];
		break;
	}
	case XY_V_RIC_FORMAT:
	case XY_V_RIC_CHECKSUM:
	case XY_V_RIC_BIRTHDATE:
		break_ric(g, p->err);
		break;
	case XY_V_AMOUNT:
		fset(r, FC_FK, bad_amounts[p->variant]);
		break;
	case XY_V_CATEGORY_CODE_MISMATCH:
		s = own(r, F_SHXYM);
		s[1] = '1';
		uscc_fix_check(s);
		break;
	case XY_V_ENCODING:
		make_bad_encoding(r, xk ? FX_NR : FC_SY);
		break;
	default:
		break;
	}
}

static void gen_row(struct gen *g, struct plan *p)
{
	struct row *r = &g->row;
	uint64_t i;

	plan_error(g, p);
	i = subject_pick(g, p->need);
	subject_make(g, i, &g->s);
	p->dept = dept_pick(g, g->s.kind);

	if (p->err == XY_V_DATE_FUTURE)
		p->jd = g->reported + rng_range(&g->rng, 1, 30);
	else if (p->late)
		p->jd = g->reported - rng_range(&g->rng, 16, 200);
	else
		p->jd = g->reported - rng_range(&g->rng, 0, 15);
	p->form =
	    rng_chance(&g->rng, 0.96) ? 0 : 1 + (int)rng_below(&g->rng, 4);

	row_reset(r, g->nf);
	fill_subject(g);
	if (g->xk)
		fill_xk(g, p);
	else
		fill_cf(g, p);
	apply_error(g, p);
	row_write(&g->out, r, g->nf);
}

/* ------------------------------------------------------------------ */
/* Set-up and the main loop.                                           */

static int rate_ok(double r)
{
	return r >= 0.0 && r <= 1.0; /* false for NaN */
}

static int check_opts(const struct xy_gen_opts *o, int *xk)
{
	const char *div = o->division ? o->division : "370104";

	if (!o->catalog ||
	    (strcmp(o->catalog, "xzcf") && strcmp(o->catalog, "xzxk")))
		return xy_error_set(XY_EINVALID,
				    "unknown catalog '%s' (xzxk or xzcf)",
				    o->catalog ? o->catalog : "");
	*xk = !strcmp(o->catalog, "xzxk");
	if (!rate_ok(o->invalid_rate))
		return xy_error_set(XY_EINVALID,
				    "invalid rate %g is not between 0 and 1",
				    o->invalid_rate);
	if (!rate_ok(o->late_rate))
		return xy_error_set(XY_EINVALID,
				    "late rate %g is not between 0 and 1",
				    o->late_rate);
	if (!rate_ok(o->gap_rate) || o->gap_rate >= 1.0)
		return xy_error_set(XY_EINVALID, "gap rate %g is not in [0, 1)",
				    o->gap_rate);
	if (strlen(div) != 6 || strspn(div, "0123456789") != 6)
		return xy_error_set(XY_EINVALID,
				    "division code '%s' is not 6 digits", div);
	return 0;
}

static void gen_init(struct gen *g, const struct xy_gen_opts *o)
{
	uint64_t k = o->seed ^ 0x78696e796f6e67ULL; /* "xinyong" */
	uint64_t ma = 887503681;		    /* 31^6 */
	int32_t hi;
	int y, m, d;

	g->o = o;
	g->nf = g->xk ? FX__COUNT : FC__COUNT;
	memcpy(g->div, o->division ? o->division : "370104", 7);
	rng_seed(&g->rng, o->seed);
	g->pool = o->rows / 3 > 10 ? o->rows / 3 : 10;
	g->reported = o->reported_date;
	xy_date_to_ymd(o->reported_date, &y, &m, &d);
	g->ryear = y;

	/* born 1950-2003, and at least 18 at any decision of the file */
	g->birth_lo = xy_date_from_ymd(1950, 1, 1);
	hi = xy_date_from_ymd(2003, 12, 31);
	if (hi > o->reported_date - 19 * 366)
		hi = o->reported_date - 19 * 366;
	if (hi - g->birth_lo < 3650)
		g->birth_lo = hi - 20000;
	g->birth_days = (uint32_t)(hi - g->birth_lo + 1);

	g->key_subject = splitmix64(&k);
	g->key_person = splitmix64(&k);
	perm_init(&g->p_ma, ma, splitmix64(&k));
	perm_init(&g->p_md, ma, splitmix64(&k));
	perm_init(&g->p_mj, ma, splitmix64(&k));
	perm_init(&g->p_mb, ma, splitmix64(&k));
	perm_init(&g->p_num, 10000000, splitmix64(&k));
	perm_init(&g->p_gszc, 10000000, splitmix64(&k));
	perm_init(&g->p_person, (uint64_t)g->birth_days * 999, splitmix64(&k));
	perm_init(&g->p_ent_name,
		  ARRAY_SIZE(regions) * ARRAY_SIZE(zihao) * ARRAY_SIZE(zihao) *
		      ARRAY_SIZE(industries),
		  splitmix64(&k));
	perm_init(&g->p_shop_name,
		  2 * ARRAY_SIZE(zihao) * ARRAY_SIZE(zihao) * ARRAY_SIZE(shops),
		  splitmix64(&k));
	perm_init(&g->p_np_name, ARRAY_SIZE(zihao) * ARRAY_SIZE(zihao),
		  splitmix64(&k));

	for (size_t i = 0; i < NDEPTS; i++)
		uscc_build(g->dept_uscc[i], "11", g->div, depts[i].body);

	/* templates of each department for each subject kind */
	size_t ntpls = g->xk ? ARRAY_SIZE(xk_tpls) : ARRAY_SIZE(cf_tpls);

	for (size_t t = 0; t < ntpls; t++) {
		enum dtype type = g->xk ? xk_tpls[t].type : cf_tpls[t].type;
		unsigned kinds = g->xk ? xk_tpls[t].kinds : cf_tpls[t].kinds;

		for (size_t di = 0; di < NDEPTS; di++) {
			if (depts[di].type != type)
				continue;
			for (int kk = 0; kk < K__COUNT; kk++) {
				if (!(kinds & (1u << kk)))
					continue;
				assert(g->ntpl[di][kk] < MAX_TPL);
				g->tpl[di][kk][g->ntpl[di][kk]++] =
				    (unsigned short)t;
			}
		}
	}
	for (int kk = 0; kk < K__COUNT; kk++) {
		unsigned sum = 0;

		for (size_t di = 0; di < NDEPTS; di++) {
			if (g->ntpl[di][kk])
				sum += (unsigned)(g->xk ? depts[di].w_xk
							: depts[di].w_cf);
			g->dcum[kk][di] = sum;
		}
		assert(sum > 0);
		g->dtotal[kk] = sum;
	}
}

int xy_gen_write(FILE *out, const struct xy_gen_opts *opts)
{
	struct gen *g = NULL;
	const char *const *header;
	uint64_t nbad, nlate, valid_left;
	size_t ncycle = ARRAY_SIZE(err_cycle);
	int xk = 0, err;

	assert(out && opts);
	err = check_opts(opts, &xk);
	if (err < 0)
		goto done;

	g = xy_xcalloc(1, sizeof(*g));
	g->xk = xk;
	g->out.f = out;
	gen_init(g, opts);

	header = xk ? xk_header : cf_header;
	for (int i = 0; i < g->nf; i++) {
		if (i)
			out_ch(&g->out, ',');
		out_mem(&g->out, header[i], strlen(header[i]));
	}
	out_ch(&g->out, '\n');

	/*
	 * Exactly round(rows * rate) bad rows, spread at random: each row is
	 * bad with probability (bad left) / (rows left). The same for late
	 * rows among the valid ones.
	 */
	nbad = (uint64_t)((double)opts->rows * opts->invalid_rate + 0.5);
	if (nbad > opts->rows)
		nbad = opts->rows;
	valid_left = opts->rows - nbad;
	nlate = (uint64_t)((double)valid_left * opts->late_rate + 0.5);
	if (nlate > valid_left)
		nlate = valid_left;

	for (uint64_t left = opts->rows; left > 0 && !g->out.err; left--) {
		struct plan p = {XY_V_OK, 0, NULL, N_ANY, 0, 0, 0, 0, 0};

		if (nbad && rng_unit(&g->rng) * (double)left < (double)nbad) {
			nbad--;
			do {
				p.err = err_cycle[g->nbad_done++ % ncycle];
			} while (xk && p.err == XY_V_AMOUNT);
			/* keep the encoding sniff window valid UTF-8 */
			if (p.err == XY_V_ENCODING &&
			    g->out.total < SNIFF_BYTES)
				p.err = XY_V_REQUIRED;
		} else {
			if (nlate && rng_unit(&g->rng) * (double)valid_left <
					 (double)nlate) {
				p.late = 1;
				nlate--;
			}
			valid_left--;
		}
		gen_row(g, &p);
	}
	out_flush(&g->out);
	if (!g->out.err && fflush(out) != 0)
		g->out.err = errno ? errno : EIO;
	if (g->out.err) {
		err =
		    xy_error_set(XY_EIO, "cannot write the generated file: %s",
				 strerror(g->out.err));
		goto done;
	}
	err = 0;
done:
	free(g);
	return err;
}
