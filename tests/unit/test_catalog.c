/*
 * test_catalog.c - catalog items as data (core/catalog.h): the real
 * catalog of the source tree (XY_SOURCE_DIR, set by ctest), header
 * matching, the messages for broken definitions, deadlines.
 *
 * Small items are written inline: the smallest item the parser accepts
 * (five fields and the five required roles) plus what a case adds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "core/date.h"
#include "service/platform.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/banned.h"

static int32_t day(int y, int m, int d)
{
	return xy_date_from_ymd(y, m, d);
}

static void load(struct xy_catalog *cat)
{
	const char *root = getenv("XY_SOURCE_DIR");
	struct xy_buf dir = XY_BUF_INIT;

	xy_buf_addf(&dir, "%s/catalog", root ? root : ".");
	xy_catalog_init(cat);
	if (xy_catalog_load_dir(cat, dir.ptr) < 0)
		fail_msg("cannot load '%s': %s (is XY_SOURCE_DIR set?)",
			 dir.ptr, xy_error_msg());
	xy_buf_dispose(&dir);
}

static const struct xy_item *item(const struct xy_catalog *cat,
				  const char *code)
{
	const struct xy_item *it = xy_catalog_item(cat, code);

	if (!it)
		fail_msg("no item '%s'", code);
	return it;
}

static int field(const struct xy_item *it, const char *code)
{
	int f = xy_item_field(it, code);

	if (f < 0)
		fail_msg("no field '%s' in '%s'", code, it->code);
	return f;
}

/*
 * The JSON of a small item "t": name, deadline (a JSON object), extra
 * text inside the item object (after "roles") and extra fields.
 */
static void mini(struct xy_buf *b, const char *name, const char *deadline,
		 const char *extra, const char *fields)
{
	xy_buf_reset(b);
	xy_buf_addf(b,
		    "{\"code\":\"t\",\"name\":\"%s\",\"deadline\":%s,"
		    "\"roles\":{\"dept\":\"T_DM\",\"doc_no\":\"T_WSH\","
		    "\"decision_date\":\"T_JDRQ\",\"subject_name\":\"T_MC\","
		    "\"subject_kind\":\"T_LB\"}%s,"
		    "\"fields\":["
		    "{\"code\":\"T_MC\",\"name\":\"名称\",\"type\":\"text\","
		    "\"max\":200},"
		    "{\"code\":\"T_LB\",\"name\":\"类别\",\"type\":\"enum\","
		    "\"values\":[\"法人\"]},"
		    "{\"code\":\"T_WSH\",\"name\":\"文号\",\"type\":\"text\"},"
		    "{\"code\":\"T_JDRQ\",\"name\":\"决定日期\","
		    "\"type\":\"date\"},"
		    "{\"code\":\"T_DM\",\"name\":\"代码\",\"type\":\"uscc\"}"
		    "%s]}",
		    name, deadline, extra, fields);
}

#define NATURAL "{\"days\":15,\"calendar\":\"natural\"}"

static int add(struct xy_catalog *cat, const struct xy_buf *b)
{
	return xy_catalog_add_item(cat, b->ptr, b->len);
}

/* Adding b fails with XY_EINVALID and exactly msg; cat is unchanged. */
static void add_fails(struct xy_catalog *cat, const struct xy_buf *b,
		      const char *msg)
{
	size_t n = cat->nitems;

	xy_error_clear();
	assert_int_equal(add(cat, b), XY_EINVALID);
	assert_int_equal(xy_error_code(), XY_EINVALID);
	assert_string_equal(xy_error_msg(), msg);
	assert_int_equal(cat->nitems, n);
}

/* ---- the real catalog ---- */

