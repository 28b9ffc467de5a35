/* VMware probe: Workstation/Player installed, its version, and whether vmmon and vmnet are built for
 * this kernel, signed, loaded and built from sources that match it. The verdict's knowledge rows say
 * what follows (lib/verdict/knowledge.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probes.h"
#include "lib/base/sanitise.h"
#include "lib/verdict/triage.h"

#define CONFIG_MAX (64u << 10)
/* VMware's vmmon.tar is about 1 MiB; a larger file is not VMware's */
#define TAR_MAX (8u << 20)

static const char *const install_marks[] = { "/usr/lib/vmware", "/etc/vmware/config", "/usr/bin/vmware",
					     "/usr/bin/vmplayer" };
/* where vmware-modconfig, the host-modules Makefiles and DKMS install them */
static const char *const ko_dirs[] = { "misc", "extra", "updates", "updates/dkms", "kernel/misc" };
static const char *const ko_suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
/* what loads vmmon and vmnet at boot: VMware's init script (Fedora keeps it in rc.d) or a unit */
static const char *const services[] = { "/etc/init.d/vmware", "/etc/rc.d/init.d/vmware",
					"/usr/lib/systemd/system/vmware.service",
					"/etc/systemd/system/vmware.service" };

/* vmware-modconfig's logs: the last MiB of each (where a build fails) and, of a longer one, its first
 * 16 KiB too (its "Host is Linux RELEASE" line: which kernel it built for), 4 MiB in all, 32 a
 * directory */
#define MODCONFIG_LOG_MAX     (1u << 20)
#define MODCONFIG_LOGS_BUDGET (4u << 20)
#define MODCONFIG_LOGS_MAX    32
#define MODCONFIG_LOGS_LISTED 4096 /* the names whose times are looked at, newest first */

/* Seconds since 1970 (UTC) of a VMware log line's time stamp, or -1: "2017-08-28T01:07:55.009-04:00|"
 * (Workstation 12 to 16), "2024-08-16T09:10:35.967Z In(05)" (17). */
static long long log_time(const char *line)
{
	int y, mo, d, h, mi, sec, n = 0, oh = 0, om = 0;
	const char *p;
	long long days;

	if (sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 19 ||
	    y < 2000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	p = line + n;
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 && oh < 24 && om < 60) {
		if (*p == '+')
			oh = -oh, om = -om;
	} else if (*p != 'Z') {
		return -1;
	}
	/* days from the civil date (Howard Hinnant's days_from_civil) */
	y -= mo <= 2;
	days = (long long)(y / 400) * 146097 +
	       (long long)((y % 400) * 365 + (y % 400) / 4 - (y % 400) / 100 +
			   (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1) -
	       719468;
	return days * 86400 + (h + oh) * 3600LL + (mi + om) * 60LL + sec;
}

/* What the modconfig logs cost, and the newest one. */
struct modconfig_scan {
	size_t used;
	unsigned read, over_budget, foreign, unread;
	unsigned
		unlisted; /* log names past the first MODCONFIG_LOGS_LISTED, whose times were not looked at */
	char path[128];
	long long when;
	struct buf kept; /* the newest log's lines that the probe reads (vc_modconfig_log_line) */
};

/* The lines of text the probe reads (what a capture keeps of the log, so a replay picks and reads
 * the same), and the time of the last of them; *ret_build: one of them is about building modules
 * (the log of another VMware program, its first lines alike, is no candidate). */
static long long kept_lines(const char *text, size_t len, struct buf *out, bool *ret_build)
{
	const char *p = text, *end = text + len;
	long long when = -1;

	*ret_build = false;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		_cleanup_(freep) char *line = xstrndup(p, n);

		if (vc_modconfig_log_line(line)) {
			long long t = log_time(line);

			buf_append(out, line, strlen(line));
			buf_append(out, "\n", 1);
			*ret_build |= !strstr(line, "Log for VMware") && !strstr(line, "Host is Linux ");
			if (t > when)
				when = t;
		}
		p += n + 1;
	}
	return when;
}

