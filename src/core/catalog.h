/*
 * catalog.h - catalog items as data (feature A1).
 *
 * A catalog item (行政许可 xzxk, 行政处罚 xzcf, ...) is one JSON file in
 * catalog/: its fields with types, lengths, enumerations, required and
 * conditional rules, header aliases, the reporting deadline and the roles
 * that tell the services which field holds the subject, the document
 * number and so on. docs/internals/catalog.md describes the format. No
 * field code or rule of the standard is written in C: validate.c only
 * interprets what is parsed here.
 *
 * Pure: the caller reads the files and passes their text. A catalog owns
 * everything it points to; xy_catalog_dispose() frees it all.
 */
#ifndef XY_CATALOG_H
#define XY_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

enum xy_ftype {
	XY_F_TEXT,	/* free text with a maximum length */
	XY_F_ENUM,	/* one value of a list (name or code accepted) */
	XY_F_ENUM_LIST, /* one or more values, separated */
	XY_F_DATE,	/* a date in one of the accepted forms */
	XY_F_USCC,	/* 统一社会信用代码 */
	XY_F_IDNO,	/* 证件号码, an ID number when ric_when holds */
	XY_F_DECIMAL,	/* a non-negative decimal amount */
};

enum xy_cond_op {
	XY_COND_NONE,	  /* no condition (for optional conditions) */
	XY_COND_IN,	  /* field's value is one of values */
	XY_COND_INCLUDES, /* enum list field includes one of values */
	XY_COND_PRESENT,  /* field has a value */
	XY_COND_ABSENT,	  /* field has no value */
	XY_COND_ALL,	  /* every sub-condition holds */
	XY_COND_ANY,	  /* at least one sub-condition holds */
};

/* A condition on the (normalised) values of a record's fields. */
struct xy_cond {
	enum xy_cond_op op;   /* what to test */
	int field;	      /* index of the tested field, -1 for ALL/ANY */
	char **values;	      /* canonical values for IN/INCLUDES */
	size_t nvalues;	      /* entries in values */
	struct xy_cond *subs; /* sub-conditions for ALL/ANY */
	size_t nsubs;	      /* entries in subs */
};

/* One allowed value of an enumeration. */
struct xy_enum_value {
	char *name; /* the canonical (stored) form, e.g. 罚款 */
	char *code; /* the code also accepted, e.g. 02; NULL if none */
};

/* "When cond holds, the value must (not) start with prefix." */
struct xy_prefix_rule {
	struct xy_cond when; /* when the rule applies */
	char *prefix;	     /* the prefix */
	int negate;	     /* 1: must not start with it */
};

struct xy_field {
	char *code;		    /* standard code, e.g. CF_XDR_SHXYM */
	char *name;		    /* 数据项, e.g. 统一社会信用代码 */
	char **aliases;		    /* other accepted header names */
	size_t naliases;	    /* entries in aliases */
	enum xy_ftype type;	    /* how values are checked */
	size_t max;		    /* maximum length in characters, 0 none */
	int required;		    /* 1 when always required */
	struct xy_cond required_when; /* required when this holds */
	struct xy_enum_value *values; /* enum values */
	size_t nvalues;		      /* entries in values */
	struct xy_cond ric_when;      /* IDNO: checked as an ID number when */
	struct xy_cond placeholder_when; /* USCC: placeholder valid when */
	struct xy_prefix_rule *prefix_rules; /* USCC: prefix by subject kind */
	size_t nprefix_rules;		     /* entries in prefix_rules */
	int not_after_reported; /* DATE: not after the reported date */
	int not_before;		/* DATE: index of a date it may not precede */
	int scale;		/* DECIMAL: most decimal places */
	int personal;		/* personal data: stored encrypted, masked */
};

enum xy_subject_kind {
	XY_SUBJECT_ORG = 1,	   /* 法人及非法人组织 */
	XY_SUBJECT_INDIVIDUAL = 2, /* 个体工商户 */
	XY_SUBJECT_PERSON = 3,	   /* 自然人 */
};

/* Fields with a meaning to the services; -1 when the item has none. */
struct xy_roles {
	int dept;		/* USCC of the reporting department (key) */
	int dept_name;		/* its name */
	int dept_fallback;	/* a rejected row without dept: whose it is */
	int doc_no;		/* document number (key) */
	int decision_date;	/* starts the deadline */
	int subject_name;	/* 行政相对人名称 */
	int subject_kind;	/* 行政相对人类别 */
	int subject_uscc;	/* the subject's USCC */
	int subject_regno;	/* 工商注册号, with the placeholder USCC */
	int subject_id_type;	/* the subject's ID type */
	int subject_id_number;	/* the subject's ID number */
	int status;		/* 当前状态, -1 when always valid */
};

struct xy_item {
	char *code;		 /* xzcf */
	char *name;		 /* 行政处罚 */
	char *version;		 /* catalog version, e.g. 2021.1 */
	char *json;		 /* the definition as loaded */
	struct xy_field *fields; /* in the national layout's order */
	size_t nfields;		 /* entries in fields */
	struct xy_roles roles;	 /* see above */
	char **revoked;		 /* status values meaning revoked */
	size_t nrevoked;	 /* entries in revoked */
	char **kind_names;	 /* subject kind values ... */
	enum xy_subject_kind *kinds; /* ... and what each means */
	size_t nkinds;		     /* entries in both */
	int *display;		     /* fields shown in summaries */
	size_t ndisplay;	     /* entries in display */
	int deadline_days;	     /* reporting deadline ... */
	int deadline_working;	     /* ... in working (1) or natural days */
};

struct xy_catalog {
	struct xy_item *items;	  /* loaded items */
	size_t nitems;		  /* entries in items */
	char **separators;	  /* list separators of enum lists */
	size_t nseparators;	  /* entries in separators */
	int strict;		  /* orgcode_checksum is an error, not warning */
	int uscc_extra;		  /* accept authorities G J M Q S */
	char *person_id_type;	  /* ID type of a bare ID number: 身份证 */
	struct xy_calendar calendar; /* holidays for working-day deadlines */
};

void xy_catalog_init(struct xy_catalog *cat);
void xy_catalog_dispose(struct xy_catalog *cat);

/*
 * Applies platform.json (separators, strictness). Returns 0 or
 * XY_EINVALID with a message naming the problem.
 */
int xy_catalog_set_platform(struct xy_catalog *cat, const char *json,
			    size_t len);

/*
 * Parses one item's JSON and adds it (replacing an item with the same
 * code). Returns 0 or XY_EINVALID with a message like
 * "xzcf: field 'CF_NR_FK': unknown type 'money'".
 */
int xy_catalog_add_item(struct xy_catalog *cat, const char *json, size_t len);

/* The item with this code, or NULL. */
const struct xy_item *xy_catalog_item(const struct xy_catalog *cat,
				      const char *code);

/*
 * Index of the field a header names: the standard code (any case), the
 * Chinese 数据项 name, or an alias; after width normalisation and trim.
 * Returns -1 when no field matches.
 */
int xy_item_field_by_header(const struct xy_item *it, const char *h,
			    size_t len);

/* Index of the field with this exact code, or -1. */
int xy_item_field(const struct xy_item *it, const char *code);

/*
 * Last day on which a record decided on decision is on time, by the
 * item's deadline and the catalog's calendar.
 */
int32_t xy_item_deadline(const struct xy_catalog *cat,
			 const struct xy_item *it, int32_t decision);

/* Subject kind of a canonical kind value, or 0 when unknown. */
enum xy_subject_kind xy_item_subject_kind(const struct xy_item *it,
					  const char *value);

#endif