static void test_catalog__load_items(void **state)
{
	struct xy_catalog cat;
	const struct xy_item *cf, *xk;

	(void)state;
	load(&cat);
	assert_int_equal(cat.nitems, 2);
	/* files in name order */
	assert_string_equal(cat.items[0].code, "xzcf");
	assert_string_equal(cat.items[1].code, "xzxk");
	cf = item(&cat, "xzcf");
	xk = item(&cat, "xzxk");
	assert_ptr_equal(cf, &cat.items[0]);
	assert_null(xy_catalog_item(&cat, "XZCF"));
	assert_null(xy_catalog_item(&cat, "xzqz"));

	assert_string_equal(cf->name, "行政处罚");
	assert_string_equal(cf->version, "2021.1");
	assert_int_equal(cf->nfields, 30);
	assert_string_equal(xk->name, "行政许可");
	assert_string_equal(xk->version, "2021.1");
	assert_int_equal(xk->nfields, 28);
	assert_non_null(cf->json);
	assert_non_null(strstr(cf->json, "\"CF_NR_ZKDX\""));

	/* the national layout's order */
	assert_string_equal(cf->fields[0].code, "CF_XDR_MC");
	assert_string_equal(cf->fields[13].code, "CF_WSH");
	assert_string_equal(cf->fields[29].code, "BZ");
	assert_string_equal(xk->fields[0].code, "XK_XDR_MC");
	assert_string_equal(xk->fields[27].code, "BZ");

	/* platform.json */
	assert_int_equal(cat.nseparators, 5);
	assert_string_equal(cat.separators[0], ";");
	assert_string_equal(cat.separators[1], "；");
	assert_string_equal(cat.separators[2], ",");
	assert_string_equal(cat.separators[3], "，");
	assert_string_equal(cat.separators[4], "、");
	assert_int_equal(cat.strict, 0);
	assert_int_equal(cat.uscc_extra, 0);

	/* holidays/2019.json .. 2026.json */
	assert_int_equal(cat.calendar.first, day(2019, 1, 1));
	assert_int_equal(cat.calendar.last, day(2026, 12, 31));
	assert_false(xy_calendar_is_working(&cat.calendar, day(2026, 10, 1)));
	assert_true(xy_calendar_is_working(&cat.calendar, day(2026, 10, 10)));
	xy_catalog_dispose(&cat);
	assert_int_equal(cat.nitems, 0);
	assert_null(cat.items);
}

static void test_catalog__roles(void **state)
{
	struct xy_catalog cat;
	const struct xy_item *cf, *xk;

	(void)state;
	load(&cat);
	cf = item(&cat, "xzcf");
	xk = item(&cat, "xzxk");

	assert_int_equal(cf->roles.dept, field(cf, "CF_SJLYDM"));
	assert_int_equal(cf->roles.dept_name, field(cf, "CF_SJLY"));
	assert_int_equal(cf->roles.doc_no, field(cf, "CF_WSH"));
	assert_int_equal(cf->roles.decision_date, field(cf, "CF_JDRQ"));
	assert_int_equal(cf->roles.subject_name, 0);
	assert_int_equal(cf->roles.subject_kind, 1);
	assert_int_equal(cf->roles.subject_uscc, 2);
	assert_int_equal(cf->roles.subject_regno, 3);
	assert_int_equal(cf->roles.subject_id_type, field(cf, "CF_XDR_ZJLX"));
	assert_int_equal(cf->roles.subject_id_number, field(cf, "CF_XDR_ZJHM"));
	assert_int_equal(cf->roles.status, -1);
	assert_int_equal(cf->nrevoked, 0);

	assert_int_equal(xk->roles.dept, field(xk, "XK_LYDWDM"));
	assert_int_equal(xk->roles.dept_name, field(xk, "XK_LYDW"));
	assert_int_equal(xk->roles.doc_no, field(xk, "XK_WSH"));
	assert_int_equal(xk->roles.decision_date, field(xk, "XK_JDRQ"));
	assert_int_equal(xk->roles.subject_kind, field(xk, "XK_XDR_LB"));
	assert_int_equal(xk->roles.subject_id_number, field(xk, "XK_XDR_ZJHM"));
	assert_int_equal(xk->roles.status, field(xk, "XK_ZT"));
	assert_int_equal(xk->nrevoked, 1);
	assert_string_equal(xk->revoked[0], "无效");

	/* subject kinds */
	assert_int_equal(cf->nkinds, 3);
	assert_int_equal(xy_item_subject_kind(cf, "法人及非法人组织"),
			 XY_SUBJECT_ORG);
	assert_int_equal(xy_item_subject_kind(cf, "个体工商户"),
			 XY_SUBJECT_INDIVIDUAL);
	assert_int_equal(xy_item_subject_kind(xk, "自然人"), XY_SUBJECT_PERSON);
	assert_int_equal(xy_item_subject_kind(cf, "公司"), 0);
	assert_int_equal(xy_item_subject_kind(cf, ""), 0);

	/* summaries */
	assert_int_equal(cf->ndisplay, 4);
	assert_int_equal(cf->display[0], field(cf, "CF_WFXW"));
	assert_int_equal(cf->display[1], field(cf, "CF_CFLB"));
	assert_int_equal(cf->display[2], field(cf, "CF_NR_FK"));
	assert_int_equal(cf->display[3], field(cf, "CF_NR"));
	assert_int_equal(xk->ndisplay, 4);
	assert_int_equal(xk->display[3], field(xk, "XK_YXQZI"));
	xy_catalog_dispose(&cat);
}