/* A candidate log: its path, and its owner and time of change as the directory's listing found
 * them (owner_r: that lookup's result; mtime -1: not known). */
struct cand {
	char path[128];
	int owner_r;
	unsigned owner;
	long long mtime;
};

/* One log, whose owner must be uid, the directory's (a file another user made was put there to be
 * read as root, and in a user's directory a file of root's is one the user linked there); no link
 * is followed, and the file read is checked through the fd it is read from (VC_READ_DIR_OWNER:
 * its directory's owner's, with no other link), so a log renamed over in between is not read.
 * The newest so far is kept in sc. */
static void scan_modconfig_log(struct vc_ctx *ctx, const struct cand *c, unsigned uid,
			       struct modconfig_scan *sc)
{
	_cleanup_(freep) char *text = NULL;
	struct buf kept = { 0 };
	const char *path = c->path;
	long long when;
	size_t len;
	bool build;
	int r = c->owner_r;

	if (r == 0 && c->owner != uid) {
		sc->foreign++;
		return;
	}
	if (r < 0 && r != -EOPNOTSUPP) { /* a replay knows no owners: the capture checked them */
		sc->unread++;
		return;
	}
	/* the head (VC_READ_HEAD_KEPT) counts in the budget too: the tail read leaves room for it */
	if (sc->used + VC_READ_HEAD_KEPT >= MODCONFIG_LOGS_BUDGET) {
		sc->over_budget++;
		return;
	}
	r = vc_host_read_flags(ctx->host, path,
			       MODCONFIG_LOGS_BUDGET - sc->used - VC_READ_HEAD_KEPT < MODCONFIG_LOG_MAX
				       ? MODCONFIG_LOGS_BUDGET - sc->used - VC_READ_HEAD_KEPT
				       : MODCONFIG_LOG_MAX,
			       VC_READ_UNTRUSTED | VC_READ_TAIL | VC_READ_WITH_HEAD | VC_READ_DIR_OWNER,
			       &text, &len);
	if (r == -EPERM) {
		sc->foreign++; /* replaced since: another owner's, or a hard link to a file elsewhere */
		return;
	}
	if (r < 0) {
		sc->unread++; /* a link (ELOOP), a directory, a device */
		return;
	}
	if (!len)
		return; /* empty: a capture's place for a log it did not read */
	sc->used += len;
	sc->read++;
	when = kept_lines(text, len, &kept, &build);
	/* the newest: the latest time stamp, then the later name (a log without one comes last) */
	if (build && (!sc->kept.len || when > sc->when || (when == sc->when && strcmp(path, sc->path) > 0))) {
		buf_free(&sc->kept);
		sc->kept = kept;
		sc->when = when;
		snprintf(sc->path, sizeof(sc->path), "%s", path);
		return;
	}
	buf_free(&kept);
}

/* Newest first; equal (a replay's, all unknown) in name order, as listed. */
static int newest_first(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* A directory of logs: /tmp/vmware-USER, whose owner must be uid, USER's, and which no one else may
 * write to (a /tmp/vmware-root another user made first is theirs to fill). */
static void scan_modconfig_dir(struct vc_ctx *ctx, const char *dir, unsigned uid, struct modconfig_scan *sc)
{
	char **names = NULL;
	unsigned owner, mode;
	size_t n = 0;
	int r = vc_host_owner_mode(ctx->host, dir, &owner, &mode);

	if (r == -ENOENT)
		return;
	if (r == 0 && (owner != uid || (mode & 022))) {
		vc_evidence(ctx,
			    "%s: not read (owner %u, mode %04o: only its user's, written by no one else, is "
			    "believed)",
			    dir, owner, mode);
		return;
	}
	if (r < 0 && r != -EOPNOTSUPP)
		return;
	if (vc_host_list_untrusted(ctx->host, dir, &names, &n) < 0)
		return;
	/* the logs newest first by their time of change (live; a replay's are in name order, and
	 * holds only those the capture read), so the MODCONFIG_LOGS_MAX read are the newest ones
	 * where a long-lived /tmp/vmware-root holds many */
	struct cand *c = n ? xcalloc(n, sizeof(*c)) : NULL;
	size_t nc = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned m;

		if (!vc_modconfig_log_name(names[i]) ||
		    (size_t)snprintf(c[nc].path, sizeof(c[nc].path), "%s/%s", dir, names[i]) >=
			    sizeof(c[nc].path))
			continue;
		if (nc >= MODCONFIG_LOGS_LISTED) { /* bounded: said in the evidence */
			sc->unlisted++;
			continue;
		}
		c[nc].owner_r = vc_host_owner_mtime(ctx->host, c[nc].path, &c[nc].owner, &m, &c[nc].mtime);
		if (c[nc].owner_r < 0)
			c[nc].mtime = -1;
		nc++;
	}
	if (nc > 1)
		qsort(c, nc, sizeof(*c), newest_first);
	for (size_t i = 0; i < nc; i++) {
		if (i >= MODCONFIG_LOGS_MAX)
			sc->over_budget++;
		else
			scan_modconfig_log(ctx, &c[i], uid, sc);
	}
	free(c);
	vc_strv_free(names);
}

