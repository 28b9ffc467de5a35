/* A capture keeps what the probes use and nothing private: every fixture host recorded
 * through a recording host (as `virtcheck capture` records this machine) replays to the same
 * report, and secrets planted in the files a capture reduces never reach it. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/act/capture.h"
#include "lib/base/util.h"
#include "lib/host/host.h"
#include "lib/host/redact.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"

static char top[64];

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/vc-capture-XXXXXX");
	return mkdtemp(top) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* The JSON report of h (freed), without the sysroot line, which names the directory. */
static char *report_of(struct vc_host *h, bool finish)
{
	struct vc_ctx *ctx = vc_ctx_new(h);
	char *text = NULL, *line;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(vc_run(ctx, VC_ALL_PROBES, true), 0);
	vc_render_json(f, ctx, "test");
	fclose(f);
	vc_ctx_free(ctx);
	if (finish)
		assert_int_equal(vc_host_finish(h, "test"), 0);
	vc_host_free(h);
	if ((line = strstr(text, "\n    \"sysroot\": ")))
		memmove(line, strchr(line + 1, '\n'), strlen(strchr(line + 1, '\n')) + 1);
	return text;
}

/* Records dir into top/name (redacted or not) and returns the report of the replay; *ret_orig the
 * original's. */
static char *record_replay_as(const char *dir, const char *name, bool redact, char **ret_orig)
{
	struct vc_host *h, *inner;
	char cap[256];

	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	*ret_orig = report_of(h, false);
	snprintf(cap, sizeof(cap), "%s/%s", top, name);
	assert_int_equal(vc_host_new_sysroot(dir, &inner), 0);
	assert_int_equal(vc_host_new_recording(cap, inner, &h), 0);
	if (redact)
		assert_int_equal(vc_host_record_redact(h), 0);
	free(report_of(h, true));
	assert_int_equal(vc_host_new_sysroot(cap, &h), 0);
	return report_of(h, false);
}

static char *record_replay(const char *dir, const char *name, char **ret_orig)
{
	return record_replay_as(dir, name, false, ret_orig);
}

static void test_fixtures_round_trip(void **state)
{
	const char *src = getenv("VC_SRCDIR");
	char fx[512];
	struct dirent *e;
	DIR *d;
	unsigned n = 0;

	(void)state;
	snprintf(fx, sizeof(fx), "%s/tests/fixtures", src ? src : ".");
	d = opendir(fx);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char dir[1024], *orig, *replay;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", fx, e->d_name);
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
			continue; /* build-scenarios.py, owner-pending.txt */
		replay = record_replay(dir, e->d_name, &orig);
		if (strcmp(orig, replay) != 0) {
			FILE *a = fopen("/tmp/vc-capture-orig.json", "w"),
			     *b = fopen("/tmp/vc-capture-replay.json", "w");

			fputs(orig, a);
			fputs(replay, b);
			fclose(a);
			fclose(b);
			fail_msg("%s: the replay of its capture differs (diff /tmp/vc-capture-orig.json "
				 "/tmp/vc-capture-replay.json)",
				 e->d_name);
		}
		free(orig);
		free(replay);
		n++;
	}
	closedir(d);
	assert_true(n >= 20);
}

/* Does any file below dir contain needle? */
static bool tree_contains(const char *dir, const char *needle)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "grep -r -q -F -e '%s' '%s'", needle, dir);
	return system(cmd) == 0;
}