static void test_catalog__fields(void **state)
{
	struct xy_catalog cat;
	const struct xy_item *cf;
	const struct xy_field *f;

	(void)state;
	load(&cat);
	cf = item(&cat, "xzcf");

	f = &cf->fields[field(cf, "CF_XDR_MC")];
	assert_int_equal(f->type, XY_F_TEXT);
	assert_int_equal(f->max, 200);
	assert_int_equal(f->required, 1);
	assert_int_equal(f->required_when.op, XY_COND_NONE);
	assert_int_equal(f->naliases, 3);
	assert_string_equal(f->aliases[1], "当事人名称");
	assert_int_equal(f->not_before, -1);
	assert_int_equal(f->personal, 0);

	f = &cf->fields[field(cf, "CF_XDR_LB")];
	assert_int_equal(f->type, XY_F_ENUM);
	assert_int_equal(f->nvalues, 3);
	assert_string_equal(f->values[2].name, "个体工商户");
	assert_null(f->values[2].code);

	f = &cf->fields[field(cf, "CF_CFLB")];
	assert_int_equal(f->type, XY_F_ENUM_LIST);
	assert_int_equal(f->nvalues, 14);
	assert_string_equal(f->values[2].name, "罚款");
	assert_string_equal(f->values[2].code, "02");
	assert_string_equal(f->values[13].name, "其他");
	assert_string_equal(f->values[13].code, "07");

	f = &cf->fields[field(cf, "CF_NR_FK")];
	assert_int_equal(f->type, XY_F_DECIMAL);
	assert_int_equal(f->scale, 6);
	assert_int_equal(f->required, 0);
	assert_int_equal(f->required_when.op, XY_COND_INCLUDES);
	assert_int_equal(f->required_when.field, field(cf, "CF_CFLB"));
	assert_int_equal(f->required_when.nvalues, 1);
	assert_string_equal(f->required_when.values[0], "罚款");

	f = &cf->fields[field(cf, "CF_NR_WFFF")];
	assert_int_equal(f->required_when.nvalues, 2);
	assert_string_equal(f->required_when.values[1], "没收非法财物");

	f = &cf->fields[field(cf, "CF_FR_ZJHM")];
	assert_int_equal(f->type, XY_F_IDNO);
	assert_int_equal(f->personal, 1);
	assert_int_equal(f->max, 64);
	assert_int_equal(f->ric_when.op, XY_COND_ANY);
	assert_int_equal(f->ric_when.field, -1);
	assert_int_equal(f->ric_when.nsubs, 2);
	assert_int_equal(f->ric_when.subs[0].op, XY_COND_IN);
	assert_int_equal(f->ric_when.subs[0].field, field(cf, "CF_FR_ZJLX"));
	assert_string_equal(f->ric_when.subs[0].values[0], "身份证");
	assert_int_equal(f->ric_when.subs[1].op, XY_COND_ABSENT);
	assert_int_equal(f->required_when.op, XY_COND_IN);
	assert_int_equal(f->required_when.field, field(cf, "CF_XDR_LB"));

	f = &cf->fields[field(cf, "CF_XDR_ZJHM")];
	assert_int_equal(f->personal, 1);
	assert_int_equal(f->ric_when.op, XY_COND_IN);

	f = &cf->fields[field(cf, "CF_XDR_SHXYM")];
	assert_int_equal(f->type, XY_F_USCC);
	assert_int_equal(f->placeholder_when.op, XY_COND_ALL);
	assert_int_equal(f->placeholder_when.nsubs, 2);
	assert_int_equal(f->placeholder_when.subs[1].op, XY_COND_PRESENT);
	assert_int_equal(f->placeholder_when.subs[1].field,
			 field(cf, "CF_XDR_GSZC"));
	assert_int_equal(f->nprefix_rules, 2);
	assert_string_equal(f->prefix_rules[0].prefix, "92");
	assert_int_equal(f->prefix_rules[0].negate, 0);
	assert_string_equal(f->prefix_rules[0].when.values[0], "个体工商户");
	assert_string_equal(f->prefix_rules[1].prefix, "92");
	assert_int_equal(f->prefix_rules[1].negate, 1);
	assert_string_equal(f->prefix_rules[1].when.values[0],
			    "法人及非法人组织");
	assert_int_equal(f->required_when.nvalues, 2);

	f = &cf->fields[field(cf, "CF_JDRQ")];
	assert_int_equal(f->type, XY_F_DATE);
	assert_int_equal(f->not_after_reported, 1);
	assert_int_equal(f->not_before, -1);
	f = &cf->fields[field(cf, "CF_YXQ")];
	assert_int_equal(f->not_after_reported, 0);
	assert_int_equal(f->not_before, field(cf, "CF_JDRQ"));
	f = &cf->fields[field(cf, "CF_GSJZQ")];
	assert_int_equal(f->required, 0);
	assert_int_equal(f->not_before, field(cf, "CF_JDRQ"));

	f = &cf->fields[field(cf, "BZ")];
	assert_int_equal(f->max, 512);
	assert_int_equal(f->required, 0);

	/* xy_item_field is exact */
	assert_int_equal(xy_item_field(cf, "CF_XDR_MC"), 0);
	assert_int_equal(xy_item_field(cf, "cf_xdr_mc"), -1);
	assert_int_equal(xy_item_field(cf, "行政相对人名称"), -1);
	assert_int_equal(xy_item_field(cf, "XK_XDR_MC"), -1);
	xy_catalog_dispose(&cat);
}