void vc_vmware_build_logs(struct vc_ctx *ctx, const char *const *dirs, const unsigned *uids, size_t n)
{
	struct vc_vmware_facts *vf = &ctx->facts.vmware;
	struct modconfig_scan sc = { .when = -1 };
	struct vc_modconfig_log log;
	const char *kver = ctx->facts.kernel;

	for (size_t i = 0; i < n; i++)
		scan_modconfig_dir(ctx, dirs[i], uids[i], &sc);
	if (sc.read || sc.foreign || sc.over_budget || sc.unread)
		vc_evidence(
			ctx,
			"vmware-modconfig logs: %u read (the last %u KiB of each, and the first %u KiB of a "
			"longer one); %u skipped, not owned by "
			"the directory's user; %u over the budget; %u unreadable (a link, not a file)",
			sc.read, MODCONFIG_LOG_MAX >> 10, VC_READ_HEAD_KEPT >> 10, sc.foreign, sc.over_budget,
			sc.unread);
	if (sc.unlisted)
		vc_evidence(ctx,
			    "vmware-modconfig logs: %u more not looked at (only the times of the first %u "
			    "names of a directory are compared: the newest may be among those left)",
			    sc.unlisted, MODCONFIG_LOGS_LISTED);
	if (!sc.kept.len)
		return;
	vc_triage_modconfig_log(sc.kept.data, sc.kept.len, &log);
	/* a log of another kernel (one booted before, whose /tmp survived) says nothing of this one */
	if (log.kernel && kver && strcmp(log.kernel, kver) != 0) {
		_cleanup_(freep) char *k = vc_sane(log.kernel, 0);

		vc_evidence(ctx, "%s, the newest: of Linux %s, not the running kernel", sc.path, k);
	} else if (log.build_failed) {
		vf->build_failed = true;
		if (log.headers_missing && !vf->build_headers_missing)
			vf->build_headers_missing = xstrdup(log.headers_missing);
		/* the kernel's compiler, as a pasted log gives it (GCC_PACKAGE) */
		if (*log.kernel_gcc && !*ctx->facts.virtualbox.kernel_gcc)
			memcpy(ctx->facts.virtualbox.kernel_gcc, log.kernel_gcc,
			       sizeof(ctx->facts.virtualbox.kernel_gcc));
		snprintf(vf->build_log, sizeof(vf->build_log), "%s", sc.path);
		for (size_t i = 0; i < log.lines.n; i++) {
			_cleanup_(freep) char *l = vc_sane(log.lines.v[i], 0);

			vc_evidence(ctx, "%s: %.240s", sc.path, l);
		}
	} else {
		vc_evidence(ctx, "%s, the newest: no failed build", sc.path);
	}
	vc_modconfig_log_clear(&log);
	buf_free(&sc.kept);
}

/* The logs of vmware-modconfig run as root (the GUI's prompt, sudo) and as the user who ran this
 * (through sudo, or this user). */
