/* Live sources behind vc_host_lines: libudev, the PCI devices (sysfs; libpci for the names of those
 * bound to vfio-pci) and the kernel log, as text records. */
#include "lib/host/live_sources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libudev.h>
#include <pci/pci.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/base/dlib.h"

/* ---- the libraries, loaded on first use (a replay and a preflight load neither; a report loads
 * libpci only where a device is bound to vfio-pci) ---- */

static struct vc_dlib libudev = { .soname = "libudev.so.1", .package = "libudev1" };
static struct vc_dlib libpci = { .soname = "libpci.so.3", .package = "libpci3" };

static VC_DLSYM(udev_new);
static VC_DLSYM(udev_unref);
static VC_DLSYM(udev_device_new_from_subsystem_sysname);
static VC_DLSYM(udev_device_get_devnode);
static VC_DLSYM(udev_device_get_devnum);
static VC_DLSYM(udev_device_get_is_initialized);
static VC_DLSYM(udev_device_get_tags_list_entry);
static VC_DLSYM(udev_device_unref);
static VC_DLSYM(udev_list_entry_get_next);
static VC_DLSYM(udev_list_entry_get_name);

static int dlopen_libudev(void)
{
	VC_ELF_NOTE_DLOPEN("udev", "The udev state of /dev/kvm and the other hypervisor devices", "required",
			   "libudev.so.1");
	return vc_dlib_load(&libudev, VC_DLSYM_ARG(udev_new), VC_DLSYM_ARG(udev_unref),
			    VC_DLSYM_ARG(udev_device_new_from_subsystem_sysname),
			    VC_DLSYM_ARG(udev_device_get_devnode), VC_DLSYM_ARG(udev_device_get_devnum),
			    VC_DLSYM_ARG(udev_device_get_is_initialized),
			    VC_DLSYM_ARG(udev_device_get_tags_list_entry), VC_DLSYM_ARG(udev_device_unref),
			    VC_DLSYM_ARG(udev_list_entry_get_next), VC_DLSYM_ARG(udev_list_entry_get_name));
}

static VC_DLSYM(pci_alloc);
static VC_DLSYM(pci_set_param);
static VC_DLSYM(pci_init);
static VC_DLSYM(pci_scan_bus);
static VC_DLSYM(pci_fill_info);
static VC_DLSYM(pci_get_string_property);
static VC_DLSYM(pci_lookup_name);
static VC_DLSYM(pci_cleanup);

static int dlopen_libpci(void)
{
	VC_ELF_NOTE_DLOPEN("pci", "PCI devices, their drivers and IOMMU groups", "required", "libpci.so.3");
	return vc_dlib_load(&libpci, VC_DLSYM_ARG(pci_alloc), VC_DLSYM_ARG(pci_set_param),
			    VC_DLSYM_ARG(pci_init), VC_DLSYM_ARG(pci_scan_bus), VC_DLSYM_ARG(pci_fill_info),
			    VC_DLSYM_ARG(pci_get_string_property), VC_DLSYM_ARG(pci_lookup_name),
			    VC_DLSYM_ARG(pci_cleanup));
}

const struct vc_dlib *vc_live_dlib(const char *name)
{
	return strcmp(name, "udev") == 0 ? &libudev : strcmp(name, "pci") == 0 ? &libpci : NULL;
}

/* ---- udev: the misc devices of the hypervisors ---- */

static const char *const misc_devices[] = { "kvm", "vboxdrv", "vboxdrvu", "vboxnetctl", "vmmon" };