static void test_catalog__deadline_natural(void **state)
{
	struct xy_catalog cat;
	const struct xy_item *cf, *xk;

	(void)state;
	load(&cat);
	cf = item(&cat, "xzcf");
	xk = item(&cat, "xzxk");
	assert_int_equal(cf->deadline_days, 15);
	assert_int_equal(cf->deadline_working, 0);
	assert_int_equal(xk->deadline_days, 15);
	assert_int_equal(xk->deadline_working, 0);
	assert_int_equal(xy_item_deadline(&cat, cf, day(2026, 3, 10)),
			 day(2026, 3, 25));
	/* natural days: holidays do not count */
	assert_int_equal(xy_item_deadline(&cat, cf, day(2026, 9, 30)),
			 day(2026, 10, 15));
	assert_int_equal(xy_item_deadline(&cat, xk, day(2024, 2, 20)),
			 day(2024, 3, 6));
	for (int32_t d = day(2026, 1, 1); d < day(2027, 1, 1); d += 17)
		assert_int_equal(xy_item_deadline(&cat, cf, d), d + 15);
	xy_catalog_dispose(&cat);
}

/* ---- header matching ---- */

static int header(const struct xy_item *it, const char *h)
{
	return xy_item_field_by_header(it, h, strlen(h));
}