static void plant(const char *path, const char *mode, const void *data, size_t len)
{
	FILE *f = fopen(path, mode);

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* host/rel holding text */
static void plant_in(const char *host, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", host, rel);
	plant(path, "w", text, strlen(text));
}

/* A fixture host with private data planted: a secret in PID 1's environment, an sshfs mount, a
 * full name, a user's VM log with a MAC and an IP address, a host name. */
static void private_host(const char *host)
{
	static const char environ_[] =
		"HOME=/\0AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY\0"
		"container=podman\0";
	/* this process's own: a sandbox's marker, and a token beside it */
	static const char self_environ[] = "GITHUB_TOKEN=ghp_s10fixEXAMPLEtoken0000\0container=firejail\0";
	static const char mountinfo[] =
		"25 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n"
		"90 25 0:50 / /home/alice/mnt rw - fuse.sshfs alice@fileserver.example:/srv rw\n";
	static const char passwd[] = "alice:x:1000:1000:Alice Quartermaine,,,:/home/alice:/bin/bash\n";
	static const char log[] =
		"00:00:00.000 VirtualBox VM 7.1.4 r165100 linux.amd64 (Oct 15 2024) release log\n"
		"00:00:01.000 VMSetError: VERR_VMX_IN_VMX_ROOT_MODE\n"
		"00:00:01.100 NAT: DNS server 1: 192.0.2.53, guest MAC 08:00:27:aa:bb:cc\n"
		"00:00:01.200 VMX: alice@secret-host uses 10.20.30.40 and fe80::1ff:fe23:4567:890a\n";
	const char *src = getenv("VC_SRCDIR");
	char cmd[1024], path[512];

	snprintf(cmd, sizeof(cmd), "cp -r '%s/tests/fixtures/intel-kvm612-vbox71' '%s'", src ? src : ".",
		 host);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/proc/1' '%s/proc/self' '%s/home/alice/VirtualBox VMs/w11/Logs'", host, host,
		 host);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/proc/1/environ", host);
	plant(path, "w", environ_, sizeof(environ_) - 1);
	snprintf(path, sizeof(path), "%s/proc/self/environ", host);
	plant(path, "w", self_environ, sizeof(self_environ) - 1);
	snprintf(path, sizeof(path), "%s/proc/self/mountinfo", host);
	plant(path, "w", mountinfo, sizeof(mountinfo) - 1);
	snprintf(path, sizeof(path), "%s/etc/passwd", host);
	plant(path, "a", passwd, sizeof(passwd) - 1);
	snprintf(path, sizeof(path), "%s/etc/hostname", host);
	plant(path, "w", "secret-host\n", 12);
	snprintf(path, sizeof(path), "%s/home/alice/VirtualBox VMs/w11/Logs/VBox.log", host);
	plant(path, "w", log, sizeof(log) - 1);
}

static void test_private_data_stays_out(void **state)
{
	char host[256], cap[256], *orig, *replay;

	(void)state;
	snprintf(host, sizeof(host), "%s/private-host", top);
	private_host(host);
	snprintf(cap, sizeof(cap), "%s/private-cap", top);
	replay = record_replay(host, "private-cap", &orig);
	assert_string_equal(orig, replay);
	assert_false(tree_contains(cap, "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"));
	assert_false(tree_contains(cap, "ghp_s10fixEXAMPLEtoken0000"));
	assert_true(tree_contains(cap, "container=firejail"));
	assert_false(tree_contains(cap, "fileserver.example"));
	assert_false(tree_contains(cap, "Quartermaine"));
	assert_false(tree_contains(cap, "08:00:27:aa:bb:cc"));
	/* what the probes used is there */
	assert_true(tree_contains(cap, "container=podman"));
	assert_true(tree_contains(cap, "VERR_VMX_IN_VMX_ROOT_MODE"));
	free(orig);
	free(replay);
}

/* vmware-modconfig's log: a capture keeps the lines the vmware probe reads (its failure, the kernel
 * it names), not the paths, users and host names around them, and its replay says the same. */
static void test_modconfig_log_kept(void **state)
{
	const char *src = getenv("VC_SRCDIR");
	char host[256], cap[256], cmd[1024], *orig, *replay;

	(void)state;
	snprintf(host, sizeof(host), "%s/modconfig-host", top);
	snprintf(cmd, sizeof(cmd),
		 "cp -r '%s/tests/fixtures/r-vmware1400-deepin155-4.14-vmmon-build-failed' '%s' && echo "
		 "'2018-01-26T15:19:19.400+05:30| vthread-1| I125: alice@secret-host: /home/alice/vm' "
		 ">>'%s/tmp/vmware-root/vmware-670.log'",
		 src ? src : ".", host, host);
	assert_int_equal(system(cmd), 0);
	snprintf(cap, sizeof(cap), "%s/modconfig-cap", top);
	replay = record_replay(host, "modconfig-cap", &orig);
	assert_string_equal(orig, replay);
	assert_non_null(strstr(orig, "\"build_failed\": true"));
	assert_true(tree_contains(cap, "W115: Failed to build vmmon."));
	assert_true(tree_contains(cap, "Host is Linux 4.14.0-deepin2-amd64"));
	assert_false(tree_contains(cap, "secret-host"));
	assert_false(tree_contains(cap, "/root/.vmware/config"));
	free(orig);
	free(replay);
}