static void build_logs(struct vc_ctx *ctx)
{
	const struct vc_identity *id = NULL;
	const char *dirs[2] = { "/tmp/vmware-root" };
	unsigned uids[2] = { 0 };
	char user_dir[96];
	size_t n = 1;

	if ((vc_host_invoker(ctx->host, &id) < 0 || !id) && vc_host_identity(ctx->host, &id) < 0)
		id = NULL;
	if (id && id->uid != 0 && id->user[0] && id->user[0] != '.' &&
	    strspn(id->user, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
		    strlen(id->user)) {
		snprintf(user_dir, sizeof(user_dir), "/tmp/vmware-%s", id->user);
		dirs[n] = user_dir;
		uids[n++] = id->uid;
	}
	vc_vmware_build_logs(ctx, dirs, uids, n);
}

/* /etc/vmware/config: `key = "value"` lines; the product and its version. */
static void read_config(struct vc_ctx *ctx, struct vc_vmware_facts *vf)
{
	/* the most specific key first */
	static const char *const version_keys[] = { "product.version", "workstation.product.version",
						    "player.product.version" };
	_cleanup_(freep) char *text = NULL;
	char *cur, *line;
	size_t best = ARRAY_SIZE(version_keys);

	if (vc_ctx_read(ctx, "/etc/vmware/config", CONFIG_MAX, &text, NULL) < 0)
		return;
	vf->installed = true;
	cur = text;
	while ((line = next_line(&cur))) {
		char *eq = strchr(line, '='), *key = line, *v;
		unsigned a, b, c;

		if (!eq)
			continue;
		*eq = '\0';
		key[strcspn(key, " \t")] = '\0';
		v = eq + 1 + strspn(eq + 1, " \t\"");
		v[strcspn(v, "\"")] = '\0';
		if (!strcmp(key, "product.name") && !vf->product && *v)
			vf->product = xstrndup(v, 64);
		for (size_t i = 0; i < best; i++) {
			if (strcmp(key, version_keys[i]) != 0)
				continue;
			if (sscanf(v, "%u.%u.%u", &a, &b, &c) != 3 || a > 99 || b > 99 || c > 999)
				break;
			free(vf->version);
			vf->version = xasprintf("%u.%u.%u", a, b, c);
			vf->version_source = version_keys[i];
			best = i;
			break;
		}
	}
}

/* "#define VMMON_VERSION           (417 << 16 | 0)" in vmmon-only/include/iocontrols.h, inside the
 * tar vmware-modconfig builds from: the version the built module reports. */
static void source_version(struct vc_ctx *ctx, struct vc_vmware_facts *vf)
{
	static const char needle[] = "#define VMMON_VERSION";
	static const char path[] = "/usr/lib/vmware/modules/source/vmmon.tar";
	_cleanup_(freep) char *tar = NULL;
	size_t len;

	if (vc_ctx_read(ctx, path, TAR_MAX, &tar, &len) < 0)
		return;
	for (const char *p = tar, *end = tar + len;
	     (p = memmem(p, (size_t)(end - p), needle, strlen(needle))); p++) {
		const char *q = p + strlen(needle);
		unsigned v;

		/* not VMMON_VERSION_MAJOR(v) and the like */
		if (q >= end || (*q != ' ' && *q != '\t'))
			continue;
		q += strspn(q, " \t");
		if (*q == '(')
			q++;
		if (sscanf(q, "%u", &v) == 1 && v > 0 && v < 100000) {
			vf->vmmon_source = vc_oint(v);
			vc_evidence(ctx, "%s: VMMON_VERSION %u", path, v);
		}
		return;
	}
}

/* vmmon.ko for the running kernel, and whether it carries a signature. */
static void find_ko(struct vc_ctx *ctx, struct vc_vmware_facts *vf)
{
	const char *kver = ctx->facts.kernel;
	enum vc_ftype t;

	if (!kver || strchr(kver, '/'))
		return;
	for (size_t d = 0; d < ARRAY_SIZE(ko_dirs) && !vf->vmmon_ko; d++)
		for (size_t s = 0; s < ARRAY_SIZE(ko_suffixes) && !vf->vmmon_ko; s++) {
			char *path =
				xasprintf("/lib/modules/%s/%s/vmmon%s", kver, ko_dirs[d], ko_suffixes[s]);

			if (vc_host_stat(ctx->host, path, &t) == 0 && t == VC_FT_REG)
				vf->vmmon_ko = path;
			else
				free(path);
		}
	if (!vf->vmmon_ko) {
		vc_evidence(ctx, "no vmmon.ko under /lib/modules/%s (misc, extra, updates)", kver);
		return;
	}
	vf->vmmon_signed = vc_ko_signed(ctx, vf->vmmon_ko);
	vc_evidence(ctx, "%s%s", vf->vmmon_ko,
		    vf->vmmon_signed == VC_TRI_TRUE    ? ": signed"
		    : vf->vmmon_signed == VC_TRI_FALSE ? ": not signed (no module signature at its end)"
						       : "");
}

/* Kernel log lines that refuse vmmon or vmnet: those naming them, and the lockdown and
 * signature-enforcement lines that name no module. */
static void refusals(struct vc_vmware_facts *vf, const struct vc_strv *rejected)
{
	for (size_t i = 0; i < rejected->n; i++) {
		const char *l = rejected->v[i];
		bool names_it = strstr(l, "vmmon") || strstr(l, "vmnet");

		/* "X: module verification failed": a tainting load, not a refusal, unless it is ours */
		if (names_it || !strstr(l, "module verification failed"))
			vc_strv_push(&vf->refused, l);
	}
}

static int vmware_fill(struct vc_ctx *ctx)
{
	struct vc_vmware_facts *vf = &ctx->facts.vmware;
	const struct vc_module_facts *vmmon = vc_facts_module(&ctx->facts, "vmmon");
	struct vc_devnode node;
	enum vc_ftype t;
	unsigned v;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(install_marks) && !vf->installed; i++)
		vf->installed = vc_host_stat(ctx->host, install_marks[i], &t) == 0;
	vf->vmmon_loaded = vc_facts_loaded(&ctx->facts, "vmmon");
	vf->vmnet_loaded = vc_facts_loaded(&ctx->facts, "vmnet");
	vf->present = vf->installed || vf->vmmon_loaded || vf->vmnet_loaded;
	if (!vf->present)
		return 0;
	if (vf->installed)
		read_config(ctx, vf);
	r = vc_host_devnode(ctx->host, "/dev/vmmon", &node);
	vf->dev_vmmon = r == 0 ? VC_TRI_TRUE : r == -ENOENT ? VC_TRI_FALSE : VC_TRI_NULL;
	if (vmmon && vmmon->version && sscanf(vmmon->version, "%u", &v) == 1)
		vf->vmmon_loaded_version = vc_oint(v);
	if (vf->installed) {
		find_ko(ctx, vf);
		source_version(ctx, vf);
		for (size_t i = 0; i < ARRAY_SIZE(services) && !vf->service; i++)
			if (vc_host_stat(ctx->host, services[i], &t) == 0)
				vf->service = xstrdup(services[i]);
		/* why vmmon is not built: what its installer logged */
		if (!vf->vmmon_ko)
			build_logs(ctx);
	}
	refusals(vf, &ctx->facts.platform.kernel_log.module_rejected);
	vc_evidence(ctx, "VMware%s%s%s%s: vmmon %s, vmnet %s, /dev/vmmon %s", vf->product ? " " : "",
		    vf->product ? vf->product : "", vf->version ? " " : "", vf->version ? vf->version : "",
		    vf->vmmon_loaded ? "loaded" : "not loaded", vf->vmnet_loaded ? "loaded" : "not loaded",
		    vf->dev_vmmon == VC_TRI_TRUE    ? "present"
		    : vf->dev_vmmon == VC_TRI_FALSE ? "absent"
						    : "not known");
	return 0;
}

const struct vc_probe probe_vmware = {
	.name = "vmware",
	.id = VC_PROBE_VMWARE,
	.needs = VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_PLATFORM),
	.summary = "VMware Workstation/Player: installed version, vmmon and vmnet built for this kernel, "
		   "signed, loaded, and the vmmon version its sources build",
	.fill = vmware_fill,
};