static void test_catalog__header_match(void **state)
{
	struct xy_catalog cat;
	const struct xy_item *cf, *xk;

	(void)state;
	load(&cat);
	cf = item(&cat, "xzcf");
	xk = item(&cat, "xzxk");

	/* the code, in any case */
	assert_int_equal(header(cf, "CF_XDR_MC"), 0);
	assert_int_equal(header(cf, "cf_xdr_mc"), 0);
	assert_int_equal(header(cf, "Cf_Xdr_Mc"), 0);
	assert_int_equal(header(cf, "cf_wsh"), 13);
	assert_int_equal(header(cf, "bz"), 29);
	/* the Chinese name */
	assert_int_equal(header(cf, "行政相对人名称"), 0);
	assert_int_equal(header(cf, "统一社会信用代码"), 2);
	assert_int_equal(header(cf, "处罚机关统一社会信用代码"),
			 field(cf, "CF_CFJGDM"));
	assert_int_equal(header(cf, "证件类型"), field(cf, "CF_XDR_ZJLX"));
	assert_int_equal(header(cf, "法定代表人证件类型"),
			 field(cf, "CF_FR_ZJLX"));
	assert_int_equal(header(cf, "罚款金额（万元）"), field(cf, "CF_NR_FK"));
	/* an alias */
	assert_int_equal(header(cf, "当事人名称"), 0);
	assert_int_equal(header(cf, "行政相对人代码_1(统一社会信用代码)"), 2);
	assert_int_equal(header(cf, "决定日期"), field(cf, "CF_JDRQ"));
	assert_int_equal(header(cf, "罚款金额"), field(cf, "CF_NR_FK"));
	assert_int_equal(header(cf, "罚款金额(万元)"), field(cf, "CF_NR_FK"));
	assert_int_equal(header(cf, "没收金额"), field(cf, "CF_NR_WFFF"));
	assert_int_equal(header(xk, "决定日期"), field(xk, "XK_JDRQ"));
	assert_int_equal(header(xk, "当前状态"), field(xk, "XK_ZT"));
	/* full-width forms and white space */
	assert_int_equal(header(cf, "ＣＦ＿ＸＤＲ＿ＭＣ"), 0);
	assert_int_equal(header(cf, "ｃｆ＿ｗｓｈ"), 13);
	assert_int_equal(header(cf, "行政相对人代码＿１（统一社会信用代码）"),
			 2);
	assert_int_equal(header(cf, " CF_WSH\t"), 13);
	assert_int_equal(header(cf, "\xe3\x80\x80行政相对人名称\xe3\x80\x80"),
			 0);
	/* only the given bytes count */
	assert_int_equal(xy_item_field_by_header(cf, "CF_WSHXX", 6), 13);
	/* unknown */
	assert_int_equal(header(cf, "不存在"), -1);
	assert_int_equal(header(cf, ""), -1);
	assert_int_equal(header(cf, "   "), -1);
	assert_int_equal(header(cf, "CF_XDR"), -1);
	assert_int_equal(header(cf, "CF_XDR_MC_"), -1);
	assert_int_equal(header(cf, "XK_XDR_MC"), -1);
	assert_int_equal(header(cf, "行政相对人 名称"), -1);
	assert_int_equal(header(cf, "\xff\xfe"), -1);
	xy_catalog_dispose(&cat);
}

static void test_catalog__header_fullwidth_name(void **state)
{
	struct xy_catalog cat;
	struct xy_buf b = XY_BUF_INIT;
	const struct xy_item *it;
	int f;

	(void)state;
	/* a name with full-width forms and no alias for the narrow one */
	xy_catalog_init(&cat);
	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_JE\",\"name\":\"金额（元）\",\"type\":\"decimal\","
	     "\"aliases\":[\"ＪＥ　ＹＵＡＮ\"]}");
	assert_int_equal(add(&cat, &b), 0);
	it = item(&cat, "t");
	f = field(it, "T_JE");
	assert_int_equal(header(it, "金额（元）"), f);
	assert_int_equal(header(it, "金额(元)"), f);
	assert_int_equal(header(it, " 金额（元） "), f);
	assert_int_equal(header(it, "ＪＥ　ＹＵＡＮ"), f);
	assert_int_equal(header(it, "JE YUAN"), f);
	assert_int_equal(header(it, "金额"), -1);
	/* the stored name is not changed */
	assert_string_equal(it->fields[f].name, "金额（元）");
	xy_buf_dispose(&b);
	xy_catalog_dispose(&cat);
}