/* What the recorded host could not say stays unknown in the replay: no process list, no /dev/kvm
 * facts, no identity (meta.txt without uid) or one without a name (user -). */
static void test_unknown_stays_unknown(void **state)
{
	const char *src = getenv("VC_SRCDIR");
	char host[256], cmd[1024], path[512], *orig, *replay;

	(void)state;
	for (int k = 0; k < 2; k++) {
		snprintf(host, sizeof(host), "%s/unknown-host-%d", top, k);
		snprintf(cmd, sizeof(cmd),
			 "cp -r '%s/tests/fixtures/intel-kvm612-vbox71' '%s' && rm '%s/virtcheck/%s'",
			 src ? src : ".", host, host, k ? "kvm.txt" : "fds.txt");
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof(path), "%s/virtcheck/meta.txt", host);
		plant(path, "w", k ? "time 2026-11-21T09:00:00Z\n" : "uid 0\neuid 0\n", k ? 26 : 12);
		replay = record_replay(host, k ? "unknown-cap-1" : "unknown-cap-0", &orig);
		assert_string_equal(orig, replay);
		free(orig);
		free(replay);
	}
}

/* The verdict of a report: its owner and status lines and its finding ids, in order. */
static char *verdict_of(const char *json)
{
	struct buf b = { 0 };

	for (const char *p = json; (p = strstr(p, "\n")); p++) {
		const char *eol = strchrnul(p + 1, '\n');

		if (strstr(p, "\"hypervisor\": ") == p + 1 + strspn(p + 1, " ") ||
		    strstr(p, "\"id\": ") == p + 1 + strspn(p + 1, " ") ||
		    strstr(p, "\"status\": ") == p + 1 + strspn(p + 1, " "))
			buf_append(&b, p, (size_t)(eol - p));
	}
	buf_append(&b, "", 1);
	return b.data;
}

static void test_redacted_capture(void **state)
{
	static const char *const gone[] = { "alice",	  "secret-host",       "10.20.30.40",
					    "192.0.2.53", "08:00:27:aa:bb:cc", "fe80::1ff:fe23:4567:890a" };
	char host[512], cap[256], *orig, *replay, *v1, *v2;

	(void)state;
	snprintf(host, sizeof(host), "%s/redact-host", top);
	private_host(host);
	snprintf(cap, sizeof(cap), "%s/redact-cap", top);
	replay = record_replay_as(host, "redact-cap", true, &orig);
	for (size_t i = 0; i < ARRAY_SIZE(gone); i++)
		if (tree_contains(cap, gone[i]))
			fail_msg("the redacted capture still holds '%s'", gone[i]);
	/* paths too: the user's home is /home/user1 */
	snprintf(host, sizeof(host), "%s/home/user1/VirtualBox VMs/w11/Logs/VBox.log", cap);
	assert_int_equal(access(host, F_OK), 0);
	assert_true(tree_contains(cap, "user1@host1"));
	/* the same verdict: owner, findings, status */
	v1 = verdict_of(orig);
	v2 = verdict_of(replay);
	assert_true(strstr(v1, "VERR_VMX") || strstr(v1, "conflict."));
	assert_string_equal(v1, v2);
	free(v1);
	free(v2);
	free(orig);
	free(replay);
}

/* The replay names what (the cloud the markers show) and has the original's verdict; both freed. */
static void same_verdict(char *orig, char *replay, const char *what)
{
	char *v1 = verdict_of(orig), *v2 = verdict_of(replay);

	assert_non_null(strstr(replay, what));
	assert_string_equal(v1, v2);
	free(v1);
	free(v2);
	free(orig);
	free(replay);
}

/* capture --redact and the values that identify one machine: a Xen PV domain's /sys/hypervisor/uuid
 * (an EC2 one keeps its "ec2" prefix, by which the replay still says Amazon EC2), a company's chassis
 * asset tag (Azure's, the same on every instance, stays), and the DMI UUID and serial numbers and
 * /etc/machine-id as vc_redact_file masks them. */
