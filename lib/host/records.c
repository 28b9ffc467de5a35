/* The capture's record files (DIR/virtcheck/NAME.txt): pure parsers and writers. */
#include "lib/host/records.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#define MAX_TOKENS 8

static bool tok_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits line into white-space separated tokens, as strtok_r with " \t\r" does (without its
 * strspn and strcspn per token: a capture of 256 CPUs has 3,000 CPUID lines); returns the count
 * (at most max). */
static size_t tokenize(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		while (tok_space(*p))
			p++;
		if (!*p)
			break;
		tok[n++] = p;
		while (*p && !tok_space(*p))
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	return n;
}

/* Yields the next non-blank, non-comment line with its number. */
static char *record_line(char **cursor, unsigned *lineno)
{
	char *line;

	while ((line = next_line(cursor))) {
		(*lineno)++;
		line = strstrip(line);
		if (*line && *line != '#')
			return line;
	}
	return NULL;
}

/* Appends one record of size bytes to the growable array *a; -E2BIG past max (freeing *a). */
static int push_record(void **a, size_t *n, size_t *cap, size_t max, const void *rec, size_t size)
{
	if (*n >= max) {
		free(*a);
		*a = NULL;
		return -E2BIG;
	}
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*a = xrealloc(*a, *cap * size);
	}
	memcpy((char *)*a + *n * size, rec, size);
	(*n)++;
	return 0;
}

#define PUSH(a, n, cap, max, rec)                                                                            \
	do {                                                                                                 \
		void *p_ = (a);                                                                              \
		int r_ = push_record(&p_, &(n), &(cap), (max), &(rec), sizeof(rec));                         \
		(a) = p_;                                                                                    \
		if (r_ < 0) {                                                                                \
			free(a);                                                                             \
			return r_;                                                                           \
		}                                                                                            \
	} while (0)

#define BAD(why)                                                                                             \
	do {                                                                                                 \
		if (bad)                                                                                     \
			bad(userdata, lineno, (why));                                                        \
	} while (0)

/* A hex field of cpuid.txt: "0x" and 1-8 hex digits, as virtcheck and cpuid -r write them, read
 * without strtoull (a capture of 256 CPUs has 15,000 of them); anything else as parse_u32 reads it. */