/* ---- broken definitions ---- */

static void test_catalog__broken_items(void **state)
{
	struct xy_catalog cat;
	struct xy_buf b = XY_BUF_INIT;

	(void)state;
	load(&cat);

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_FK\",\"name\":\"金额\",\"type\":\"money\"}");
	add_fails(&cat, &b, "t: field 'T_FK': unknown type 'money'");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_FK\",\"name\":\"金额\",\"type\":\"decimal\","
	     "\"required_when\":{\"field\":\"T_NOPE\",\"in\":[\"x\"]}}");
	add_fails(&cat, &b, "t: field 'T_FK' refers to unknown field 'T_NOPE'");

	/* deep inside all/any too */
	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_FK\",\"name\":\"金额\",\"type\":\"decimal\","
	     "\"required_when\":{\"all\":[{\"field\":\"T_LB\",\"in\":[\"法人"
	     "\"]},{\"any\":[{\"field\":\"T_X\",\"present\":true}]}]}}");
	add_fails(&cat, &b, "t: field 'T_FK' refers to unknown field 'T_X'");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_YXQ\",\"name\":\"有效期\",\"type\":\"date\","
	     "\"not_before\":\"T_RQ\"}");
	add_fails(&cat, &b, "t: field 'T_YXQ' refers to unknown field 'T_RQ'");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_FK\",\"name\":\"金额\",\"type\":\"decimal\","
	     "\"required_when\":{\"field\":\"T_LB\"}}");
	add_fails(&cat, &b,
		  "t: field 'T_FK': condition needs in, includes, present or "
		  "absent");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_ZT\",\"name\":\"状态\",\"type\":\"enum\"}");
	add_fails(&cat, &b, "t: field 'T_ZT': an enum needs values");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_LBS\",\"name\":\"类别\",\"type\":\"enum_list\","
	     "\"values\":[]}");
	add_fails(&cat, &b, "t: field 'T_LBS': an enum needs values");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_ZT\",\"name\":\"状态\",\"type\":\"enum\","
	     "\"values\":[{\"code\":\"1\"}]}");
	add_fails(&cat, &b, "t: field 'T_ZT': value 1 has no name");

	mini(&b, "测试", NATURAL, "", ",{\"code\":\"T_ZT\",\"name\":\"状态\"}");
	add_fails(&cat, &b, "t: a field lacks code, name or type");

	mini(&b, "测试", NATURAL, "",
	     ",{\"code\":\"T_DM2\",\"name\":\"代码2\",\"type\":\"uscc\","
	     "\"prefix_rules\":[{\"when\":{\"field\":\"T_LB\",\"in\":[\"法人"
	     "\"]}}]}");
	add_fails(&cat, &b,
		  "t: field 'T_DM2': a prefix rule needs prefix or not_prefix");

	mini(&b, "测试", "{\"days\":7,\"calendar\":\"lunar\"}", "", "");
	add_fails(&cat, &b,
		  "t: deadline.calendar must be natural or working, not "
		  "'lunar'");

	mini(&b, "测试", "{\"days\":0,\"calendar\":\"natural\"}", "", "");
	add_fails(&cat, &b, "t: deadline.days must be positive");
	mini(&b, "测试", "null", "", "");
	add_fails(&cat, &b, "t: deadline.days must be positive");

	mini(&b, "测试", NATURAL, ",\"subject_kinds\":{\"法人\":\"alien\"}",
	     "");
	add_fails(&cat, &b, "t: unknown subject kind 'alien'");

	mini(&b, "测试", NATURAL, ",\"display\":[\"T_MC\",\"T_NR\"]", "");
	add_fails(&cat, &b, "t: display refers to unknown field 'T_NR'");

	/* roles: a required one missing, one naming no field */
	xy_buf_reset(&b);
	xy_buf_adds(&b,
		    "{\"code\":\"t\",\"name\":\"测试\",\"deadline\":" NATURAL
		    ",\"roles\":{},\"fields\":[{\"code\":\"A\","
		    "\"name\":\"甲\",\"type\":\"text\"}]}");
	add_fails(&cat, &b, "t: role 'dept' refers to unknown field ''");
	xy_buf_reset(&b);
	xy_buf_adds(&b,
		    "{\"code\":\"t\",\"name\":\"测试\",\"deadline\":" NATURAL
		    ",\"roles\":{\"dept\":\"B\"},\"fields\":[{"
		    "\"code\":\"A\",\"name\":\"甲\",\"type\":\"text\"}]}");
	add_fails(&cat, &b, "t: role 'dept' refers to unknown field 'B'");

	xy_buf_reset(&b);
	xy_buf_adds(&b, "{\"code\":\"t\",\"name\":\"测试\",\"fields\":[]}");
	add_fails(&cat, &b, "t: no fields");
	xy_buf_reset(&b);
	xy_buf_adds(&b, "{\"name\":\"测试\"}");
	add_fails(&cat, &b, "catalog item without code or name");

	/* not JSON, or not an object */
	xy_buf_reset(&b);
	xy_buf_adds(&b, "{\"code\": \"t\",");
	assert_int_equal(add(&cat, &b), XY_EINVALID);
	assert_memory_equal(xy_error_msg(), "catalog item: ", 14);
	assert_non_null(strstr(xy_error_msg(), "(line 1)"));
	xy_buf_reset(&b);
	xy_buf_adds(&b, "[1, 2]");
	add_fails(&cat, &b, "catalog item: not an object");
	/* empty: jansson's words, our prefix and its line */
	xy_buf_reset(&b);
	assert_int_equal(add(&cat, &b), XY_EINVALID);
	assert_memory_equal(xy_error_msg(), "catalog item: ", 14);
	assert_non_null(strstr(xy_error_msg(), "expected"));
	assert_null(strstr(xy_error_msg(), "line -1"));

	/* the real items are still there and whole */
	assert_int_equal(cat.nitems, 2);
	assert_int_equal(item(&cat, "xzcf")->nfields, 30);
	assert_null(xy_catalog_item(&cat, "t"));
	xy_buf_dispose(&b);
	xy_catalog_dispose(&cat);
}