static void test_redacted_identifiers(void **state)
{
	const char *src = getenv("VC_SRCDIR");
	static const char uuid[] = "ec2a8f9c-1d2e-4b5a-9c8d-7e6f5a4b3c2d\n";
	char host[256], cmd[1024], path[512], cap[256], *orig, *replay;
	struct vc_redact *r = vc_redact_new();
	size_t len;
	char *out;

	(void)state;
	snprintf(host, sizeof(host), "%s/xen-pv-host", top);
	snprintf(cmd, sizeof(cmd),
		 "cp -r '%s/tests/fixtures/intel-kvm612-vbox71' '%s' && mkdir -p '%s/sys/hypervisor'",
		 src ? src : ".", host, host);
	assert_int_equal(system(cmd), 0);
	plant_in(host, "sys/hypervisor/type", "xen\n");
	plant_in(host, "sys/hypervisor/guest_type", "PV\n");
	plant_in(host, "sys/hypervisor/uuid", uuid);
	snprintf(path, sizeof(path), "%s/sys/class/dmi", host);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
	replay = record_replay_as(host, "xen-pv-cap", true, &orig);
	snprintf(cap, sizeof(cap), "%s/xen-pv-cap", top);
	assert_false(tree_contains(cap, "a8f9c-1d2e-4b5a-9c8d-7e6f5a4b3c2d"));
	assert_true(tree_contains(cap, "ec200000-0000-0000-0000-000000000000"));
	assert_non_null(strstr(orig, "Amazon EC2"));
	same_verdict(orig, replay, "Amazon EC2");

	/* a company's asset tag goes; Azure's stays, and Azure is still named */
	snprintf(host, sizeof(host), "%s/azure-host", top);
	snprintf(cmd, sizeof(cmd), "cp -r '%s/tests/fixtures/r-env-azure-d2sv3-nested-kvm' '%s'",
		 src ? src : ".", host);
	assert_int_equal(system(cmd), 0);
	replay = record_replay_as(host, "azure-cap", true, &orig);
	snprintf(cap, sizeof(cap), "%s/azure-cap", top);
	assert_true(tree_contains(cap, "7783-7084-3265-9085-8269-3286-77"));
	same_verdict(orig, replay, "Microsoft Azure");
	out = vc_redact_file(r, "/sys/class/dmi/id/chassis_asset_tag", "ACME-ASSET-00912\n", 17, &len);
	assert_string_equal(out, "0000-00000-00000\n");
	free(out);
	out = vc_redact_file(r, "/sys/class/dmi/id/product_uuid", "EC2D4C1B-9F7A-11E9-8000-0A1B2C3D4E5F\n",
			     37, &len);
	assert_string_equal(out, "EC200000-0000-0000-0000-000000000000\n");
	free(out);
	out = vc_redact_file(r, "/sys/class/dmi/id/product_uuid", "4C4C4544-0051-3410-8058-B4C04F4B4E32\n",
			     37, &len);
	assert_string_equal(out, "00000000-0000-0000-0000-000000000000\n");
	free(out);
	out = vc_redact_file(r, "/sys/class/dmi/id/product_serial", "5CG1234XYZ\n", 11, &len);
	assert_string_equal(out, "0000000000\n");
	free(out);
	out = vc_redact_file(r, "/etc/machine-id", "b08dfa6083e7567a1921a715000001fb\n", 33, &len);
	assert_null(strstr(out, "b08dfa"));
	free(out);
	/* any other file: only names and addresses */
	out = vc_redact_file(r, "/sys/class/dmi/id/product_name", "HVM domU\n", 9, &len);
	assert_string_equal(out, "HVM domU\n");
	free(out);
	vc_redact_free(r);
}

/* capture --redact --format json: the report printed is redacted like the capture's files (it was
 * the run's own, with the user's names and the machine's identifiers); each value is
 * in the unredacted report, so the test shows it gone. */