static int parse_hex32(const char *s, uint32_t *ret)
{
	uint32_t v = 0;
	size_t i;

	if (s[0] != '0' || s[1] != 'x')
		return parse_u32(s, 16, ret);
	for (i = 2; i < 10 && s[i]; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v << 4 | (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return parse_u32(s, 16, ret);
	}
	if (i == 2 || s[i])
		return parse_u32(s, 16, ret);
	*ret = v;
	return 0;
}

static int parse_reg(const char *tok, const char *name, uint32_t *ret)
{
	if (tok[0] != name[0] || tok[1] != name[1] || tok[2] != name[2] || tok[3] != '=')
		return -EINVAL;
	return parse_hex32(tok + 4, ret);
}

int vc_parse_cpuid_txt(char *text, size_t max_records, struct vc_cpuid_rec **ret, size_t *ret_n,
		       vc_bad_line_fn bad, void *userdata)
{
	struct vc_cpuid_rec *a = NULL;
	size_t n = 0, cap = 0;
	unsigned lineno = 0, cpu = 0;
	bool have_cpu = false;
	char *line;

	while ((line = record_line(&text, &lineno))) {
		char *tok[MAX_TOKENS];
		size_t nt;
		struct vc_cpuid_rec r = { 0 };

		/* `cpuid -1 -r` prints one "CPU:" for the CPU it ran on, and may start with a
		 * "Disclaimer:" line */
		if (startswith(line, "Disclaimer:"))
			continue;
		if (strcmp(line, "CPU:") == 0) {
			cpu = 0;
			have_cpu = true;
			continue;
		}
		if (startswith(line, "CPU ")) {
			uint32_t c;
			size_t len = strlen(line);

			if (line[len - 1] == ':')
				line[len - 1] = '\0';
			if (parse_u32(line + 4, 10, &c) < 0 || c >= VC_MAX_CPUS) {
				BAD("malformed CPU header");
				have_cpu = false;
				continue;
			}
			cpu = c;
			have_cpu = true;
			continue;
		}
		nt = tokenize(line, tok, MAX_TOKENS);
		if (nt != 6 || !have_cpu) {
			BAD(have_cpu ? "expected: LEAF SUBLEAF: eax=.. ebx=.. ecx=.. edx=.."
				     : "record before any 'CPU N:' line");
			continue;
		}
		size_t sl = strlen(tok[1]);
		if (sl && tok[1][sl - 1] == ':')
			tok[1][sl - 1] = '\0';
		if (parse_hex32(tok[0], &r.leaf) < 0 || parse_hex32(tok[1], &r.subleaf) < 0 ||
		    parse_reg(tok[2], "eax", &r.r.eax) < 0 || parse_reg(tok[3], "ebx", &r.r.ebx) < 0 ||
		    parse_reg(tok[4], "ecx", &r.r.ecx) < 0 || parse_reg(tok[5], "edx", &r.r.edx) < 0) {
			BAD("malformed CPUID record");
			continue;
		}
		r.cpu = cpu;
		PUSH(a, n, cap, max_records, r);
	}
	*ret = a;
	*ret_n = n;
	return 0;
}

static int parse_errno_tok(const char *tok, int *ret)
{
	int e = errno_from_name(tok);

	if (e <= 0)
		return -EINVAL;
	*ret = e;
	return 0;
}

int vc_parse_msr_txt(char *text, size_t max_records, struct vc_msr_rec **ret, size_t *ret_n,
		     vc_bad_line_fn bad, void *userdata)
{
	struct vc_msr_rec *a = NULL;
	size_t n = 0, cap = 0;
	unsigned lineno = 0;
	char *line;

	while ((line = record_line(&text, &lineno))) {
		char *tok[MAX_TOKENS];
		size_t nt = tokenize(line, tok, MAX_TOKENS);
		struct vc_msr_rec r = { 0 };
		uint32_t cpu;

		if (nt < 4 || strcmp(tok[0], "cpu") != 0 || parse_u32(tok[1], 10, &cpu) < 0 ||
		    cpu >= VC_MAX_CPUS || parse_u32(tok[2], 16, &r.msr) < 0) {
			BAD("expected: cpu N MSR VALUE | cpu N MSR error ERRNO");
			continue;
		}
		r.cpu = cpu;
		if (nt == 4 && parse_u64(tok[3], 16, &r.value) == 0) {
			/* value read */
		} else if (nt == 5 && strcmp(tok[3], "error") == 0 && parse_errno_tok(tok[4], &r.err) == 0) {
			/* recorded failure */
		} else {
			BAD("malformed MSR value");
			continue;
		}
		PUSH(a, n, cap, max_records, r);
	}
	*ret = a;
	*ret_n = n;
	return 0;
}

static int parse_devnode(char **tok, size_t nt, struct vc_devnode *d)
{
	uint32_t maj, min, mode, uid;
	char *colon;

	if (nt < 6 || strlen(tok[1]) != 1 || !strchr("cbs", tok[1][0]))
		return -EINVAL;
	colon = strchr(tok[2], ':');
	if (!colon)
		return -EINVAL;
	*colon = '\0';
	if (parse_u32(tok[2], 10, &maj) < 0 || parse_u32(colon + 1, 10, &min) < 0 ||
	    parse_u32(tok[3], 8, &mode) < 0 || mode > 07777 || parse_u32(tok[4], 10, &uid) < 0)
		return -EINVAL;
	if (strlen(tok[5]) >= sizeof(d->group))
		return -EINVAL;
	d->type = tok[1][0];
	d->major = maj;
	d->minor = min;
	d->mode = mode;
	d->uid = uid;
	strcpy(d->group, tok[5]);
	d->acl[0] = '\0';
	if (nt >= 7) {
		if (!startswith(tok[6], "acl=") || strlen(tok[6] + 4) >= sizeof(d->acl))
			return -EINVAL;
		strcpy(d->acl, tok[6] + 4);
	}
	return 0;
}

int vc_parse_devices_txt(char *text, size_t max_records, struct vc_dev_rec **ret, size_t *ret_n,
			 vc_bad_line_fn bad, void *userdata)
{
	struct vc_dev_rec *a = NULL;
	size_t n = 0, cap = 0;
	unsigned lineno = 0;
	char *line;

	while ((line = record_line(&text, &lineno))) {
		char *tok[MAX_TOKENS];
		size_t nt = tokenize(line, tok, MAX_TOKENS);
		struct vc_dev_rec r = { 0 };

		if (nt < 2 || tok[0][0] != '/' || strlen(tok[0]) >= sizeof(r.path)) {
			BAD("expected: PATH TYPE MAJ:MIN MODE UID GROUP [acl=...] | PATH error ERRNO");
			continue;
		}
		strcpy(r.path, tok[0]);
		if (nt == 3 && strcmp(tok[1], "error") == 0) {
			if (parse_errno_tok(tok[2], &r.err) < 0) {
				BAD("unknown errno name");
				continue;
			}
		} else if (parse_devnode(tok, nt, &r.node) < 0) {
			BAD("malformed device node record");
			continue;
		}
		PUSH(a, n, cap, max_records, r);
	}
	*ret = a;
	*ret_n = n;
	return 0;
}

int vc_parse_fds_txt(char *text, size_t max_records, struct vc_fd_rec **ret, size_t *ret_n,
		     unsigned *unreadable, vc_bad_line_fn bad, void *userdata)
{
	struct vc_fd_rec *a = NULL;
	size_t n = 0, cap = 1, len = strlen(text);
	unsigned lineno = 0;
	char *line, *str;

	/* one block (struct vc_fd_rec): room for a record per line, then for their strings, which
	 * are parts of the lines (comm and target with their NULs are shorter than their line) */
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		cap++;
	cap = cap < max_records ? cap : max_records;
	a = xmalloc(cap * sizeof(*a) + len + 1);
	str = (char *)(a + cap);
	*unreadable = 0;
	while ((line = record_line(&text, &lineno))) {
		struct vc_fd_rec *r;
		size_t cl, tl;
		char *sp1 = strpbrk(line, " \t"), *sp2 = strrchr(line, ' ');
		uint32_t v;

		if (line[0] == 'u' && startswith(line, "unreadable ")) {
			if (parse_u32(line + 11, 10, &v) < 0)
				BAD("malformed unreadable count");
			else
				*unreadable = v;
			continue;
		}
		/* comm may contain spaces: PID is the first token, TARGET the last */
		if (!sp1 || !sp2 || sp2 <= sp1) {
			BAD("expected: PID COMM TARGET");
			continue;
		}
		*sp1 = '\0';
		*sp2 = '\0';
		char *comm = strstrip(sp1 + 1), *target = sp2 + 1;
		cl = strlen(comm);
		tl = strlen(target);
		if (parse_u32(line, 10, &v) < 0 || v == 0 || v > INT32_MAX || !cl || cl >= VC_FD_COMM_MAX ||
		    !tl || tl >= VC_FD_TARGET_MAX) {
			BAD("malformed fd record");
			continue;
		}
		if (n >= cap) { /* more records than max_records */
			free(a);
			return -E2BIG;
		}
		r = &a[n++];
		r->pid = (int)v;
		r->comm = memcpy(str, comm, cl + 1);
		r->target = memcpy(str + cl + 1, target, tl + 1);
		str += cl + tl + 2;
	}
	if (!n) {
		free(a);
		a = NULL;
	}
	*ret = a;
	*ret_n = n;
	return 0;
}

int vc_parse_errors_txt(char *text, size_t max_records, struct vc_err_rec **ret, size_t *ret_n,
			vc_bad_line_fn bad, void *userdata)
{
	struct vc_err_rec *a = NULL;
	size_t n = 0, cap = 0;
	unsigned lineno = 0;
	char *line;

	while ((line = record_line(&text, &lineno))) {
		char *tok[MAX_TOKENS];
		size_t nt = tokenize(line, tok, MAX_TOKENS);
		struct vc_err_rec r = { 0 };

		if (nt != 2 || tok[0][0] != '/' || strlen(tok[0]) >= sizeof(r.path) ||
		    parse_errno_tok(tok[1], &r.err) < 0) {
			BAD("expected: PATH ERRNO");
			continue;
		}
		strcpy(r.path, tok[0]);
		PUSH(a, n, cap, max_records, r);
	}
	*ret = a;
	*ret_n = n;
	return 0;
}

/* "ok" -> 0, errno name -> errno; exit:NAME (vcpu_run only) fills exit. */
static int parse_outcome(const char *tok, int *ret, char *exit, size_t exitlen)
{
	if (exit && startswith(tok, "exit:") && strlen(tok + 5) < exitlen && tok[5]) {
		strcpy(exit, tok + 5);
		*ret = 0;
		return 0;
	}
	int e = errno_from_name(tok);
	if (e < 0)
		return -EINVAL;
	*ret = e;
	return 0;
}

int vc_parse_kvm_txt(char *text, struct vc_kvm_info *info, vc_bad_line_fn bad, void *userdata)
{
	unsigned lineno = 0;
	char *line;

	info->open = ENOENT;
	info->api = -1;
	info->create_vm = info->create_vcpu = info->vcpu_run = VC_NOT_TRIED;
	info->run_exit[0] = '\0';
	for (size_t i = 0; i < vc_kvm_ncaps; i++)
		info->caps[i] = -1;

	while ((line = record_line(&text, &lineno))) {
		char *tok[MAX_TOKENS];
		size_t nt = tokenize(line, tok, MAX_TOKENS);
		int64_t v;
		int r = -EINVAL;

		if (nt == 2 && strcmp(tok[0], "open") == 0) {
			r = parse_outcome(tok[1], &info->open, NULL, 0);
		} else if (nt == 2 && strcmp(tok[0], "api") == 0) {
			r = parse_i64(tok[1], 10, &v);
			if (r == 0 && (v < 0 || v > INT32_MAX))
				r = -ERANGE;
			if (r == 0)
				info->api = (int)v;
		} else if (nt == 3 && strcmp(tok[0], "cap") == 0) {
			int idx = vc_kvm_cap_index(tok[1]);

			r = parse_i64(tok[2], 10, &v);
			if (idx < 0) {
				BAD("unknown capability name (ignored)");
				continue;
			}
			if (r == 0)
				info->caps[idx] = v;
		} else if (nt == 2 && strcmp(tok[0], "create_vm") == 0) {
			r = parse_outcome(tok[1], &info->create_vm, NULL, 0);
		} else if (nt == 2 && strcmp(tok[0], "create_vcpu") == 0) {
			r = parse_outcome(tok[1], &info->create_vcpu, NULL, 0);
		} else if (nt == 2 && strcmp(tok[0], "vcpu_run") == 0) {
			r = parse_outcome(tok[1], &info->vcpu_run, info->run_exit, sizeof(info->run_exit));
		}
		if (r < 0)
			BAD("malformed kvm record");
	}
	return 0;
}

/* vc_format_meta_txt writes "-" for a user without a name */
static const char *user_name(const char *word)
{
	return strcmp(word, "-") ? word : "";
}

int vc_parse_meta_txt(char *text, struct vc_identity *id, struct vc_identity *invoker, bool *has_invoker,
		      char *time, size_t timelen, vc_bad_line_fn bad, void *userdata)
{
	unsigned lineno = 0;
	bool has_uid = false;
	char *line;

	memset(id, 0, sizeof(*id));
	memset(invoker, 0, sizeof(*invoker));
	*has_invoker = false;
	if (timelen)
		time[0] = '\0';
	while ((line = record_line(&text, &lineno))) {
		char *tok[MAX_TOKENS];
		size_t nt;
		uint32_t v;

		if (startswith(line, "time ")) {
			snprintf(time, timelen, "%s", strstrip(line + 5));
			continue;
		}
		nt = tokenize(line, tok, MAX_TOKENS);
		if (nt == 2 && strcmp(tok[0], "uid") == 0 && parse_u32(tok[1], 10, &v) == 0) {
			id->uid = v;
			has_uid = true;
		} else if (nt == 2 && strcmp(tok[0], "euid") == 0 && parse_u32(tok[1], 10, &v) == 0)
			id->euid = v;
		else if (nt == 2 && strcmp(tok[0], "user") == 0 && strlen(tok[1]) < sizeof(id->user))
			strcpy(id->user, user_name(tok[1]));
		else if (nt == 3 && strcmp(tok[0], "group") == 0 && parse_u32(tok[1], 10, &v) == 0 &&
			 strlen(tok[2]) < sizeof(id->groups[0].name) && id->ngroups < VC_MAX_GROUPS) {
			id->groups[id->ngroups].gid = v;
			strcpy(id->groups[id->ngroups++].name, tok[2]);
		} else if (nt == 2 && strcmp(tok[0], "invoker_uid") == 0 && parse_u32(tok[1], 10, &v) == 0) {
			invoker->uid = invoker->euid = v;
			*has_invoker = true;
		} else if (nt == 2 && strcmp(tok[0], "invoker_user") == 0 &&
			   strlen(tok[1]) < sizeof(invoker->user)) {
			strcpy(invoker->user, user_name(tok[1]));
		} else if (nt == 3 && strcmp(tok[0], "invoker_group") == 0 &&
			   parse_u32(tok[1], 10, &v) == 0 &&
			   strlen(tok[2]) < sizeof(invoker->groups[0].name) &&
			   invoker->ngroups < VC_MAX_GROUPS) {
			invoker->groups[invoker->ngroups].gid = v;
			strcpy(invoker->groups[invoker->ngroups++].name, tok[2]);
		} else if (nt >= 1 && strcmp(tok[0], "version") == 0) {
			/* informational */
		} else {
			BAD("malformed meta record");
		}
	}
	return has_uid ? 0 : -ENODATA;
}

void vc_format_cpuid_txt(struct buf *b, const struct vc_cpuid_rec *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || r[i].cpu != r[i - 1].cpu)
			buf_printf(b, "CPU %u:\n", r[i].cpu);
		buf_printf(b,
			   "   0x%08" PRIx32 " 0x%02" PRIx32 ": eax=0x%08" PRIx32 " ebx=0x%08" PRIx32
			   " ecx=0x%08" PRIx32 " edx=0x%08" PRIx32 "\n",
			   r[i].leaf, r[i].subleaf, r[i].r.eax, r[i].r.ebx, r[i].r.ecx, r[i].r.edx);
	}
}

