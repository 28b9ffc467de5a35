/* Unit tests of the host seam: sysroot confinement, bounded reads, recording, live /dev/kvm. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/kcmp.h>
#include <linux/kvm.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/host/host-internal.h"
#include "lib/host/live_sources.h"
#include "lib/host/taskstats.h"
#include "lib/verdict/run.h"

static char root[] = "/tmp/vc-test-host-XXXXXX";

static void put(const char *rel, const char *content)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int setup(void **state)
{
	char path[512];

	(void)state;
	if (!mkdtemp(root))
		return -1;
	put("proc/sys/kernel/osrelease", "6.12.9-amd64\n");
	put("sys/devices/virtual/misc/kvm/dev", "10:232\n");
	snprintf(path, sizeof(path), "%s/sys/class", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/class/misc", root);
	mkdir(path, 0755);
	/* sysfs style: an absolute link inside the capture must resolve inside it */
	snprintf(path, sizeof(path), "%s/sys/class/misc/kvm", root);
	if (symlink("/sys/devices/virtual/misc/kvm", path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/etc", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc/escape", root);
	if (symlink("../../../../../../../../etc/passwd", path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/etc/loop", root);
	if (symlink("loop", path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/etc/fifo", root);
	if (mkfifo(path, 0644) < 0)
		return -1;
	/* a sparse 1 GiB file: the reader must stop at its bound, not allocate */
	snprintf(path, sizeof(path), "%s/etc/huge", root);
	int fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || ftruncate(fd, 1 << 30) < 0)
		return -1;
	close(fd);
	put("virtcheck/meta.txt", "uid 1000\n");
	put("virtcheck/errors.txt", "/proc/denied EACCES\n");
	put("virtcheck/devices.txt", "/dev/kvm c 10:232 0660 0 kvm\n/dev/vboxdrv error ENOENT\n"
				     "/run/libvirt/libvirt-sock s 0:0 0666 0 root\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	/* test scaffolding only: the product never runs a shell */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* state: NULL = openat2, non-NULL = the userspace RESOLVE_IN_ROOT walk of older kernels */
static struct vc_host *sysroot(void **state)
{
	struct vc_host *h;

	assert_int_equal(vc_host_new_sysroot(root, &h), 0);
	if (*state)
		vc_host_sysroot_force_walk(h);
	return h;
}

static void test_sysroot_reads(void **state)
{
	struct vc_host *h = sysroot(state);
	char *v;
	enum vc_ftype t;

	assert_false(vc_host_is_live(h));
	assert_string_equal(vc_host_sysroot(h), root);
	assert_int_equal(vc_host_read_value(h, "/proc/sys/kernel/osrelease", &v), 0);
	assert_string_equal(v, "6.12.9-amd64");
	free(v);
	assert_int_equal(vc_host_read_value(h, "/sys/class/misc/kvm/dev", &v), 0);
	assert_string_equal(v, "10:232");
	free(v);
	assert_int_equal(vc_host_read_value(h, "/proc/nothing", &v), -ENOENT);
	/* a stat follows the link too (O_PATH must not stop at the link itself) */
	assert_int_equal(vc_host_stat(h, "/sys/class/misc/kvm", &t), 0);
	assert_int_equal(t, VC_FT_DIR);
	assert_int_equal(vc_host_read_value(h, "/sys/class/misc/kvm/../kvm/dev", &v), -EINVAL);
	vc_host_free(h);
}

static void test_sysroot_confinement(void **state)
{
	struct vc_host *h = sysroot(state);
	char *v = NULL;
	int r;

	/* the link climbs out: RESOLVE_IN_ROOT clamps it to the capture's own /etc/passwd */
	r = vc_host_read_value(h, "/etc/escape", &v);
	assert_true(r == -ENOENT || r == -EXDEV);
	assert_null(v);
	assert_int_equal(vc_host_read_value(h, "/etc/loop", &v), -ELOOP);
	assert_int_equal(vc_host_read_value(h, "/../etc/passwd", &v), -EINVAL);
	assert_int_equal(vc_host_read_value(h, "/etc/./passwd", &v), -EINVAL);
	assert_int_equal(vc_host_read_value(h, "relative", &v), -EINVAL);
	assert_int_equal(vc_host_read_value(h, "/etc//x", &v), -EINVAL);
	vc_host_free(h);
}

static void test_sysroot_hostile_files(void **state)
{
	struct vc_host *h = sysroot(state);
	char *v = NULL;
	size_t len;

	assert_int_equal(vc_host_read_value(h, "/etc/fifo", &v), -EINVAL); /* and no hang */
	assert_int_equal(vc_host_read(h, "/etc/huge", 1 << 20, &v, &len), -EFBIG);
	assert_int_equal(vc_host_read_value(h, "/etc", &v), -EINVAL);
	assert_null(v);
	/* errors.txt replays what the captured host answered */
	assert_int_equal(vc_host_read_value(h, "/proc/denied", &v), -EACCES);
	vc_host_free(h);
}

static void test_sysroot_records(void **state)
{
	struct vc_host *h;
	struct vc_devnode d;
	const struct vc_kvm_info *k;

	(void)state;
	assert_int_equal(vc_host_new_sysroot(root, &h), 0);
	assert_int_equal(vc_host_devnode(h, "/dev/kvm", &d), 0);
	assert_int_equal(d.mode, 0660);
	assert_string_equal(d.group, "kvm");
	assert_int_equal(vc_host_devnode(h, "/dev/vboxdrv", &d), -ENOENT);
	assert_int_equal(vc_host_devnode(h, "/dev/vmmon", &d), -ENODATA);
	/* a socket is recorded beside the nodes, and each function keeps its own kind */
	assert_int_equal(vc_host_socket(h, "/run/libvirt/libvirt-sock", &d), 0);
	assert_int_equal(d.type, 's');
	assert_int_equal(d.mode, 0666);
	assert_string_equal(d.group, "root");
	assert_int_equal(vc_host_devnode(h, "/run/libvirt/libvirt-sock", &d), -ENOTTY);
	assert_int_equal(vc_host_socket(h, "/dev/kvm", &d), -ENOTSOCK);
	assert_int_equal(vc_host_socket(h, "/run/libvirt/virtqemud-sock", &d), -ENODATA);
	assert_int_equal(vc_host_kvm(h, &k), -ENODATA); /* no kvm.txt: unknown, not "absent" */
	vc_host_free(h);
}

static void test_recording_refuses_existing(void **state)
{
	struct vc_host *h;

	(void)state;
	/* capture makes its directory: an existing one is never written into */
	assert_int_equal(vc_host_new_recording(root, NULL, &h), -EEXIST);
	assert_int_equal(vc_host_new_sysroot("/nonexistent-virtcheck", &h), -ENOENT);
	/* a directory that is no capture (no virtcheck/meta.txt) is refused, not replayed */
	assert_int_equal(vc_host_new_sysroot("/proc/self", &h), -EMEDIUMTYPE);
}

/* A listening UNIX socket at path with mode (closed again: the node stays). */
static int unix_socket_at(const char *path, mode_t mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), r;

	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return r < 0 ? -1 : chmod(path, mode);
}

static void test_recording_roundtrip(void **state)
{
	char top[] = "/tmp/vc-test-rec-XXXXXX", dir[64], sock[64], cmd[100];
	struct vc_devnode node;
	struct vc_host *rec, *replay;
	struct vc_cpuid_regs a, b;
	char *v1, *v2;

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(dir, sizeof(dir), "%s/cap", top);
	snprintf(sock, sizeof(sock), "%s/sock", top);
	assert_int_equal(unix_socket_at(sock, 0640), 0);
	assert_int_equal(vc_host_new_recording(dir, NULL, &rec), 0);
	assert_int_equal(vc_host_read_value(rec, "/proc/sys/kernel/osrelease", &v1), 0);
	assert_int_equal(vc_host_cpuid(rec, 0, 0, 0, &a), 0);
	assert_int_equal(vc_host_socket(rec, sock, &node), 0);
	assert_int_equal(vc_host_devnode(rec, sock, &node), -ENOTTY);
	assert_int_equal(vc_host_finish(rec, "test"), 0);
	vc_host_free(rec);

	assert_int_equal(vc_host_new_sysroot(dir, &replay), 0);
	assert_int_equal(vc_host_read_value(replay, "/proc/sys/kernel/osrelease", &v2), 0);
	assert_string_equal(v1, v2);
	assert_int_equal(vc_host_cpuid(replay, 0, 0, 0, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(vc_host_cpuid(replay, 0, 0x12345678, 0, &b), -ENOENT);
	/* the socket's mode and group, as capture recorded them (libvirt's, for one) */
	assert_int_equal(vc_host_socket(replay, sock, &node), 0);
	assert_int_equal(node.type, 's');
	assert_int_equal(node.mode, 0640);
	free(v1);
	free(v2);
	vc_host_free(replay);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
}

/* A capture records which CI variables are set, never their values, and the id maps it read. */
static void test_recording_env(void **state)
{
	char top[] = "/tmp/vc-test-rec-XXXXXX", dir[64], cmd[200], path[100];
	struct vc_host *rec, *replay;
	char *const *lines, *text = NULL;
	size_t n;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(dir, sizeof(dir), "%s/cap", top);
	setenv("GITHUB_ACTIONS", "secret-value", 1);
	assert_int_equal(vc_host_new_recording(dir, NULL, &rec), 0);
	assert_int_equal(vc_host_lines(rec, "env", &lines, &n), 0);
	vc_host_user_namespace(rec, NULL);
	assert_int_equal(vc_host_finish(rec, "test"), 0);
	vc_host_free(rec);
	unsetenv("GITHUB_ACTIONS");

	snprintf(path, sizeof(path), "%s/virtcheck/env.txt", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = 0;
	assert_true(getdelim(&text, &n, '\0', f) > 0);
	fclose(f);
	assert_null(strstr(text, "secret-value"));
	free(text);
	assert_int_equal(vc_host_new_sysroot(dir, &replay), 0);
	assert_int_equal(vc_host_lines(replay, "env", &lines, &n), 0);
	assert_true(n >= 1);
	assert_string_equal(lines[0], "GITHUB_ACTIONS");
	/* the maps were captured: the replay answers as the live host did */
	snprintf(path, sizeof(path), "%s/proc/self/uid_map", dir);
	assert_int_equal(access(path, F_OK), 0);
	vc_host_free(replay);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
}

/* A CI variable set to nothing or to a "no" says no CI job (`CI=false npm run build`): the live host
 * lists only the ones that say a job runs. */
static void test_env_ci_values(void **state)
{
	static const struct {
		const char *value;
		bool listed;
	} cases[] = { { "true", true },	  { "1", true },      { "yes", true },
		      { "false", false }, { "FALSE", false }, { "0", false },
		      { "no", false },	  { "off", false },   { "", false } };
	char *saved[32] = { 0 };
	size_t nvars = 0;

	(void)state;
	/* this test's own environment may be a CI job's: keep its variables aside */
	for (; vc_ci_variables[nvars]; nvars++) {
		const char *v = getenv(vc_ci_variables[nvars]);

		assert_true(nvars < ARRAY_SIZE(saved));
		saved[nvars] = v ? strdup(v) : NULL;
		unsetenv(vc_ci_variables[nvars]);
	}
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct vc_host *h;
		char *const *lines;
		size_t n;

		setenv("CI", cases[c].value, 1);
		assert_int_equal(vc_host_new_live(&h), 0);
		assert_int_equal(vc_host_lines(h, "env", &lines, &n), 0);
		if (cases[c].listed) {
			assert_int_equal(n, 1);
			assert_string_equal(lines[0], "CI");
		} else {
			assert_int_equal(n, 0);
		}
		vc_host_free(h);
	}
	unsetenv("CI");
	for (size_t i = 0; i < nvars; i++)
		if (saved[i]) {
			setenv(vc_ci_variables[i], saved[i], 1);
			free(saved[i]);
		}
}

static void test_user_namespace(void **state)
{
	struct vc_host *h = sysroot(state);
	char *map;

	put("proc/self/uid_map", "         0          0 4294967295\n");
	put("proc/self/gid_map", "         0          0 4294967295\n");
	assert_false(vc_host_user_namespace(h, &map));
	assert_string_equal(map, "0 0 4294967295");
	free(map);
	/* rootless podman: a few ids mapped */
	put("proc/self/uid_map", "      1000       1000          1\n         0     100000       1000\n");
	assert_true(vc_host_user_namespace(h, &map));
	assert_string_equal(map, "1000 1000 1; 0 100000 1000");
	free(map);
	vc_host_free(h);
}

/* This process's open KVM VMs and vCPUs (anon_inode:kvm-vm, anon_inode:kvm-vcpu:N). */
static int kvm_objects_open(void)
{
	char path[64], target[128];
	int n = 0;

	for (int fd = 0; fd < 1024; fd++) {
		ssize_t len;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		len = readlink(path, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (strncmp(target, "anon_inode:kvm-", 15) == 0)
			n++;
	}
	return n;
}

/* The smoke test with its VM freed on another thread (vc_host_defer_close): the guest ran, and once
 * settled this process holds no VM or vCPU. */
static void smoke_freed_later(struct vc_host *h)
{
	const struct vc_kvm_info *k;

	vc_host_defer_close(h);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->vcpu_run, 0);
	vc_host_settle(h);
	assert_int_equal(kvm_objects_open(), 0);
}

/* Real /dev/kvm: runs on the CI machine (kvm_pvm); skipped with the reason elsewhere, unless
 * VC_REQUIRE_KVM is set (.ci/run sets it when `virtcheck preflight --require kvm` passes). */
static void test_live_kvm(void **state)
{
	struct vc_host *h;
	const struct vc_kvm_info *k;

	(void)state;
	if (access("/dev/kvm", R_OK | W_OK) < 0) {
		if (getenv("VC_REQUIRE_KVM"))
			fail_msg("VC_REQUIRE_KVM is set but /dev/kvm is not usable: %s", strerror(errno));
		printf("SKIP: /dev/kvm is not usable here: %s\n", strerror(errno));
		skip();
	}
	assert_int_equal(vc_host_new_live(&h), 0);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->open, 0);
	assert_int_equal(k->api, 12);
	assert_int_equal(k->create_vm, 0);
	assert_int_equal(k->create_vcpu, 0);
	/* the smoke guest wrote 0x42 to port 0x80 and halted */
	assert_int_equal(k->vcpu_run, 0);
	assert_string_equal(k->run_exit, "");
	assert_true(k->caps[vc_kvm_cap_index("KVM_CAP_USER_MEMORY")] > 0);
	assert_true(k->caps[vc_kvm_cap_index("KVM_CAP_MAX_VCPUS")] > 0);
	vc_host_free(h);
	/* told to ask none, it asks only what decides usability; the guest still runs */
	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_kvm_want(h, 0);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_int_equal(k->vcpu_run, 0);
	assert_true(k->caps[vc_kvm_cap_index("KVM_CAP_USER_MEMORY")] > 0);
	assert_int_equal(k->caps[vc_kvm_cap_index("KVM_CAP_MAX_VCPUS")], -1);
	vc_host_free(h);
	/* told that probes follow, it frees the VM on another thread; a host freed unsettled waits
	 * for it too */
	assert_int_equal(vc_host_new_live(&h), 0);
	smoke_freed_later(h);
	vc_host_free(h);
	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_defer_close(h);
	assert_int_equal(vc_host_kvm(h, &k), 0);
	vc_host_free(h);
	assert_int_equal(kvm_objects_open(), 0);
}

/* A passive live host: no VM, nothing opened for writing, no node opened that no driver serves
 * (the kernel would load a module for it). Reads only; the node is made in the test's directory. */
static void test_live_passive(void **state)
{
	struct vc_host *h;
	const struct vc_kvm_info *k;
	char path[512], *buf = NULL;
	size_t len;

	(void)state;
	assert_int_equal(vc_host_new_live_flags(VC_HOST_PASSIVE, &h), 0);
	assert_true(vc_host_is_passive(h));
	assert_int_equal(vc_host_kvm(h, &k), 0);
	assert_true(k->passive);
	assert_int_equal(k->create_vm, VC_NOT_TRIED);
	assert_int_equal(k->create_vcpu, VC_NOT_TRIED);
	assert_int_equal(k->vcpu_run, VC_NOT_TRIED);
	if (access("/dev/kvm", R_OK) == 0) {
		assert_int_equal(k->open, 0); /* read-only is enough for the API version and the caps */
		assert_int_equal(k->api, 12);
		assert_true(k->caps[vc_kvm_cap_index("KVM_CAP_USER_MEMORY")] > 0);
	}
	put("passive/plain", "text\n");
	snprintf(path, sizeof(path), "%s/passive/plain", root);
	assert_int_equal(vc_host_read(h, path, 100, &buf, &len), 0);
	assert_string_equal(buf, "text\n");
	free(buf);
	/* 240-254 are for local use: no driver of this machine serves 240:0, so no open */
	snprintf(path, sizeof(path), "%s/passive/unserved", root);
	if (access("/sys/dev/char/240:0", F_OK) == 0 || mknod(path, S_IFCHR | 0600, makedev(240, 0)) < 0) {
		printf("SKIP: a node no driver serves: mknod needs root, and 240:0 must be unused\n");
	} else {
		assert_int_equal(vc_host_read(h, path, 100, &buf, &len), -ENXIO);
		/* 1:3 is served: opened, then refused for not being a regular file */
		assert_int_equal(vc_host_read(h, "/dev/null", 100, &buf, &len), -EINVAL);
	}
	vc_host_free(h);
	/* the same host without VC_HOST_PASSIVE is not passive */
	assert_int_equal(vc_host_new_live(&h), 0);
	assert_false(vc_host_is_passive(h));
	vc_host_free(h);
	assert_int_equal(vc_host_new_live_flags(1u << 7, &h), -EINVAL);
}

static bool none_builtin(const char *name)
{
	(void)name;
	return false;
}

static bool kvm_builtin(const char *name)
{
	return strcmp(name, "kvm") == 0;
}

/* /proc/modules proves that no process holds a hypervisor fd, or says nothing */
static void test_hv_fds_gate(void **state)
{
	static const char idle[] = "kvm_intel 380928 0 - Live 0x0000000000000000\n"
				   "kvm 1327104 1 kvm_intel, Live 0x0000000000000000\n"
				   "irqbypass 12288 1 kvm, Live 0x0000000000000000\n"
				   "vboxnetadp 28672 0 - Live 0x0000000000000000 (OE)\n"
				   "vboxnetflt 32768 0 - Live 0x0000000000000000 (OE)\n"
				   "vboxdrv 696320 2 vboxnetadp,vboxnetflt, Live 0x0000000000000000 (OE)\n"
				   "vmmon 143360 0 - Live 0x0000000000000000 (OE)\n";
	char text[1024];

	(void)state;
	/* nothing loaded, nothing built in; everything loaded with no reference but its users' */
	assert_true(vc_hv_fds_impossible("", "6.12.9", none_builtin));
	assert_true(vc_hv_fds_impossible(idle, "6.12.9", none_builtin));
	assert_true(vc_hv_fds_impossible("kvm 1 0 - Live 0x0\n", "6.12.9", none_builtin)); /* kvm alone */
	/* built in (this kernel has no modules, or kvm=y): no reference count to go by */
	assert_false(vc_hv_fds_impossible("", "6.12.9", kvm_builtin));
	/* a process holds /dev/kvm or a VM: the vendor module's count */
	assert_false(
		vc_hv_fds_impossible("kvm_intel 380928 3 - Live 0x0\nkvm 1327104 1 kvm_intel, Live 0x0\n",
				     "6.12.9", none_builtin));
	/* /dev/vboxdrv, /dev/vboxnetctl, /dev/vmmon open */
	snprintf(text, sizeof(text), "%s", idle);
	strstr(text, "vboxdrv 696320 2")[15] = '3';
	assert_false(vc_hv_fds_impossible(text, "6.12.9", none_builtin));
	snprintf(text, sizeof(text), "%s", idle);
	strstr(text, "vboxnetadp 28672 0")[17] = '1';
	assert_false(vc_hv_fds_impossible(text, "6.12.9", none_builtin));
	snprintf(text, sizeof(text), "%s", idle);
	strstr(text, "vmmon 143360 0")[13] = '1';
	assert_false(vc_hv_fds_impossible(text, "6.12.9", none_builtin));
	/* a user of kvm that is not listed, no unloading (no count), a module on its way in or out */
	assert_false(vc_hv_fds_impossible("kvm 1327104 1 kvm_amd, Live 0x0\n", "6.12.9", none_builtin));
	assert_false(vc_hv_fds_impossible("vmmon 143360 - - Live 0x0\n", "6.12.9", none_builtin));
	assert_false(vc_hv_fds_impossible("vmmon 143360 0 - Unloading 0x0\n", "6.12.9", none_builtin));
	assert_false(vc_hv_fds_impossible("vmmon 143360\n", "6.12.9", none_builtin));
	/* before Linux 5.18 a VM holds no reference itself: a loaded kvm proves nothing there */
	assert_false(vc_hv_fds_impossible(idle, "5.17.15", none_builtin));
	assert_false(vc_hv_fds_impossible(idle, "4.19.0-27-amd64", none_builtin));
	assert_false(vc_hv_fds_impossible(idle, "?", none_builtin));
	assert_true(vc_hv_fds_impossible(idle, "5.18.0", none_builtin));
	assert_true(vc_hv_fds_impossible("vmmon 143360 0 - Live 0x0\n", "4.19.0", none_builtin));
	/* a name that only begins like one: kvmgt is not kvm */
	assert_true(vc_hv_fds_impossible("kvmgt 16384 2 - Live 0x0\n", "6.12.9", none_builtin));
}

/* In a child: /dev/kvm, a VM and a vCPU (what it got: bits 1, 2, 4), as QEMU would, after 300 other
 * files: its KVM fds come after the first getdents64 of its fd directory. */
static unsigned char hold_vm(void)
{
	int kvm, vm, vcpu;

	for (int i = 0; i < 300; i++)
		if (open("/dev/null", O_RDONLY | O_CLOEXEC) < 0)
			_exit(1);
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	vm = kvm >= 0 ? ioctl(kvm, KVM_CREATE_VM, 0) : -1;
	vcpu = vm >= 0 ? ioctl(vm, KVM_CREATE_VCPU, 0) : -1;
	return (unsigned char)((kvm >= 0) | (vm >= 0) << 1 | (vcpu >= 0) << 2);
}

/* A child that sleeps under the name comm (NULL: its parent's), once it has taken that name; with vm,
 * holding a KVM VM (hold_vm), what it got in *got. */
static pid_t sleeper_with(const char *comm, bool vm, unsigned *got)
{
	int sync[2];
	pid_t pid;
	unsigned char c = 0;

	assert_int_equal(pipe(sync), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (comm)
			prctl(PR_SET_NAME, comm);
		if (vm)
			c = hold_vm();
		if (write(sync[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(sync[0], &c, 1), 1);
	close(sync[0]);
	close(sync[1]);
	if (got)
		*got = c;
	return pid;
}

static pid_t sleeper(const char *comm)
{
	return sleeper_with(comm, false, NULL);
}

/* The live process scan of this machine finds another process's KVM fds and two processes named like
 * VMMs, the first and the last of 302, so that /proc is scanned in two halves on two threads where
 * there are two CPUs; this process's own KVM fds (the report's smoke test VM, which the scan runs
 * beside) are never in it. Reads this machine's /proc (its own process and its children's), never
 * writes. */
static void test_live_fds(void **state)
{
	struct vc_host *h;
	const struct vc_fd_rec *fds;
	size_t n;
	int kvm = -1, vm = -1;
	unsigned got = 0;
	bool saw_kvm = false, saw_vm = false, saw_vcpu = false, saw_self = false, right[3];
	unsigned saw_named = 0;
	pid_t kids[302], holder = -1;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++)
		kids[i] = sleeper(i == 0		      ? "qemu-system-x86"
				  : i == ARRAY_SIZE(kids) - 1 ? "VBoxHeadless"
							      : NULL);
	if (access("/dev/kvm", R_OK | W_OK) == 0) {
		holder = sleeper_with(NULL, true, &got);
		kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		vm = kvm >= 0 ? ioctl(kvm, KVM_CREATE_VM, 0) : -1;
	} else {
		printf("SKIP (in part): /dev/kvm is not usable here: %s\n", strerror(errno));
	}
	/* scanned when asked, then on a thread of its own from a prefetch (as a report does), then
	 * so with no second scan thread: this thread, which asks while the reader scans, takes the
	 * pids the reader has not taken yet */
	for (int pass = 0; pass < 3; pass++) {
		if (vc_host_new_live(&h) < 0) {
			right[pass] = false;
			continue;
		}
		if (pass == 2)
			vc_host_live_test_scan_threads(h, SIZE_MAX);
		if (pass)
			vc_host_prefetch(h, "fds");
		if (pass == 2)
			usleep(3000); /* the reader at it: a scan of 300 sleepers takes longer */
		if (vc_host_fds(h, &fds, &n) < 0)
			n = 0;
		for (size_t i = 0; i < n; i++) {
			if (fds[i].pid == kids[0] || fds[i].pid == kids[ARRAY_SIZE(kids) - 1]) {
				const char *want = fds[i].pid == kids[0] ? "qemu-system-x86" : "VBoxHeadless";

				if (strcmp(fds[i].comm, want) == 0 && strcmp(fds[i].target, "-") == 0)
					saw_named++;
			}
			saw_self |= fds[i].pid == getpid();
			if (fds[i].pid != holder)
				continue;
			saw_kvm |= strcmp(fds[i].target, "/dev/kvm") == 0;
			saw_vm |= strcmp(fds[i].target, "anon_inode:kvm-vm") == 0;
			saw_vcpu |= startswith(fds[i].target, "anon_inode:kvm-vcpu");
		}
		vc_host_free(h);
		right[pass] = saw_named == 2u * (unsigned)(pass + 1) && !saw_self && saw_kvm == !!(got & 1) &&
			      saw_vm == !!(got & 2) && saw_vcpu == !!(got & 4);
		saw_kvm = saw_vm = saw_vcpu = false;
	}
	/* the children gone before any assertion */
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	if (holder > 0) {
		kill(holder, SIGKILL);
		waitpid(holder, NULL, 0);
	}
	if (vm >= 0)
		close(vm);
	if (kvm >= 0)
		close(kvm);
	assert_true(right[0]);
	assert_true(right[1]);
	assert_true(right[2]);
}

/* The scan asks kcmp(KCMP_FILE) whether a process's fd is the previous process's file only where /proc
 * is this process's pid namespace ("proc_ours"): kcmp takes this namespace's pids, and another
 * namespace's /proc names other processes by the same numbers. A stand-in /proc whose "self" is not
 * this process lists two processes by the pids of two children of this one, which do share two open
 * files (kcmp says so): there the first holds a plain file at the lower fd and /dev/kvm at the higher,
 * the second the other way round. Both /dev/kvm are found, in whichever order the directories are
 * listed; without the guard kcmp would pass the second process's /dev/kvm (or the first's) as the
 * other's plain file. */
static void test_live_fds_other_pidns(void **state)
{
	int fds[2] = { open("/dev/null", O_RDONLY | O_CLOEXEC), open("/dev/null", O_RDONLY | O_CLOEXEC) };
	pid_t kids[2] = { sleeper(NULL), sleeper(NULL) };
	const struct vc_fd_rec *recs;
	struct vc_host *h;
	char rel[96], path[600], other[16];
	size_t n = 0, found[2] = { 0, 0 }, wrong = 0;
	bool same;

	(void)state;
	assert_true(fds[0] >= 0 && fds[1] > fds[0]);
	same = syscall(SYS_kcmp, kids[0], kids[1], KCMP_FILE, fds[0], fds[0]) == 0 &&
	       syscall(SYS_kcmp, kids[0], kids[1], KCMP_FILE, fds[1], fds[1]) == 0;
	if (same) {
		snprintf(other, sizeof(other), "%d", getpid() == 1 ? 2 : 1);
		snprintf(path, sizeof(path), "%s/otherns", root);
		assert_int_equal(mkdir(path, 0755), 0);
		snprintf(path, sizeof(path), "%s/otherns/self", root);
		assert_int_equal(symlink(other, path), 0);
		/* a module count that does not rule hypervisor fds out (refs, no users) */
		put("otherns/modules", "kvm 1400000 1 - Live 0x0000000000000000\n");
		for (int k = 0; k < 2; k++) {
			snprintf(rel, sizeof(rel), "otherns/%d/comm", kids[k]);
			put(rel, "other-ns\n");
			snprintf(path, sizeof(path), "%s/otherns/%d/fd", root, kids[k]);
			assert_int_equal(mkdir(path, 0755), 0);
			for (int f = 0; f < 2; f++) {
				snprintf(path, sizeof(path), "%s/otherns/%d/fd/%d", root, kids[k], fds[f]);
				assert_int_equal(symlink(f == k ? "/dev/null" : "/dev/kvm", path), 0);
			}
		}
		assert_int_equal(vc_host_new_live(&h), 0);
		snprintf(path, sizeof(path), "%s/otherns", root);
		vc_host_live_test_proc(h, path);
		assert_int_equal(vc_host_fds(h, &recs, &n), 0);
		for (size_t i = 0; i < n; i++) {
			int k = recs[i].pid == kids[0] ? 0 : recs[i].pid == kids[1] ? 1 : -1;

			if (k >= 0 && strcmp(recs[i].target, "/dev/kvm") == 0)
				found[k]++;
			else
				wrong++;
		}
		vc_host_free(h);
	} else {
		printf("SKIP: kcmp(KCMP_FILE) does not answer here: %s\n", strerror(errno));
	}
	for (int k = 0; k < 2; k++) {
		kill(kids[k], SIGKILL);
		waitpid(kids[k], NULL, 0);
		close(fds[k]);
	}
	if (!same)
		return;
	assert_int_equal(n, 2);
	assert_int_equal(found[0], 1);
	assert_int_equal(found[1], 1);
	assert_int_equal(wrong, 0);
}

/* Processes forked from one that holds /dev/kvm share that open file and its others (the scan compares
 * each fd with the previous process's instead of reading its link): every child that kept /dev/kvm is
 * listed with it, and none that closed it, in a run of 40 where every third closes it and every fifth
 * opens files of its own first. */
static void test_live_fds_shared(void **state)
{
	pid_t kids[40];
	struct vc_host *h;
	const struct vc_fd_rec *fds;
	size_t n = 0, listed = 0, wrong = 0;
	int kvm, sync[2];

	(void)state;
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		printf("SKIP: /dev/kvm is not usable here: %s\n", strerror(errno));
		return;
	}
	assert_int_equal(pipe(sync), 0);
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			char c = 0;

			if (i % 5 == 4)
				for (int f = 0; f < 3; f++)
					if (open("/dev/null", O_RDONLY) < 0)
						_exit(1);
			if (i % 3 == 2)
				close(kvm);
			if (write(sync[1], &c, 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
		char c;

		assert_int_equal(read(sync[0], &c, 1), 1);
	}
	close(kvm);
	close(sync[0]);
	close(sync[1]);
	if (vc_host_new_live(&h) == 0) {
		if (vc_host_fds(h, &fds, &n) < 0)
			n = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < ARRAY_SIZE(kids); k++)
				if (fds[i].pid == kids[k] && strcmp(fds[i].target, "/dev/kvm") == 0) {
					listed++;
					wrong += k % 3 == 2;
				}
		vc_host_free(h);
	}
	for (size_t i = 0; i < ARRAY_SIZE(kids); i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(listed, ARRAY_SIZE(kids) - ARRAY_SIZE(kids) / 3);
}

/* A taskstats reply as the kernel builds it (mk_reply): the family's message, TASKSTATS_CMD_NEW, an
 * AGGR_PID nest of the PID and the STATS (stats_len bytes of struct taskstats); its length. */
static size_t taskstats_reply(char *buf, uint32_t seq, uint32_t pid, const char *comm, size_t stats_len)
{
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(n);
	char *p = buf + NLMSG_LENGTH(GENL_HDRLEN);
	struct nlattr *aggr = (struct nlattr *)p, *a;
	struct taskstats ts = { .version = TASKSTATS_VERSION };

	memset(buf, 0, 1024);
	memcpy(ts.ac_comm, comm, strlen(comm) < sizeof(ts.ac_comm) ? strlen(comm) : sizeof(ts.ac_comm));
	g->cmd = TASKSTATS_CMD_NEW;
	aggr->nla_type = TASKSTATS_TYPE_AGGR_PID | NLA_F_NESTED;
	a = (struct nlattr *)(p + NLA_HDRLEN);
	a->nla_type = TASKSTATS_TYPE_PID;
	a->nla_len = NLA_HDRLEN + 4;
	memcpy((char *)a + NLA_HDRLEN, &pid, 4);
	a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	a->nla_type = TASKSTATS_TYPE_STATS;
	a->nla_len = (uint16_t)(NLA_HDRLEN + stats_len);
	memcpy((char *)a + NLA_HDRLEN, &ts, stats_len < sizeof(ts) ? stats_len : sizeof(ts));
	aggr->nla_len = (uint16_t)((char *)a + NLA_ALIGN(a->nla_len) - p);
	n->nlmsg_len = (uint32_t)(NLMSG_LENGTH(GENL_HDRLEN) + aggr->nla_len);
	n->nlmsg_type = 31;
	n->nlmsg_seq = seq;
	return n->nlmsg_len;
}

/* A taskstats reply gives its pid and name; a cut, overlong or foreign one, none; an error, its errno. */
static void test_taskstats_parse(void **state)
{
	_Alignas(struct nlmsghdr) char buf[1024];
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	char comm[16];
	uint32_t seq = 0;
	int pid = 0;
	size_t len;

	(void)state;
	len = taskstats_reply(buf, 0x105, 4242, "qemu-system-x86", sizeof(struct taskstats));
	assert_int_equal(vc_taskstats_parse(buf, len, 31, &seq, &pid, comm, sizeof(comm)), 0);
	assert_int_equal(seq, 0x105);
	assert_int_equal(pid, 4242);
	assert_string_equal(comm, "qemu-system-x86");
	/* a name that fills ac_comm (no NUL) is cut to the buffer */
	len = taskstats_reply(buf, 1, 7, "0123456789abcdef0123456789abcdefXYZ", sizeof(struct taskstats));
	assert_int_equal(vc_taskstats_parse(buf, len, 31, &seq, &pid, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "0123456789abcde");
	/* another family; a message longer than what was read; stats that end before ac_comm's end */
	assert_int_equal(vc_taskstats_parse(buf, len, 30, &seq, &pid, comm, sizeof(comm)), -ENODATA);
	assert_int_equal(vc_taskstats_parse(buf, len - 1, 31, &seq, &pid, comm, sizeof(comm)), -ENODATA);
	assert_int_equal(vc_taskstats_parse(buf, 3, 31, &seq, &pid, comm, sizeof(comm)), -ENODATA);
	len = taskstats_reply(buf, 1, 7, "x", offsetof(struct taskstats, ac_comm) + 8);
	assert_int_equal(vc_taskstats_parse(buf, len, 31, &seq, &pid, comm, sizeof(comm)), -ENODATA);
	/* an attribute that claims more than its nest */
	len = taskstats_reply(buf, 1, 7, "x", sizeof(struct taskstats));
	((struct nlattr *)(buf + NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN))->nla_len = 0xfff0;
	assert_int_equal(vc_taskstats_parse(buf, len, 31, &seq, &pid, comm, sizeof(comm)), -ENODATA);
	/* the error of a request: its errno, its seq */
	memset(buf, 0, sizeof(buf));
	n->nlmsg_type = NLMSG_ERROR;
	n->nlmsg_len = NLMSG_LENGTH(sizeof(struct nlmsgerr));
	n->nlmsg_seq = 0x203;
	((struct nlmsgerr *)NLMSG_DATA(n))->error = -ESRCH;
	assert_int_equal(vc_taskstats_parse(buf, n->nlmsg_len, 31, &seq, &pid, comm, sizeof(comm)), -ESRCH);
	assert_int_equal(seq, 0x203);
	n->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(vc_taskstats_parse(buf, n->nlmsg_len, 31, &seq, &pid, comm, sizeof(comm)), -ENODATA);
}

/* The names taskstats gives are /proc/PID/comm's without its newline, a tab, a space and an empty name
 * too; a pid that is gone gets ""; as many pids as a batch holds. Needs CAP_NET_ADMIN (a skip without). */
static void test_taskstats_live(void **state)
{
	static const char *const names[VC_TASKSTATS_BATCH] = {
		"qemu-system-x86", "a\tb", " lead", "", "VBoxHeadless", "x", "trail ", "0123456789abcdef"
	};
	char got[VC_TASKSTATS_BATCH][32], want[VC_TASKSTATS_BATCH][32];
	int pids[VC_TASKSTATS_BATCH], sock, r;
	uint16_t family;

	(void)state;
	r = vc_taskstats_open(&sock, &family);
	if (r < 0) {
		printf("SKIP: no taskstats here: %s\n", strerror(-r));
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(pids); i++) {
		char path[64];
		int fd;
		ssize_t k;

		pids[i] = sleeper(names[i]);
		snprintf(path, sizeof(path), "/proc/%d/comm", pids[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		k = fd >= 0 ? read(fd, want[i], sizeof(want[i]) - 1) : -1;
		if (fd >= 0)
			close(fd);
		want[i][k > 0 ? k - 1 : 0] = '\0'; /* without its newline */
	}
	/* the last gone before it is asked: no name */
	kill(pids[ARRAY_SIZE(pids) - 1], SIGKILL);
	waitpid(pids[ARRAY_SIZE(pids) - 1], NULL, 0);
	r = vc_taskstats_comms(sock, family, pids, ARRAY_SIZE(pids), got[0], sizeof(got[0]));
	for (size_t i = 0; i + 1 < ARRAY_SIZE(pids); i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	close(sock);
	if (r == -EPERM) {
		printf("SKIP: taskstats wants CAP_NET_ADMIN\n");
		return;
	}
	assert_int_equal(r, 0);
	for (size_t i = 0; i + 1 < ARRAY_SIZE(pids); i++)
		assert_string_equal(got[i], want[i]);
	assert_string_equal(got[ARRAY_SIZE(pids) - 1], "");
	assert_string_equal(want[0], "qemu-system-x86");
	assert_int_equal(vc_taskstats_comms(-1, family, pids, ARRAY_SIZE(pids) + 1, got[0], sizeof(got[0])),
			 -EINVAL);
}

/* One CPU's /dev/cpu/N/cpuid as a file: the driver's offset is the leaf (subleaf 0), so leaf 1's
 * 16 bytes start at byte 1 and 0x80000001's at byte 0x80000001 (a sparse file). */
static void fake_cpuid_node(const char *dir, unsigned cpu)
{
	const uint32_t leaf1[4] = { 0x000306a9, cpu << 24, 1u << 5, 0 }, ext1[4] = { 0, 0, 1u << 2, 0 };
	char path[600];
	int fd;

	snprintf(path, sizeof(path), "%s/%u", dir, cpu);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%u/cpuid", dir, cpu);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 0x80001000), 0);
	assert_int_equal(pwrite(fd, leaf1, sizeof(leaf1), 1), sizeof(leaf1));
	assert_int_equal(pwrite(fd, ext1, sizeof(ext1), 0x80000001), sizeof(ext1));
	close(fd);
}

/* CPUID on a live host: where /dev/cpu/N/cpuid opens, every CPU is read through it and the
 * process never changes its CPU affinity (no migration to each CPU: 256 CPUs cost 256 of them);
 * where it does not, the instruction runs pinned, once per CPU however many leaves are asked,
 * and the affinity is given back with the host. */
static void test_live_cpuid(void **state)
{
	struct vc_host *h;
	struct vc_ctx *ctx;
	struct vc_cpuid_regs r;
	const unsigned *host_cpus;
	_cleanup_(freep) unsigned *cpus = NULL; /* the host's list goes with the host */
	size_t n;
	char dir[512], empty[512];
	cpu_set_t before, after;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(before), &before), 0);
	snprintf(dir, sizeof(dir), "%s/devcpu", root);
	mkdir(dir, 0755);
	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_live_test_dev_cpu(h, dir);
	assert_int_equal(vc_host_cpus(h, &host_cpus, &n), 0);
	assert_true(n >= 1);
	cpus = xcalloc(n, sizeof(*cpus));
	memcpy(cpus, host_cpus, n * sizeof(*cpus));
	for (size_t i = 0; i < n; i++)
		fake_cpuid_node(dir, cpus[i]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(vc_host_cpuid(h, cpus[i], 1, 0, &r), 0);
		assert_int_equal(r.ebx, cpus[i] << 24); /* this CPU's file, not the instruction */
		assert_int_equal(r.ecx, 1u << 5);
		assert_int_equal(vc_host_cpuid(h, cpus[i], 0x80000001, 0, &r), 0);
		assert_int_equal(r.ecx, 1u << 2);
	}
	vc_host_free(h);

	/* read on threads of their own, every CPU's answer is its own file's, and once read it
	 * stays (the files gone, the same answers) */
	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_live_test_dev_cpu(h, dir);
	vc_host_prefetch(h, "cpuid");
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(vc_host_cpuid(h, cpus[i], 1, 0, &r), 0);
		assert_int_equal(r.ebx, cpus[i] << 24);
	}
	for (size_t i = 0; i < n; i++) {
		char path[600], away[600];

		snprintf(path, sizeof(path), "%s/%u/cpuid", dir, cpus[i]);
		snprintf(away, sizeof(away), "%s/cpuid.away", root);
		assert_int_equal(rename(path, away), 0);
		assert_int_equal(vc_host_cpuid(h, cpus[i], 0x80000001, 0, &r), 0);
		assert_int_equal(r.ecx, 1u << 2);
		assert_int_equal(rename(away, path), 0);
	}
	assert_int_equal(vc_host_live_migrations(h), 0);

	/* the whole cpuid probe, which asks every online CPU (the other CPUs last, read meanwhile) */
	ctx = vc_ctx_new(h);
	assert_int_equal(vc_run(ctx, VC_P(VC_PROBE_CPUID), false), 0);
	assert_int_equal(ctx->facts.cpuid.cpus_checked, n);
	assert_true(ctx->facts.cpuid.vmx);
	assert_true(ctx->facts.cpuid.vt_consistent);
	assert_int_equal(vc_host_live_migrations(h), 0);
	vc_ctx_free(ctx);
	vc_host_free(h);

	/* no driver: the instruction, pinned once per CPU */
	snprintf(empty, sizeof(empty), "%s/devcpu-none", root);
	mkdir(empty, 0755);
	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_live_test_dev_cpu(h, empty);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < n; i++) {
			if (!CPU_ISSET(cpus[i], &before))
				continue;
			assert_int_equal(vc_host_cpuid(h, cpus[i], 0, 0, &r), 0);
			assert_int_equal(vc_host_cpuid(h, cpus[i], 1, 0, &r), 0);
		}
	assert_true(vc_host_live_migrations(h) <= n);
	/* pinned, the smoke test's VM is still freed on another thread, and the affinity comes back
	 * with the host */
	if (access("/dev/kvm", R_OK | W_OK) == 0)
		smoke_freed_later(h);
	vc_host_free(h);
	assert_int_equal(sched_getaffinity(0, sizeof(after), &after), 0);
	assert_true(CPU_EQUAL(&before, &after));
}

/* The live prefetch: the kernel log, the /proc fd scan, the udev database and the PCI devices
 * queued for one reader (two CPUs), which takes them in the order asked; each handed over when
 * asked for (in any order) with its error; while the reader is busy, the thread that asks reads
 * it itself where the reader has not taken it yet (else the next one not taken), so it waits
 * only for what is being read; asked after the
 * reader went idle, a new one reads it; a host freed with reads pending drops what no reader
 * took and waits for the rest; with more readers (more CPUs) they read at once. */
static pthread_t main_thread;
static char order[8], where[8];
static size_t norder;
static int release, kmsg_started;

static int fake_read(struct buf *out, char which, int err)
{
	where[norder] = pthread_equal(pthread_self(), main_thread) ? 'm' : 't';
	order[norder] = which;
	__atomic_store_n(&norder, norder + 1, __ATOMIC_SEQ_CST);
	buf_printf(out, "%c line\n", which);
	return err;
}

static int fake_kmsg(struct buf *out)
{
	/* busy until the test lets it go (5 s at most) */
	__atomic_store_n(&kmsg_started, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 5000 && !__atomic_load_n(&release, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	return fake_read(out, 'k', 0);
}

static int fake_udev(struct buf *out)
{
	return fake_read(out, 'u', 0);
}

static int fake_pci(struct buf *out)
{
	return fake_read(out, 'p', -EIO);
}

static struct vc_host *fake_live(unsigned readers, int let_go)
{
	struct vc_host *h;

	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_live_test_readers(h, readers);
	vc_host_live_test_reader(h, "kmsg", fake_kmsg);
	vc_host_live_test_reader(h, "udev", fake_udev);
	vc_host_live_test_reader(h, "pci", fake_pci);
	norder = 0;
	__atomic_store_n(&release, let_go, __ATOMIC_SEQ_CST);
	__atomic_store_n(&kmsg_started, 0, __ATOMIC_SEQ_CST);
	return h;
}

static int fake_scan(struct buf *out)
{
	return fake_read(out, 'f', 0);
}

/* Lets the kernel log go once two others were read (5 s at most). */
static void *release_after_two(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5000 && __atomic_load_n(&norder, __ATOMIC_SEQ_CST) < 2; i++)
		usleep(1000);
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Until a reader is in the kernel log (5 s at most). */
static void kmsg_taken(void)
{
	for (int i = 0; i < 5000 && !__atomic_load_n(&kmsg_started, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
}

static void test_live_prefetch(void **state)
{
	struct vc_host *h;
	const struct vc_fd_rec *fds;
	char *const *lines;
	size_t n;

	(void)state;
	main_thread = pthread_self();
	h = fake_live(1, 0);
	vc_host_prefetch(h, "kmsg");
	vc_host_prefetch(h, "fds");
	vc_host_prefetch(h, "udev");
	vc_host_prefetch(h, "pci");
	vc_host_prefetch(h, "udev"); /* once */
	kmsg_taken();
	assert_int_equal(vc_host_lines(h, "fds", &lines, &n), -EINVAL); /* no lines, a scan */
	/* the reader is held up in the kernel log: this thread reads PCI, scans, reads udev */
	assert_int_equal(vc_host_lines(h, "pci", &lines, &n), -EIO);
	assert_int_equal(norder, 1);
	assert_int_equal(order[0], 'p');
	assert_int_equal(where[0], 'm');
	assert_int_equal(vc_host_fds(h, &fds, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(fds[i].pid, getpid());
	assert_int_equal(vc_host_lines(h, "udev", &lines, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "u line");
	assert_memory_equal(order, "pu", 2);
	assert_memory_equal(where, "mm", 2);
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	assert_int_equal(vc_host_lines(h, "kmsg", &lines, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "k line");
	assert_int_equal(norder, 3);
	assert_int_equal(order[2], 'k');
	assert_int_equal(where[2], 't'); /* the reader's */
	vc_host_free(h);

	/* waiting for the kernel log, this thread reads udev and PCI but leaves the fd scan queued
	 * before them to the reader, which takes it next (taken here, the scan kept the KVM smoke
	 * test waiting behind it) */
	h = fake_live(1, 0);
	vc_host_live_test_reader(h, "fds", fake_scan);
	vc_host_prefetch(h, "kmsg");
	vc_host_prefetch(h, "fds");
	vc_host_prefetch(h, "udev");
	vc_host_prefetch(h, "pci");
	kmsg_taken();
	pthread_t releaser;
	assert_int_equal(pthread_create(&releaser, NULL, release_after_two, NULL), 0);
	assert_int_equal(vc_host_lines(h, "kmsg", &lines, &n), 0);
	assert_int_equal(pthread_join(releaser, NULL), 0);
	assert_int_equal(vc_host_fds(h, &fds, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(norder, 4);
	assert_memory_equal(order, "upkf", 4);
	assert_memory_equal(where, "mmtt", 4);
	vc_host_free(h);

	/* the reader done and idle: the next one asked gets a reader of its own */
	h = fake_live(1, 1);
	vc_host_prefetch(h, "udev");
	assert_int_equal(vc_host_lines(h, "udev", &lines, &n), 0);
	vc_host_prefetch(h, "kmsg");
	kmsg_taken();
	assert_int_equal(vc_host_lines(h, "kmsg", &lines, &n), 0);
	assert_string_equal(lines[0], "k line");
	assert_int_equal(vc_host_lines(h, "pci", &lines, &n), -EIO); /* never asked: read here */
	assert_int_equal(norder, 3);
	assert_memory_equal(order, "ukp", 3);
	assert_int_equal(where[1], 't');
	assert_int_equal(where[2], 'm');
	vc_host_free(h);

	/* freed with reads pending: what no reader took is dropped, the rest waited for (valgrind
	 * and ASan see no leak) */
	h = fake_live(1, 0);
	vc_host_prefetch(h, "kmsg");
	vc_host_prefetch(h, "fds");
	vc_host_prefetch(h, "pci");
	kmsg_taken();
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	vc_host_free(h);
	assert_true(norder >= 1 && norder <= 2);
	assert_int_equal(order[0], 'k');

	/* with more CPUs, more readers: the others do not wait for the kernel log */
	h = fake_live(3, 0);
	vc_host_prefetch(h, "kmsg");
	vc_host_prefetch(h, "udev");
	vc_host_prefetch(h, "pci");
	kmsg_taken();
	assert_int_equal(vc_host_lines(h, "pci", &lines, &n), -EIO);
	assert_int_equal(vc_host_lines(h, "udev", &lines, &n), 0);
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	assert_int_equal(vc_host_lines(h, "kmsg", &lines, &n), 0);
	assert_string_equal(lines[0], "k line");
	assert_int_equal(norder, 3);
	assert_int_equal(order[2], 'k');
	assert_int_equal(where[2], 't');
	vc_host_free(h);
}

/* Bounded reads through an fd: a file of exactly one page (the size sysfs gives every attribute)
 * and files around it come whole; a sysfs attribute, answered in one read, comes whole too. */
static void test_read_fd_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 8192, 70000 };
	char path[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		_cleanup_(freep) char *want = xmalloc(sizes[i] + 1), *got = NULL;
		size_t len = 0;
		int fd;

		for (size_t k = 0; k < sizes[i]; k++)
			want[k] = (char)('a' + k % 26);
		snprintf(path, sizeof(path), "%s/size-%zu", root, sizes[i]);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, want, sizes[i]), (ssize_t)sizes[i]);
		close(fd);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		assert_int_equal(vc_read_fd(fd, 1u << 20, &got, &len), 0);
		close(fd);
		assert_int_equal(len, sizes[i]);
		assert_memory_equal(got, want, sizes[i]);
		free(got);
		got = NULL;
		/* one byte over the bound is too big, whatever the size */
		fd = open(path, O_RDONLY | O_CLOEXEC);
		assert_int_equal(vc_read_fd(fd, sizes[i] ? sizes[i] - 1 : 0, &got, &len),
				 sizes[i] ? -EFBIG : 0);
		close(fd);
	}
	/* a sysfs attribute (st_size 4096): what plain reads to the end give */
	{
		_cleanup_(freep) char *got = NULL;
		char plain[4097];
		size_t len = 0, n = 0;
		ssize_t r;
		int fd = open("/sys/devices/system/cpu/online", O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			printf("SKIP (in part): no /sys/devices/system/cpu/online\n");
			return;
		}
		while ((r = read(fd, plain + n, sizeof(plain) - 1 - n)) > 0)
			n += (size_t)r;
		assert_true(lseek(fd, 0, SEEK_SET) == 0);
		assert_int_equal(vc_read_fd(fd, 4096, &got, &len), 0);
		close(fd);
		assert_int_equal(len, n);
		assert_memory_equal(got, plain, n);
	}
}

int main(void)
{
	static int walk = 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysroot_reads),
		cmocka_unit_test(test_sysroot_confinement),
		cmocka_unit_test(test_sysroot_hostile_files),
		cmocka_unit_test_prestate(test_sysroot_reads, &walk),
		cmocka_unit_test_prestate(test_sysroot_confinement, &walk),
		cmocka_unit_test_prestate(test_sysroot_hostile_files, &walk),
		cmocka_unit_test(test_sysroot_records),
		cmocka_unit_test(test_recording_refuses_existing),
		cmocka_unit_test(test_recording_roundtrip),
		cmocka_unit_test(test_recording_env),
		cmocka_unit_test(test_env_ci_values),
		cmocka_unit_test(test_user_namespace),
		cmocka_unit_test(test_live_kvm),
		cmocka_unit_test(test_live_passive),
		cmocka_unit_test(test_hv_fds_gate),
		cmocka_unit_test(test_live_fds),
		cmocka_unit_test(test_live_fds_shared),
		cmocka_unit_test(test_live_fds_other_pidns),
		cmocka_unit_test(test_taskstats_parse),
		cmocka_unit_test(test_taskstats_live),
		cmocka_unit_test(test_live_cpuid),
		cmocka_unit_test(test_live_prefetch),
		cmocka_unit_test(test_read_fd_sizes),
	};

	return cmocka_run_group_tests_name("host", tests, setup, teardown);
}