static void test_redacted_printed_report(void **state)
{
	static const char *const gone[] = { "alice", "ACME-ASSET-00912" };
	/* read by no probe today: never printed either */
	static const char *const never[] = { "5CG1234XYZ", "4C4C4544-0051-3410-8058-B4C04F4B4E32" };
	char host[256], cap[256], cmd[1024], *orig, *printed = NULL;
	struct vc_host *h, *inner;
	size_t len;
	FILE *f;

	(void)state;
	snprintf(host, sizeof(host), "%s/printed-host", top);
	private_host(host);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/class/dmi/id'", host);
	assert_int_equal(system(cmd), 0);
	plant_in(host, "sys/class/dmi/id/chassis_asset_tag", "ACME-ASSET-00912\n");
	plant_in(host, "sys/class/dmi/id/product_serial", "5CG1234XYZ\n");
	plant_in(host, "sys/class/dmi/id/product_uuid", "4C4C4544-0051-3410-8058-B4C04F4B4E32\n");
	assert_int_equal(vc_host_new_sysroot(host, &h), 0);
	orig = report_of(h, false);
	for (size_t i = 0; i < ARRAY_SIZE(gone); i++)
		if (!strstr(orig, gone[i]))
			fail_msg("the unredacted report does not hold '%s': nothing to test", gone[i]);

	snprintf(cap, sizeof(cap), "%s/printed-cap", top);
	assert_int_equal(vc_host_new_sysroot(host, &inner), 0);
	assert_int_equal(vc_host_new_recording(cap, inner, &h), 0);
	assert_int_equal(vc_host_record_redact(h), 0);
	f = open_memstream(&printed, &len);
	assert_int_equal(vc_capture(h, cap, true, f, "test"), 0);
	fclose(f);
	vc_host_free(h);
	for (size_t i = 0; i < ARRAY_SIZE(gone); i++)
		if (strstr(printed, gone[i]))
			fail_msg("capture --redact printed '%s'", gone[i]);
	for (size_t i = 0; i < ARRAY_SIZE(never); i++)
		assert_null(strstr(printed, never[i]));
	/* the same verdict as the unredacted run */
	same_verdict(orig, printed, "\"schema\": \"virtcheck.report/1\"");
}

/* One user's 64 VM folders of sparse 32 MiB logs (516 KiB on disk) made root's report take 39 s
 * and its capture write 4 GiB: now each log's last 1 MiB, 4 MiB in all, is read and copied. */
/* A /proc/cpuinfo of n CPUs, each flags line with filler words flag bytes long (vmx on CPU 0 only). */
static size_t write_cpuinfo(const char *host, unsigned n, size_t filler)
{
	char path[512];
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/proc/cpuinfo", host);
	f = fopen(path, "w");
	assert_non_null(f);
	for (unsigned c = 0; c < n; c++) {
		fprintf(f, "processor\t: %u\nvendor_id\t: GenuineIntel\nflags\t\t: fpu%s", c,
			c ? "" : " vmx");
		for (size_t k = 0; k + 6 <= filler; k += 6)
			fputs(" f0000", f);
		fputs(" hypervisor\n\n", f);
	}
	size = ftell(f);
	fclose(f);
	return (size_t)size;
}

static const struct vc_cpuid_facts *cpuid_of(struct vc_host *h, struct vc_ctx **ret)
{
	*ret = vc_ctx_new(h);
	assert_int_equal(vc_run_only(*ret, VC_P(VC_PROBE_CPUID)), 0);
	return &(*ret)->facts.cpuid;
}

/* /proc/cpuinfo is read for its first CPU only (its head), whatever the number of CPUs; a capture
 * keeps the whole file; a first CPU whose flags line the head cuts short gives no flags. */
static void test_cpuinfo_head(void **state)
{
	char host[256], path[512], *orig, *replay;
	const struct vc_cpuid_facts *c;
	struct vc_host *h;
	struct vc_ctx *ctx;
	struct stat st;
	size_t size;

	(void)state;
	snprintf(host, sizeof(host), "%s/cpuinfo-host", top);
	private_host(host);
	size = write_cpuinfo(host, 512, 600);
	assert_true(size > (256u << 10));
	assert_int_equal(vc_host_new_sysroot(host, &h), 0);
	c = cpuid_of(h, &ctx);
	assert_true(c->has_cpuinfo);
	assert_true(c->cpuinfo_flags.vmx);
	assert_true(c->cpuinfo_flags.hypervisor);
	vc_ctx_free(ctx);
	vc_host_free(h);

	replay = record_replay(host, "cpuinfo-cap", &orig);
	assert_string_equal(orig, replay);
	free(orig);
	free(replay);
	snprintf(path, sizeof(path), "%s/cpuinfo-cap/proc/cpuinfo", top);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, size);

	write_cpuinfo(host, 2, 70u << 10);
	assert_int_equal(vc_host_new_sysroot(host, &h), 0);
	c = cpuid_of(h, &ctx);
	assert_false(c->has_cpuinfo);
	vc_ctx_free(ctx);
	vc_host_free(h);
}

