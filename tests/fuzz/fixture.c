/* The fuzz targets' fixture host and output checks: see fixture.h. Test harness only: the product never runs
 * a shell. */
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/base/sanitise.h"
#include "lib/model/val.h"
#include "tests/fuzz/fixture.h"

const char *const fz_files[] = {
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
	"proc/1/environ",
	"proc/self/mountinfo",
	"proc/self/cgroup",
	"etc/default/grub",
};
const size_t fz_nfiles = sizeof(fz_files) / sizeof(fz_files[0]);

static char root[256];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

void fz_rmtree(const char *path)
{
	/* a leftover file in /tmp is all a failure costs */
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
	fz_rmtree(root);
}

const char *fz_root(void)
{
	const char *src =
		getenv("VC_FUZZ_FIXTURE") ? getenv("VC_FUZZ_FIXTURE") : "tests/fixtures/intel-kvm612-vbox71";
	char cmd[4096];

	if (root[0])
		return root;
	snprintf(root, sizeof(root), "/tmp/vc-fuzz-%d", (int)getpid());
	snprintf(
		cmd, sizeof(cmd),
		"rm -rf '%s' && cp -a '%s' '%s' && mkdir -p '%s/home/alice/VirtualBox VMs/vm/Logs' "
		"'%s/etc/udev/rules.d' "
		"'%s/sys/firmware/efi/efivars' '%s/sys/kernel/security' '%s/boot' '%s/var/lib/dpkg' '%s/run' "
		"'%s/proc/1' '%s/proc/self' '%s/etc/default'",
		root, src, root, root, root, root, root, root, root, root, root, root, root);
	if (system(cmd) != 0)
		abort();
	atexit(cleanup);
	return root;
}

void fz_replace(unsigned sel, const void *data, size_t size, struct fz_saved *s)
{
	FILE *f;
	int fd;

	snprintf(s->path, sizeof(s->path), "%s/%s", fz_root(), fz_files[sel % fz_nfiles]);
	s->data = NULL;
	s->len = 0;
	f = fopen(s->path, "rb");
	if (f) {
		s->data = malloc(1u << 20);
		s->len = fread(s->data, 1, 1u << 20, f);
		fclose(f);
	}
	fd = open(s->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, data, size) < 0) {
			/* nothing: an unwritten file is a case too */
		}
		close(fd);
	}
}

void fz_restore(struct fz_saved *s)
{
	int fd;

	if (!s->data) {
		unlink(s->path);
		return;
	}
	fd = open(s->path, O_WRONLY | O_TRUNC);
	if (fd >= 0) {
		if (write(fd, s->data, s->len) < 0) {
			/* the next input starts from a different file, no harm */
		}
		close(fd);
	}
	free(s->data);
	s->data = NULL;
}

void fz_tmpdir(char *buf, size_t len)
{
	/* in memory when it can be: a capture syncs its file system twice */
	snprintf(buf, len, "%s/vc-fuzz-%d.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
		 (int)getpid());
	if (!mkdtemp(buf))
		abort();
}

/* Says where, then aborts. */
static void bad_text(const char *s, size_t n, size_t at)
{
	size_t from = at > 200 ? at - 200 : 0;

	fprintf(stderr, "fuzz: byte 0x%02x at %zu of this output:\n%.*s\n", (unsigned char)s[at], at,
		(int)(n - from > 400 ? 400 : n - from), s + from);
	abort();
}

void fz_check_text(const char *s, size_t n, bool color)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (c == '\n')
			continue;
		if (c == 0x1b && color && i + 1 < n && s[i + 1] == '[') {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			bad_text(s, n, i);
		if (c >= 0x80) {
			k = vc_utf8_next((const unsigned char *)s + i, &cp);
			if (k == 0 || i + k > n || vc_char_is_control(cp))
				bad_text(s, n, i);
			i += k - 1;
		}
	}
}

FILE *fz_out_open(struct fz_out *o)
{
	*o = (struct fz_out){ 0 };
	o->f = open_memstream(&o->text, &o->len);
	if (!o->f)
		abort();
	return o->f;
}

void fz_out_check(struct fz_out *o, bool json, bool color)
{
	struct vc_val *v = NULL;
	char err[128];

	fclose(o->f);
	if (!json)
		fz_check_text(o->text, o->len, color);
	else if (vc_json_parse(o->text, o->len, &v, err, sizeof(err)) != 0)
		abort(); /* a document we cannot read */
	vc_val_free(v);
	free(o->text);
	*o = (struct fz_out){ 0 };
}