/* Record: "misc NAME absent" or "misc NAME devnode=/dev/kvm devnum=10:232 initialized=1 tags=seat,uaccess" */
int vc_live_udev(struct buf *out)
{
	struct udev *udev;
	int r = dlopen_libudev();

	if (r < 0)
		return r;
	udev = sym_udev_new();
	if (!udev)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(misc_devices); i++) {
		struct udev_device *d =
			sym_udev_device_new_from_subsystem_sysname(udev, "misc", misc_devices[i]);
		struct udev_list_entry *e;
		const char *node;
		dev_t num;
		bool first = true;

		if (!d) {
			buf_printf(out, "misc %s absent\n", misc_devices[i]);
			continue;
		}
		node = sym_udev_device_get_devnode(d);
		num = sym_udev_device_get_devnum(d);
		buf_printf(out, "misc %s devnode=%s devnum=%u:%u initialized=%d tags=", misc_devices[i],
			   node && !strpbrk(node, " \t\n") ? node : "-", major(num), minor(num),
			   sym_udev_device_get_is_initialized(d) > 0);
		for (e = sym_udev_device_get_tags_list_entry(d); e; e = sym_udev_list_entry_get_next(e)) {
			const char *t = sym_udev_list_entry_get_name(e);

			if (!t || strpbrk(t, " \t\n,"))
				continue;
			buf_printf(out, "%s%s", first ? "" : ",", t);
			first = false;
		}
		buf_printf(out, "%s\n", first ? "-" : "");
		sym_udev_device_unref(d);
	}
	sym_udev_unref(udev);
	return 0;
}

/* ---- pci: every device, its driver and IOMMU group ---- */

/* libpci's error callback must not return: it jumps back to vc_live_pci. */
static jmp_buf pci_jmp;
static char pci_msg[256];

_printf_(1, 2) _noreturn_ static void pci_fail(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is above
	vsnprintf(pci_msg, sizeof(pci_msg), msg, ap);
	va_end(ap);
	longjmp(pci_jmp, 1);
}

_printf_(1, 2) static void pci_quiet(char *msg, ...)
{
	(void)msg;
}

static void clean_token(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			*s = '_';
}

/* An attribute libpci reads as a number (strtol, base 0, into an int): false when it cannot be read,
 * which libpci calls an error (vendor, device and class are mandatory). */