void vc_format_msr_txt(struct buf *b, const struct vc_msr_rec *r, size_t n)
{
	char e[16];

	for (size_t i = 0; i < n; i++)
		if (r[i].err)
			buf_printf(b, "cpu %u 0x%" PRIx32 " error %s\n", r[i].cpu, r[i].msr,
				   errno_name(r[i].err, e));
		else
			buf_printf(b, "cpu %u 0x%" PRIx32 " 0x%016" PRIx64 "\n", r[i].cpu, r[i].msr,
				   r[i].value);
}

void vc_format_devices_txt(struct buf *b, const struct vc_dev_rec *r, size_t n)
{
	char e[16];

	for (size_t i = 0; i < n; i++) {
		const struct vc_devnode *d = &r[i].node;

		if (r[i].err) {
			buf_printf(b, "%s error %s\n", r[i].path, errno_name(r[i].err, e));
			continue;
		}
		buf_printf(b, "%s %c %u:%u %04o %u %s", r[i].path, d->type, d->major, d->minor, d->mode,
			   d->uid, d->group);
		if (d->acl[0])
			buf_printf(b, " acl=%s", d->acl);
		buf_append(b, "\n", 1);
	}
}

void vc_format_fds_txt(struct buf *b, const struct vc_fd_rec *r, size_t n, unsigned unreadable)
{
	buf_printf(b, "unreadable %u\n", unreadable);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%d %s %s\n", r[i].pid, r[i].comm, r[i].target);
}

