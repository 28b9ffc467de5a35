/* libFuzzer: every file a probe parses, in a whole report. The first byte chooses the file of a
 * fixture host to replace with the rest of the input; the report (every probe and the verdict)
 * runs on that sysroot and is rendered. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/verdict/run.h"
#include "lib/render/render.h"
#include "probes/probes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* what the probes parse, by path inside the sysroot */
static const char *const targets[] = {
	"proc/modules",
	"proc/cpuinfo",
	"proc/cmdline",
	"proc/meminfo",
	"proc/sys/kernel/osrelease",
	"sys/module/kvm/parameters/enable_virt_at_load",
	"sys/module/kvm_intel/refcnt",
	"sys/module/vboxdrv/version",
	"sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c",
	"sys/kernel/security/lockdown",
	"boot/config-6.12.9-amd64",
	"etc/modprobe.d/fuzz.conf",
	"etc/udev/rules.d/99-fuzz.rules",
	"etc/vbox/vbox.cfg",
	"var/lib/dpkg/status",
	"etc/passwd",
	"etc/group",
	"run/virtcheck.params",
	"home/alice/VirtualBox VMs/vm/Logs/VBox.log",
	"virtcheck/cpuid.txt",
	"virtcheck/msr.txt",
	"virtcheck/kvm.txt",
	"virtcheck/devices.txt",
	"virtcheck/fds.txt",
	"virtcheck/udev.txt",
	"virtcheck/pci.txt",
	"virtcheck/kmsg.txt",
	"virtcheck/meta.txt",
	"virtcheck/errors.txt",
};

static char root[256];

static void cleanup(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0) {
		/* a leftover directory in /tmp is all it costs */
	}
}

/* A private copy of a fixture host, made once (tests/fixtures/intel-kvm612-vbox71). */
static void setup(void)
{
	const char *src =
		getenv("VC_FUZZ_FIXTURE") ? getenv("VC_FUZZ_FIXTURE") : "tests/fixtures/intel-kvm612-vbox71";
	char cmd[4096];

	snprintf(root, sizeof(root), "/tmp/vc-fuzz-%d", (int)getpid());
	/* test harness only: the product itself never runs a shell */
	snprintf(
		cmd, sizeof(cmd),
		"rm -rf '%s' && cp -a '%s' '%s' && mkdir -p '%s/home/alice/VirtualBox VMs/vm/Logs' "
		"'%s/etc/udev/rules.d' "
		"'%s/sys/firmware/efi/efivars' '%s/sys/kernel/security' '%s/boot' '%s/var/lib/dpkg' '%s/run'",
		root, src, root, root, root, root, root, root, root, root);
	if (system(cmd) != 0)
		abort();
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char path[512], *saved = NULL;
	size_t saved_len = 0;
	struct vc_host *h;
	struct vc_ctx *ctx;
	FILE *f;
	int fd;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size < 1 || size > (1u << 20))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", root,
		 targets[data[0] % (sizeof(targets) / sizeof(targets[0]))]);
	/* keep the original to put it back */
	f = fopen(path, "rb");
	if (f) {
		saved = malloc(1u << 20);
		saved_len = fread(saved, 1, 1u << 20, f);
		fclose(f);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, data + 1, size - 1) < 0) {
			/* nothing: an unwritten file is a case too */
		}
		close(fd);
	}
	if (vc_host_new_sysroot(root, &h) == 0) {
		FILE *out = fopen("/dev/null", "w");

		ctx = vc_ctx_new(h);
		vc_run(ctx, VC_ALL_PROBES, true);
		vc_render_json(out, ctx, "fuzz");
		vc_ctx_free(ctx);
		vc_host_free(h);
		fclose(out);
	}
	if (saved) {
		fd = open(path, O_WRONLY | O_TRUNC);
		if (fd >= 0) {
			if (write(fd, saved, saved_len) < 0) {
				/* next input starts from a different file, no harm */
			}
			close(fd);
		}
		free(saved);
	} else {
		unlink(path);
	}
	return 0;
}