static bool pci_value(int devfd, const char *dir, const char *dev, const char *attr, int *ret,
		      struct buf *out)
{
	char buf[1024];
	int fd = openat(devfd, attr, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		buf_printf(out, "# pci: Cannot open %s/%s/%s: %s\n", dir, dev, attr, strerror(errno));
		return false;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		buf_printf(out, "# pci: Error reading %s/%s/%s: %s\n", dir, dev, attr, strerror(errno));
	else if ((size_t)n >= sizeof(buf))
		buf_printf(out, "# pci: Value in %s/%s/%s too long\n", dir, dev, attr);
	close(fd);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return false;
	buf[n] = '\0';
	*ret = (int)strtol(buf, NULL, 0);
	return true;
}

/* The last component of a link's target ("-" when there is no link), as a token. */
static void pci_link(int devfd, const char *link, char *out, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(devfd, link, target, sizeof(target) - 1);
	const char *base;

	if (n <= 0) {
		snprintf(out, len, "-");
		return;
	}
	target[n] = '\0';
	while (n > 1 && target[n - 1] == '/')
		target[--n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	n = (ssize_t)strnlen(base, len - 1);
	memcpy(out, base, (size_t)n);
	out[n] = '\0';
	clean_token(out);
}

struct pci_rec {
	char slot[40], drv[64], grp[32], name[256];
	unsigned vendor, device, class;
};

/* The vendor and device names of the devices bound to vfio-pci, from pci.ids: libpci, loaded for
 * them alone. */
static int pci_names(const char *sysfs, struct pci_rec *recs, size_t n, struct buf *out)
{
	static struct pci_access *volatile a;
	char dir[512];

	if (dlopen_libpci() < 0)
		return -ELIBACC;
	if (setjmp(pci_jmp)) {
		if (a)
			sym_pci_cleanup(a);
		a = NULL;
		buf_printf(out, "# libpci: %s\n", pci_msg);
		return -EIO;
	}
	a = sym_pci_alloc();
	a->error = pci_fail;
	a->warning = pci_quiet;
	a->debug = pci_quiet;
	a->method = PCI_ACCESS_SYS_BUS_PCI;
	if (sysfs) {
		snprintf(dir, sizeof(dir), "%s/bus/pci", sysfs);
		sym_pci_set_param(a, "sysfs.path", dir);
	}
	sym_pci_init(a);
	for (size_t i = 0; i < n; i++) {
		char *name = recs[i].name;

		if (strcmp(recs[i].drv, "vfio-pci") != 0)
			continue;
		if (!sym_pci_lookup_name(a, name, sizeof(recs[i].name), PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
					 recs[i].vendor, recs[i].device))
			name[0] = '\0';
		for (char *c = name; *c; c++)
			if ((unsigned char)*c < ' ' || *c == 0x7f)
				*c = ' ';
	}
	sym_pci_cleanup(a);
	a = NULL;
	return 0;
}

/* One device's record (false: libpci's error, said in out). */
static bool pci_device(int dirfd, const char *dir, const char *ent, struct pci_rec *o, struct buf *out)
{
	unsigned dom, bus, dev, func;
	int fd, vendor, device, class;
	char name[40];
	bool ok;

	if (sscanf(ent, "%x:%x:%x.%u", &dom, &bus, &dev, &func) < 4 || dom > 0x7fffffff) {
		buf_printf(out, "# pci: Couldn't parse entry name %s\n", ent);
		return false;
	}
	/* the directory libpci reads is the one its fields name (the bus, device and function as
	 * bytes, the function in decimal), which sysfs's own names always are */
	snprintf(name, sizeof(name), "%04x:%02x:%02x.%d", dom, (uint8_t)bus, (uint8_t)dev, (uint8_t)func);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		buf_printf(out, "# pci: Cannot open %s/%s: %s\n", dir, name, strerror(errno));
		return false;
	}
	ok = pci_value(fd, dir, name, "vendor", &vendor, out) &&
	     pci_value(fd, dir, name, "device", &device, out) &&
	     pci_value(fd, dir, name, "class", &class, out);
	if (ok) {
		/* libpci's fields: the domain an int, the bus, device and function bytes, the ids
		 * and the class 16 bits */
		snprintf(o->slot, sizeof(o->slot), "%04x:%02x:%02x.%x", dom, (uint8_t)bus, (uint8_t)dev,
			 (uint8_t)func);
		o->vendor = (uint16_t)vendor;
		o->device = (uint16_t)device;
		o->class = (uint16_t)(class >> 8);
		o->name[0] = '\0';
		pci_link(fd, "driver", o->drv, sizeof(o->drv));
		pci_link(fd, "iommu_group", o->grp, sizeof(o->grp));
	}
	close(fd);
	return ok;
}

/*
 * Record: "0000:01:00.0 10de:2484 class=0300 driver=vfio-pci iommu_group=14 name=NVIDIA ..." (the name
 * only for devices bound to vfio-pci), in libpci's order (sysfs's, last first). Read from sysfs as
 * libpci's sysfs method reads it (the vendor, device and class files as numbers, mandatory; the last
 * component of the driver and iommu_group links, which in sysfs always name a directory, so the
 * realpath libpci takes of each gives the same): 13 system calls a device where libpci took about
 * 21, 0.32 -> 0.14 ms for this VM's 6 devices; libpci itself is loaded only for the names.
 */
int vc_live_pci(const char *sysfs, struct buf *out)
{
	char dir[512];
	struct pci_rec *recs = NULL;
	size_t n = 0, cap = 0;
	bool vfio = false;
	struct dirent *e;
	DIR *d;
	int r = 0;

	snprintf(dir, sizeof(dir), "%s/bus/pci/devices", sysfs ? sysfs : "/sys");
	d = opendir(dir);
	if (!d)
		return neg_errno();
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			recs = xrealloc(recs, cap * sizeof(*recs));
		}
		if (!pci_device(dirfd(d), dir, e->d_name, &recs[n], out)) {
			r = -EIO;
			break;
		}
		vfio = vfio || strcmp(recs[n].drv, "vfio-pci") == 0;
		n++;
	}
	closedir(d);
	/* without the names (no libpci, or its error) the records still stand, nameless */
	if (r == 0 && vfio) {
		int rn = pci_names(sysfs, recs, n, out);

		if (rn == -ELIBACC)
			buf_printf(out, "# libpci: cannot be loaded: the names of devices bound to vfio-pci "
					"are left out\n");
		for (size_t i = 0; rn < 0 && i < n; i++)
			recs[i].name[0] = '\0';
	}
	for (size_t i = n; r == 0 && i-- > 0;)
		buf_printf(out, "%s %04x:%04x class=%04x driver=%s iommu_group=%s name=%s\n", recs[i].slot,
			   recs[i].vendor, recs[i].device, recs[i].class, recs[i].drv, recs[i].grp,
			   recs[i].name);
	free(recs);
	return r;
}