static void test_catalog__broken_platform(void **state)
{
	struct xy_catalog cat;
	const char *ok = "{\"list_separators\":[\"/\"],\"strict\":true,"
			 "\"uscc_extra_authorities\":true}";

	(void)state;
	xy_catalog_init(&cat);
	assert_int_equal(xy_catalog_set_platform(&cat, ok, strlen(ok)), 0);
	assert_int_equal(cat.nseparators, 1);
	assert_string_equal(cat.separators[0], "/");
	assert_int_equal(cat.strict, 1);
	assert_int_equal(cat.uscc_extra, 1);

	assert_int_equal(xy_catalog_set_platform(&cat, "[]", 2), XY_EINVALID);
	assert_string_equal(xy_error_msg(), "platform.json: not an object");
	assert_int_equal(xy_catalog_set_platform(&cat, "{", 1), XY_EINVALID);
	assert_memory_equal(xy_error_msg(), "platform.json: ", 15);
	/* a failure changes nothing */
	assert_int_equal(cat.nseparators, 1);
	assert_int_equal(cat.strict, 1);

	assert_int_equal(xy_catalog_set_platform(&cat, "{}", 2), 0);
	assert_int_equal(cat.nseparators, 0);
	assert_int_equal(cat.strict, 0);
	xy_catalog_dispose(&cat);
}

/* ---- working-day deadlines ---- */

