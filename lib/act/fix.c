/* preflight --fix: what it changes on the machine (the kvm group, a udev rule or the node's
 * mode, group membership, modules), each step said before and after it is done. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/act/fix.h"
#include "lib/act/kmod.h"
#include "lib/base/sanitise.h"

extern char **environ;

#define KVM_RULE_FILE "/etc/udev/rules.d/65-kvm.rules"
#define KVM_RULE      "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\", OPTIONS+=\"static_node=kvm\"\n"
/* a CI job cannot log in again to get a group: every user may open /dev/kvm (libbpf/libbpf#747) */
#define KVM_RULE_FILE_ALL "/etc/udev/rules.d/99-kvm4all.rules"
#define KVM_RULE_ALL	  "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"\n"

static int spawn_wait(const char *const argv[])
{
	pid_t pid;
	int st, r;

	/* a fixed program with fixed arguments: no shell, no PATH search */
	r = posix_spawn(&pid, argv[0], NULL, NULL, (char *const *)argv, environ);
	if (r)
		return -r;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return neg_errno();
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

static const char *sbin(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static bool group_exists(const char *name)
{
	_cleanup_(fclosep) FILE *f = fopen("/etc/group", "re");
	char line[1024];
	size_t n = strlen(name);

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			return true;
	return false;
}

/* A user name in a command shown: a word for the shell, and text that is safe to show. */
static void put_user(FILE *f, const char *user)
{
	_cleanup_(freep) char *q = vc_shell_quote(user);

	vc_fputs_sane(q, 0, f);
}

/* The /dev/kvm permission fix: the kvm group; a udev rule (group kvm, 0660) applied by a change
 * event, or where no udev runs (containers, minimal VMs) the node itself; the user in the group.
 * In a CI job (ci: its name) the rule gives every user access (0666) instead, and no group change
 * is made: it would reach only a later login. */
static void fix_kvm_access(FILE *fixout, const struct vc_identity *who, const char *ci, bool doit)
{
	bool udev = access("/run/udev/control", F_OK) == 0;
	const char *file = ci ? KVM_RULE_FILE_ALL : KVM_RULE_FILE, *rule = ci ? KVM_RULE_ALL : KVM_RULE;
	mode_t mode = ci ? 0666 : 0660;
	char prog[64];
	int r;

	if (ci) {
		fprintf(fixout, "  (a %s job: it cannot log in again, so no usermod)\n", ci);
		who = NULL;
	}

	fprintf(fixout, "  groupadd -r kvm   (when the group is missing)\n");
	if (udev) {
		fprintf(fixout, "  write %s: %s", file, rule);
		fprintf(fixout,
			"  echo change > /sys/class/misc/kvm/uevent   (udev applies the rule to /dev/kvm)\n");
	} else {
		fprintf(fixout,
			"  chgrp kvm /dev/kvm && chmod %04o /dev/kvm   (no udev runs here: until the "
			"node is made again)\n",
			(unsigned)mode);
	}
	if (who) {
		fputs("  usermod -aG kvm ", fixout);
		put_user(fixout, who->user);
		fputs("   (effective at the next login)\n", fixout);
	}
	if (!doit)
		return;
	if (!group_exists("kvm")) {
		const char *gadd = sbin("groupadd", prog, sizeof(prog));
		const char *argv[] = { gadd, "-r", "kvm", NULL };

		r = gadd ? spawn_wait(argv) : -ENOENT;
		fprintf(fixout, "  -> groupadd -r kvm: %s\n", r ? strerror(-r) : "done");
	}
	if (udev) {
		r = vc_write_file_atomic(file, rule, strlen(rule), 0644, true);
		fprintf(fixout, "  -> %s: %s\n", file,
			r ? strerror(-r) : "written (a previous file is kept as .bak)");
		int fd = open("/sys/class/misc/kvm/uevent", O_WRONLY | O_CLOEXEC);
		r = fd < 0 || write(fd, "change", 6) != 6 ? neg_errno() : 0;
		if (fd >= 0)
			close(fd);
		fprintf(fixout, "  -> udev change event for kvm: %s\n", r ? strerror(-r) : "sent");
		/* udev works asynchronously: give it a moment before the re-check */
		for (int i = 0; i < 20; i++) {
			struct stat st;

			if (stat("/dev/kvm", &st) == 0 && (st.st_mode & mode) == mode)
				break;
			nanosleep(&(struct timespec){ 0, 50L * 1000 * 1000 }, NULL);
		}
	} else {
		struct group *g = getgrnam("kvm");
		struct stat st;

		/* the node must still be the KVM device: never chmod something else */
		r = !g							     ? -ENOENT
		    : stat("/dev/kvm", &st) < 0				     ? neg_errno()
		    : !S_ISCHR(st.st_mode) || st.st_rdev != makedev(10, 232) ? -ENOTTY
									     : 0;
		if (r == 0 && (chown("/dev/kvm", (uid_t)-1, g->gr_gid) < 0 || chmod("/dev/kvm", mode) < 0))
			r = neg_errno();
		fprintf(fixout, "  -> /dev/kvm group kvm mode %04o: %s\n", (unsigned)mode,
			r ? strerror(-r) : "done");
	}
	if (who) {
		const char *umod = sbin("usermod", prog, sizeof(prog));
		const char *argv[] = { umod, "-aG", "kvm", who->user, NULL };

		r = umod ? spawn_wait(argv) : -ENOENT;
		fputs("  -> usermod -aG kvm ", fixout);
		put_user(fixout, who->user);
		fprintf(fixout, ": %s\n", r ? strerror(-r) : "done (log out and back in)");
	}
}

static void fix_module(FILE *fixout, const char *name, bool doit)
{
	fprintf(fixout, "  modprobe %s\n", name);
	if (doit) {
		int r = vc_load_module(name);

		fprintf(fixout, "  -> %s\n", r ? strerror(-r) : "loaded");
	}
}

bool vc_fix_run(unsigned fix, struct vc_ctx *ctx, bool doit, FILE *fixout)
{
	const struct vc_identity *inv = NULL, *id = NULL;
	const char *vendor = vc_facts_kvm_vendor_module(&ctx->facts);

	if (!fix)
		return false;
	fprintf(fixout, "%s:\n", doit ? "fixing" : "--fix would do (add --yes, as root, to do it)");
	if (fix & VC_FIX_KVM_ACCESS) {
		/* the user to add: the one behind sudo, or this user when not root */
		if (vc_host_invoker(ctx->host, &inv) < 0)
			inv = NULL;
		if (!inv && vc_host_identity(ctx->host, &id) == 0 && id->euid != 0)
			inv = id;
		fix_kvm_access(fixout, inv, vc_ci_job(ctx->host, inv ? inv : id, NULL), doit);
	}
	/* module names come from virtcheck's tables, never from input */
	if ((fix & VC_FIX_KVM_MODULE) && vendor)
		fix_module(fixout, vendor, doit);
	if (fix & VC_FIX_MSR)
		fix_module(fixout, "msr", doit);
	if (fix & VC_FIX_TUN)
		fix_module(fixout, "tun", doit);
	if (fix & VC_FIX_VHOST)
		fix_module(fixout, "vhost_net", doit);
	return doit;
}