/* ---- the kernel log: only the lines about virtualization, firmware and module signing ---- */

/* What a kernel log line must contain to be kept, without case (plain ASCII folding); "SEV" with it. */
static const char *const kmsg_words[] = {
	"kvm",
	"vbox",
	"vmx",
	"svm",
	"amd-v",
	"vt-x",
	"by bios",
	"lockdown",
	"key was rejected",
	"module verification",
	"unsigned module",
	"secure boot",
	"secureboot",
	"vmmon",
	"vmware",
	"hypervisor",
	"tdx",
	"memory encryption",
	/* Hyper-V's "Isolation Config: Group A 0x1, Group B 0xba2" (an Azure confidential VM) */
	"isolation config",
	"dmar",
	"amd-vi",
	"iommu",
	"vfio",
	"tboot",
};

static inline unsigned char fold(unsigned char c)
{
	return (unsigned)(c - 'A') < 26u ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* A word's first letter indexes a bit set of the words that begin with it. */
_Static_assert(sizeof(kmsg_words) / sizeof(kmsg_words[0]) <= 32, "a bit a word in a uint32_t");
static uint32_t kmsg_first[256];
static size_t kmsg_len[ARRAY_SIZE(kmsg_words)];

static void kmsg_words_index(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(kmsg_words); i++) {
		kmsg_first[(unsigned char)kmsg_words[i][0]] |= UINT32_C(1) << i;
		kmsg_len[i] = strlen(kmsg_words[i]);
	}
}

bool vc_kmsg_relevant(const char *msg)
{
	/* one pass over the message, each position tried only against the words that begin with
	 * its letter (it took 23 strstr calls a record, on a folded copy: the kernel log's ~1,000
	 * records 0.25 ms here) */
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, kmsg_words_index);
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		for (uint32_t w = kmsg_first[fold(*p)]; w; w &= w - 1) {
			const char *word = kmsg_words[__builtin_ctz(w)];
			size_t i = 1, n = kmsg_len[__builtin_ctz(w)];

			while (i < n && p[i] && fold(p[i]) == (unsigned char)word[i])
				i++;
			if (i == n)
				return true;
		}
	}
	return strstr(msg, "SEV") != NULL;
}

#define KMSG_MAX_LINES 2000