static void test_catalog__deadline_working(void **state)
{
	struct xy_catalog cat;
	struct xy_buf b = XY_BUF_INIT;
	const struct xy_item *it;

	(void)state;
	load(&cat);
	mini(&b, "测试", "{\"days\":7,\"calendar\":\"working\"}", "", "");
	assert_int_equal(add(&cat, &b), 0);
	it = item(&cat, "t");
	assert_int_equal(it->deadline_days, 7);
	assert_int_equal(it->deadline_working, 1);

	/*
	 * 2026: 中秋 9-25 (Fri) off, 国庆 10-1..10-7 off, 9-20 (Sun) and
	 * 10-10 (Sat) working days.
	 */
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 9, 30)),
			 day(2026, 10, 15));
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 10, 1)),
			 day(2026, 10, 15));
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 9, 24)),
			 day(2026, 10, 12));
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 9, 18)),
			 day(2026, 9, 29));
	/* an ordinary week: Tue + 7 working days = Thu of the next week */
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 6, 2)),
			 day(2026, 6, 11));
	/* 春节 2026: 2-15..2-23 off, 2-14 (Sat) and 2-28 (Sat) working */
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 2, 13)),
			 day(2026, 3, 2));

	/* without "calendar" the days are natural */
	mini(&b, "测试", "{\"days\":7}", "", "");
	assert_int_equal(add(&cat, &b), 0);
	it = item(&cat, "t");
	assert_int_equal(it->deadline_working, 0);
	assert_int_equal(xy_item_deadline(&cat, it, day(2026, 9, 30)),
			 day(2026, 10, 7));
	xy_buf_dispose(&b);
	xy_catalog_dispose(&cat);
}

/* ---- replacing ---- */

static void test_catalog__add_replaces(void **state)
{
	struct xy_catalog cat;
	struct xy_buf b = XY_BUF_INIT;
	const struct xy_item *it;

	(void)state;
	load(&cat);
	mini(&b, "测试", NATURAL, "", "");
	assert_int_equal(add(&cat, &b), 0);
	assert_int_equal(cat.nitems, 3);
	it = item(&cat, "t");
	assert_string_equal(it->name, "测试");
	assert_string_equal(it->version, "1"); /* the default */
	assert_int_equal(it->nfields, 5);

	/* same code: replaced in place, nothing added */
	mini(&b, "测试二", "{\"days\":3,\"calendar\":\"working\"}",
	     ",\"version\":\"2\"",
	     ",{\"code\":\"T_BZ\",\"name\":\"备注\",\"type\":\"text\"}");
	assert_int_equal(add(&cat, &b), 0);
	assert_int_equal(cat.nitems, 3);
	assert_ptr_equal(item(&cat, "t"), it);
	assert_string_equal(it->name, "测试二");
	assert_string_equal(it->version, "2");
	assert_int_equal(it->nfields, 6);
	assert_int_equal(field(it, "T_BZ"), 5);
	assert_int_equal(it->deadline_days, 3);
	assert_int_equal(it->deadline_working, 1);
	assert_string_equal(it->json, b.ptr);

	/* a broken replacement keeps the item that was there */
	mini(&b, "测试三", NATURAL, "",
	     ",{\"code\":\"T_X\",\"name\":\"x\",\"type\":\"blob\"}");
	assert_int_equal(add(&cat, &b), XY_EINVALID);
	assert_int_equal(cat.nitems, 3);
	assert_string_equal(item(&cat, "t")->name, "测试二");
	assert_int_equal(item(&cat, "t")->nfields, 6);

	/* the real items are untouched */
	assert_int_equal(item(&cat, "xzcf")->nfields, 30);
	assert_int_equal(item(&cat, "xzxk")->nfields, 28);
	xy_buf_dispose(&b);
	xy_catalog_dispose(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalog__load_items),
	    cmocka_unit_test(test_catalog__roles),
	    cmocka_unit_test(test_catalog__fields),
	    cmocka_unit_test(test_catalog__deadline_natural),
	    cmocka_unit_test(test_catalog__header_match),
	    cmocka_unit_test(test_catalog__header_fullwidth_name),
	    cmocka_unit_test(test_catalog__broken_items),
	    cmocka_unit_test(test_catalog__broken_platform),
	    cmocka_unit_test(test_catalog__deadline_working),
	    cmocka_unit_test(test_catalog__add_replaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