void vc_format_errors_txt(struct buf *b, const struct vc_err_rec *r, size_t n)
{
	char e[16];

	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s %s\n", r[i].path, errno_name(r[i].err, e));
}

static void format_outcome(struct buf *b, const char *key, int v, const char *exit)
{
	char e[16];

	if (v == VC_NOT_TRIED)
		return;
	if (exit && exit[0])
		buf_printf(b, "%s exit:%s\n", key, exit);
	else
		buf_printf(b, "%s %s\n", key, v == 0 ? "ok" : errno_name(v, e));
}

void vc_format_kvm_txt(struct buf *b, const struct vc_kvm_info *info)
{
	format_outcome(b, "open", info->open, NULL);
	if (info->api >= 0)
		buf_printf(b, "api %d\n", info->api);
	for (size_t i = 0; i < vc_kvm_ncaps; i++)
		if (info->caps[i] >= 0)
			buf_printf(b, "cap %s %" PRId64 "\n", vc_kvm_caps[i].name, info->caps[i]);
	format_outcome(b, "create_vm", info->create_vm, NULL);
	format_outcome(b, "create_vcpu", info->create_vcpu, NULL);
	format_outcome(b, "vcpu_run", info->vcpu_run, info->run_exit);
}

void vc_format_meta_txt(struct buf *b, const struct vc_identity *id, const struct vc_identity *invoker,
			const char *time, const char *version)
{
	buf_printf(b, "time %s\nversion %s\nuid %u\neuid %u\nuser %s\n", time, version, id->uid, id->euid,
		   id->user[0] ? id->user : "-");
	for (size_t i = 0; i < id->ngroups; i++)
		buf_printf(b, "group %u %s\n", id->groups[i].gid, id->groups[i].name);
	if (invoker) {
		buf_printf(b, "invoker_uid %u\ninvoker_user %s\n", invoker->uid,
			   invoker->user[0] ? invoker->user : "-");
		for (size_t i = 0; i < invoker->ngroups; i++)
			buf_printf(b, "invoker_group %u %s\n", invoker->groups[i].gid,
				   invoker->groups[i].name);
	}
}

int vc_cpuid_rec_cmp(const void *a, const void *b)
{
	const struct vc_cpuid_rec *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->leaf != y->leaf)
		return x->leaf < y->leaf ? -1 : 1;
	if (x->subleaf != y->subleaf)
		return x->subleaf < y->subleaf ? -1 : 1;
	return 0;
}

int vc_msr_rec_cmp(const void *a, const void *b)
{
	const struct vc_msr_rec *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->msr != y->msr)
		return x->msr < y->msr ? -1 : 1;
	return 0;
}