/* Record: "LEVEL MESSAGE", LEVEL the syslog level 0-7. */
int vc_live_kmsg(struct buf *out)
{
	_cleanup_(closep) int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char rec[8192];
	size_t kept = 0;

	if (fd < 0)
		return neg_errno();
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *semi, *msg, *end;
		unsigned long prio;

		if (n < 0) {
			if (errno == EINTR || errno == EPIPE) /* EPIPE: overwritten while we read */
				continue;
			if (errno == EAGAIN)
				break;
			return neg_errno(); /* EPERM: dmesg_restrict and no CAP_SYSLOG */
		}
		if (n == 0)
			break;
		rec[n] = '\0';
		semi = strchr(rec, ';');
		if (!semi)
			continue;
		prio = strtoul(rec, NULL, 10);
		msg = semi + 1;
		end = strchr(msg, '\n'); /* continuation lines (" KEY=value") follow */
		if (end)
			*end = '\0';
		if (kept >= KMSG_MAX_LINES || !vc_kmsg_relevant(msg))
			continue;
		/* "LEVEL MESSAGE\n" appended as it is: hundreds of records, no formatting or
		 * allocation each */
		char level[2] = { (char)('0' + (prio & 7)), ' ' };

		end = msg + strlen(msg);
		*end = '\n';
		buf_append(out, level, sizeof(level));
		buf_append(out, msg, (size_t)(end + 1 - msg));
		kept++;
	}
	return 0;
}

/* ---- processes: whether any of them can hold a hypervisor fd ---- */

/* The line of module NAME in /proc/modules, NULL when it is not loaded. */
static const char *module_line(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *l = text; *l; l++) {
		if (strncmp(l, name, len) == 0 && l[len] == ' ')
			return l;
		l = strchrnul(l, '\n');
		if (!*l)
			break;
	}
	return NULL;
}

/* "NAME SIZE REFS USERS STATE ...": whether the module is live and every reference it holds is one
 * of the modules using it (USERS "kvm_intel,kvm_amd," or "-"), copied into users when asked. */
static bool module_quiet(const char *line, char *users, size_t userslen)
{
	char name[64], refs[16], list[512], state[16];
	unsigned long size, n = 0;
	uint32_t r;

	if (sscanf(line, "%63s %lu %15s %511s %15s", name, &size, refs, list, state) != 5 ||
	    parse_u32(refs, 10, &r) < 0 || strcmp(state, "Live") != 0)
		return false; /* "-": no module unloading, so no reference count */
	for (char *save = NULL, *u = strtok_r(list, ",", &save); u; u = strtok_r(NULL, ",", &save))
		if (strcmp(u, "-") != 0 && strcmp(u, "[permanent]") != 0) {
			n++;
			if (users)
				snprintf(users + strlen(users), userslen - strlen(users), "%s ", u);
		}
	return r == n;
}

/* Linux 5.18 or later: every KVM VM holds a reference on the vendor module (5f6de5cbebee, "KVM:
 * Prevent module exit until all VMs are freed"), so a VM, vCPU or device fd, each holding its VM,
 * counts too. Before it the VM and vCPU fops had an owner only from 3d3aab1b973b on, and the fix
 * went to some stable trees only: there /dev/kvm's own fd is the only sure count. */
static bool kvm_vms_counted(const char *release)
{
	unsigned major, minor;

	return release && sscanf(release, "%u.%u", &major, &minor) == 2 &&
	       (major > 5 || (major == 5 && minor >= 18));
}

bool vc_hv_fds_impossible(const char *proc_modules, const char *release, bool (*builtin)(const char *name))
{
	/* the modules behind every fd vc_host_fds keeps: kvm and its vendor module (kvm_intel,
	 * kvm_amd...: the owner of the fops of /dev/kvm, VMs, vCPUs and devices), vboxdrv with
	 * vboxnetadp (/dev/vboxnetctl), vmmon */
	static const char *const roots[] = { "kvm", "vboxdrv", "vmmon" };

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
		const char *line = module_line(proc_modules, roots[i]);
		char users[512] = "";

		if (!line) {
			if (builtin(roots[i]))
				return false; /* built in: no reference count to go by */
			continue;
		}
		if (!module_quiet(line, users, sizeof(users)) ||
		    (strcmp(roots[i], "kvm") == 0 && !kvm_vms_counted(release)))
			return false;
		for (char *save = NULL, *u = strtok_r(users, " ", &save); u; u = strtok_r(NULL, " ", &save)) {
			const char *ul = module_line(proc_modules, u);

			if (!ul || !module_quiet(ul, NULL, 0))
				return false;
		}
	}
	return true;
}