static void test_logs_bounded(void **state)
{
	char host[256], cap[256], cmd[1024], *orig, *replay;
	long long bytes = 0;
	FILE *du;

	(void)state;
	snprintf(host, sizeof(host), "%s/logs-host", top);
	private_host(host);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s/home/alice/VirtualBox VMs' && for i in $(seq 1 64); do mkdir -p vm$i/Logs && "
		 "for f in VBox.log VBoxHardening.log; do truncate -s 32M vm$i/Logs/$f && "
		 "echo '00:00:09.000 VMSetError: VERR_SVM_IN_USE' >>vm$i/Logs/$f; done; done",
		 host);
	assert_int_equal(system(cmd), 0);
	snprintf(cap, sizeof(cap), "%s/logs-cap", top);
	replay = record_replay(host, "logs-cap", &orig);
	assert_string_equal(orig, replay);
	/* the failure at each log's end is found, within the budget */
	if (!strstr(orig, "VERR_SVM_IN_USE")) {
		FILE *o = fopen("/tmp/vc-logs-orig.json", "w");

		fputs(orig, o);
		fclose(o);
		fail_msg("no VERR_SVM_IN_USE in the report (/tmp/vc-logs-orig.json)");
	}
	snprintf(cmd, sizeof(cmd), "du -sb --apparent-size '%s'", cap);
	du = popen(cmd, "r");
	assert_non_null(du);
	assert_int_equal(fscanf(du, "%lld", &bytes), 1);
	pclose(du);
	if (bytes > 6ll << 20)
		fail_msg("the capture holds %lld bytes: more than the 4 MiB log budget and the host", bytes);
	free(orig);
	free(replay);
}

/* A host told to ask /dev/kvm only some capabilities answers those (and KVM_CAP_USER_MEMORY, which
 * decides usability) and leaves the rest unknown, replay or live alike; a recording told so still
 * captures every capability its inner host gave. */
static void test_kvm_caps_wanted(void **state)
{
	const char *src = getenv("VC_SRCDIR");
	int user = vc_kvm_cap_index("KVM_CAP_USER_MEMORY"), max = vc_kvm_cap_index("KVM_CAP_MAX_VCPUS");
	const struct vc_kvm_info *k;
	struct vc_host *h, *inner;
	char dir[512], cap[256];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/amd-kvm-idle-6.1", src ? src : ".");
	assert_true(user >= 0 && max >= 0);
	assert_int_equal(vc_kvm_cap_bit("KVM_CAP_NO_SUCH"), 0);

	assert_int_equal(vc_host_new_sysroot(dir, &h), 0); /* every cap, untold */
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->caps[user], 1);
	assert_int_equal(k->caps[max], 4096);
	vc_host_free(h);

	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	vc_host_kvm_want(h, 0);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->caps[user], 1);
	assert_int_equal(k->caps[max], -1);
	vc_host_free(h);

	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	vc_host_kvm_want(h, vc_kvm_cap_bit("KVM_CAP_MAX_VCPUS"));
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->caps[user], 1);
	assert_int_equal(k->caps[max], 4096);
	for (size_t i = 0; i < vc_kvm_ncaps; i++)
		if ((int)i != user && (int)i != max)
			assert_int_equal(k->caps[i], -1);
	vc_host_free(h);

	snprintf(cap, sizeof(cap), "%s/caps-cap", top);
	assert_int_equal(vc_host_new_sysroot(dir, &inner), 0);
	assert_int_equal(vc_host_new_recording(cap, inner, &h), 0);
	vc_host_kvm_want(h, 0);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->caps[max], -1);
	assert_int_equal(vc_host_finish(h, "test"), 0);
	vc_host_free(h);
	assert_int_equal(vc_host_new_sysroot(cap, &h), 0);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->caps[max], 4096);
	vc_host_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_round_trip),
		cmocka_unit_test(test_private_data_stays_out),
		cmocka_unit_test(test_modconfig_log_kept),
		cmocka_unit_test(test_unknown_stays_unknown),
		cmocka_unit_test(test_redacted_capture),
		cmocka_unit_test(test_redacted_identifiers),
		cmocka_unit_test(test_redacted_printed_report),
		cmocka_unit_test(test_kvm_caps_wanted),
		cmocka_unit_test(test_logs_bounded),
		cmocka_unit_test(test_cpuinfo_head),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
