/* The host seam: every probe reads the machine only through struct vc_host (live or sysroot). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct vc_host;

#define VC_MAX_CPUS  8192
#define VC_NOT_TRIED (-1)

struct vc_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

enum vc_ftype { VC_FT_REG, VC_FT_DIR, VC_FT_OTHER };

struct vc_devnode {
	char type; /* 'c' or 'b'; 's' for a socket (vc_host_socket), major and minor 0 */
	unsigned major, minor;
	unsigned mode; /* permission bits only */
	unsigned uid;
	char group[64]; /* group name, or the number when it has none */
	char acl[256];	/* extended POSIX ACL entries "user:1000:rw-,mask::rw-", or "" */
};

/* One open file of a process. A host's records are one block, freed with free(): the array, then
 * the strings they point to (a capture of 10,000 processes is then 10,000 x 24 bytes and their
 * names, not 10,000 x 164). */
#define VC_FD_COMM_MAX	 32  /* comm shorter than this */
#define VC_FD_TARGET_MAX 128 /* target shorter than this */
struct vc_fd_rec {
	int pid;
	const char *comm;
	/* readlink of /proc/PID/fd/N, e.g. "anon_inode:kvm-vm"; "-" for a known hypervisor
	 * process (vc_vmm_lookup) listed whether or not its fds could be read */
	const char *target;
};

/* A copy of n records as one block (see struct vc_fd_rec), NULL when n is 0. */
struct vc_fd_rec *vc_fd_recs_copy(const struct vc_fd_rec *a, size_t n);

/* Processes that run VMs or serve them, by /proc/PID/comm (15 characters at most). */
struct vc_vmm {
	const char *comm;
	bool prefix;
	const char *hypervisor; /* kvm, virtualbox, vmware */
	bool runs_vm;		/* one process per VM (not a service or a GUI) */
};
const struct vc_vmm *vc_vmm_lookup(const char *comm);

#define VC_MAX_GROUPS 128
struct vc_identity {
	unsigned uid, euid;
	char user[64];
	size_t ngroups;
	struct {
		unsigned gid;
		char name[64];
	} groups[VC_MAX_GROUPS];
};

/* Capabilities queried with KVM_CHECK_EXTENSION; the table lives in lib/kvmcaps.c. */
struct vc_kvm_cap {
	const char *name;
	unsigned number;
	bool vm; /* ask the VM fd (its answer depends on the VM type) */
};
extern const struct vc_kvm_cap vc_kvm_caps[];
extern const size_t vc_kvm_ncaps;
int vc_kvm_cap_index(const char *name);
/* At most this many (a set of them is a uint64_t, bit i for vc_kvm_caps[i]). */
#define VC_KVM_MAX_CAPS 64
/* The set of capability name (0 when vc_kvm_caps has none by that name). */
uint64_t vc_kvm_cap_bit(const char *name);

struct vc_kvm_info {
	int open;	   /* 0 or the errno of open("/dev/kvm", O_RDWR) (O_RDONLY when passive) */
	int api;	   /* KVM_GET_API_VERSION, -1 when unknown */
	int create_vm;	   /* VC_NOT_TRIED, 0 or errno */
	int create_vcpu;   /* VC_NOT_TRIED, 0 or errno */
	int vcpu_run;	   /* VC_NOT_TRIED, 0 (guest ran to its port write and HLT) or errno */
	char run_exit[24]; /* when the guest stopped otherwise: the exit reason, e.g. "SHUTDOWN" */
	int64_t *caps;	   /* vc_kvm_ncaps entries, -1 when unknown */
	/* a passive host: opened read-only, no VM created, the caps asked of /dev/kvm alone */
	bool passive;
};

/* One thing a sysroot could not give as it should (named file, what was wrong). */
struct vc_host_problem {
	char *path;
	char *what;
};

int vc_host_new_live(struct vc_host **ret);
/*
 * A live host that changes nothing (--passive): it creates no VM, opens nothing for writing and
 * opens no device node that no driver serves (the kernel would load a module for it: /dev/kvm
 * loads kvm). What it cannot check so is left undone (struct vc_kvm_info.passive).
 */
#define VC_HOST_PASSIVE (1u << 0)
int vc_host_new_live_flags(unsigned flags, struct vc_host **ret);
/* Replays a capture; -ENOTDIR/-ENOENT when dir is not a directory, -EMEDIUMTYPE when it is no
 * capture (no regular file virtcheck/meta.txt, which a capture writes last). */
int vc_host_new_sysroot(const char *dir, struct vc_host **ret);
/*
 * Reads through inner (this machine when NULL; the recording owns it) and writes what the
 * probes used into dir, which it creates (0700; an existing path: -EEXIST). Private files are
 * reduced to what a probe reads (see record.c: privacy).
 */
int vc_host_new_recording(const char *dir, struct vc_host *inner, struct vc_host **ret);
/* capture --redact: host, user and home names and IP and MAC addresses become placeholders in
 * everything the recording writes (paths too). Call before anything is read. */
int vc_host_record_redact(struct vc_host *h);
/* Writes the capture's record files (recording hosts only). */
int vc_host_finish(struct vc_host *h, const char *version);
void vc_host_free(struct vc_host *h);

/* NULL when live (also while recording). */
const char *vc_host_sysroot(const struct vc_host *h);
bool vc_host_is_live(const struct vc_host *h);
/* A live host made with VC_HOST_PASSIVE. */
bool vc_host_is_passive(const struct vc_host *h);

/* Reads at most max bytes of path (absolute, as on the host); NUL-terminated.
 * -ENOENT absent, -EFBIG larger than max, -EINVAL not a regular file. */
int vc_host_read(struct vc_host *h, const char *path, size_t max, char **ret_buf, size_t *ret_len);
/* The same for paths a user controls (home directories), read as root: no symbolic link is
 * followed anywhere on the path (-ELOOP), so a link to /etc/shadow is never read or captured. */
int vc_host_read_untrusted(struct vc_host *h, const char *path, size_t max, char **ret_buf, size_t *ret_len);
/* How vc_host_read_flags reads. */
enum {
	VC_READ_UNTRUSTED = 1 << 0, /* as vc_host_read_untrusted */
	/* the last max bytes only (a sparse hole's NUL bytes dropped): a log's end, at a bounded
	 * cost whatever its size (a sparse 32 MiB file costs a seek) */
	VC_READ_TAIL = 1 << 1,
	/* the first max bytes only, a longer file no error: a header (the first CPU of
	 * /proc/cpuinfo, whatever the number of CPUs); a capture still records the whole file */
	VC_READ_HEAD = 1 << 2,
	/* live: a regular file with no other link, owned by its directory's owner, both read from
	 * the fds that are read (no check by path before a read by path, which a user who owns the
	 * directory could race with a hard link renamed into place); -EPERM when not. A replay's
	 * files are its unpacker's: the capture checked them. */
	VC_READ_DIR_OWNER = 1 << 3,
	/* live: as VC_READ_DIR_OWNER (a regular file with no other link, its directory's owner's,
	 * checked on an O_PATH fd of it and that same inode then opened: no device node is ever
	 * opened, no file renamed over it in between is read), whoever else may write to the
	 * directory (a home's, which a umask of 002 makes group-writable) */
	VC_READ_SOLE_LINK = 1 << 4,
	/* with VC_READ_TAIL: where the file is longer than max, its first VC_READ_HEAD_KEPT bytes
	 * (to their last newline) come before the tail too, a log's header lines (whose program,
	 * which host) that its end does not repeat; the buffer then holds up to that much more */
	VC_READ_WITH_HEAD = 1 << 5,
};
#define VC_READ_HEAD_KEPT (16u << 10)
int vc_host_read_flags(struct vc_host *h, const char *path, size_t max, unsigned flags, char **ret_buf,
		       size_t *ret_len);
/* The owner of path (no link followed): live only; -EOPNOTSUPP elsewhere (a replay's files all
 * belong to whoever unpacked it). */
int vc_host_owner(struct vc_host *h, const char *path, unsigned *ret_uid);
/* The same, and its permission bits (mode & 07777): whether others may write to a directory of
 * /tmp before a file in it is believed. */
int vc_host_owner_mode(struct vc_host *h, const char *path, unsigned *ret_uid, unsigned *ret_mode);
/* The same, and its modification time in seconds since the epoch: which of a directory's logs is
 * the newest, before any is read. */
int vc_host_owner_mtime(struct vc_host *h, const char *path, unsigned *ret_uid, unsigned *ret_mode,
			long long *ret_mtime);
/* Reads a small sysfs-style value (<= 4 KiB) and strips trailing white space. */
int vc_host_read_value(struct vc_host *h, const char *path, char **ret);
int vc_host_stat(struct vc_host *h, const char *path, enum vc_ftype *ret);
/* Sorted entry names (no "." or ".."), NULL-terminated; free with vc_strv_free. */
int vc_host_list(struct vc_host *h, const char *path, char ***ret_names, size_t *ret_n);
int vc_host_list_untrusted(struct vc_host *h, const char *path, char ***ret_names, size_t *ret_n);
void vc_strv_free(char **v);

int vc_host_cpuid(struct vc_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf,
		  struct vc_cpuid_regs *ret);
/* -ENOENT: no msr driver (/dev/cpu/N/msr missing); -EACCES: not root; -EIO: the MSR does not exist. */
int vc_host_rdmsr(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret);
/* Runs the /dev/kvm checks once per host and caches them. */
int vc_host_kvm(struct vc_host *h, const struct vc_kvm_info **ret);
/*
 * The capabilities vc_host_kvm asks (a set by vc_kvm_cap_bit), told before it runs: every one
 * unless told otherwise. KVM_CAP_USER_MEMORY is always asked (it decides whether KVM is usable
 * when no VM may be made); one not asked is -1 (unknown) whatever the backend, as if asked of a
 * kernel that did not answer. Each KVM_CHECK_EXTENSION is a syscall: a command that prints no
 * capability asks only what decides its outcome. A recording still captures every one.
 */
void vc_host_kvm_want(struct vc_host *h, uint64_t caps);
#define VC_KVM_ALL_CAPS UINT64_MAX
int vc_host_devnode(struct vc_host *h, const char *path, struct vc_devnode *ret);
/* A UNIX socket's mode, owner and group (libvirtd's /run/libvirt/libvirt-sock), recorded with the
 * device nodes: -ENOTSOCK when path is something else, -ENODATA when a capture holds no record. */
int vc_host_socket(struct vc_host *h, const char *path, struct vc_devnode *ret);
/* File descriptors of all processes that point at hypervisor devices or KVM objects. */
int vc_host_fds(struct vc_host *h, const struct vc_fd_rec **ret, size_t *ret_n);
/* How many processes' fds could not be read (other users' without root). */
unsigned vc_host_fds_unreadable(struct vc_host *h);
int vc_host_identity(struct vc_host *h, const struct vc_identity **ret);
/* The user behind sudo or pkexec when running as root through them (-ENODATA otherwise);
 * groups as /etc/group gives them now. */
int vc_host_invoker(struct vc_host *h, const struct vc_identity **ret);
/*
 * Facts that live only a library or a special file gives (libudev, libpci, /dev/kmsg), as
 * text records, one a line; a capture keeps them in DIR/virtcheck/NAME.txt. name is one of
 * "udev", "pci", "kmsg", "env". The lines stay valid until the host is freed. -ENODATA: a capture
 * without this record; otherwise the error the live source gave (-EPERM, -ENOENT...).
 */
int vc_host_lines(struct vc_host *h, const char *name, char *const **ret_lines, size_t *ret_n);
/* Says that vc_host_lines(name) will be asked: a live host reads the kernel log meanwhile on
 * another thread (the kernel hands it out one record a read). "cpuid": every CPU's leaves 1 and
 * 0x80000001 will be asked (vc_host_cpuid), which a live host reads meanwhile. Changes no
 * answer. */
void vc_host_prefetch(struct vc_host *h, const char *name);
/* Says that probes follow the KVM one: a live host may then free the smoke test's VM on another
 * thread while they run. vc_host_settle returns once it is freed (the processes probe calls it
 * before it lists debugfs's VMs, which would show that one; vc_run at its end, so a command that
 * changes modules after a look finds no VM of its own). Neither changes an answer. */
void vc_host_defer_close(struct vc_host *h);
void vc_host_settle(struct vc_host *h);

/*
 * VMware's module installer (vmware-modconfig) logs to /tmp/vmware-USER/, USER the one it runs as
 * (root from the GUI's prompt or sudo): vmware-PID.log ("Logging to /tmp/vmware-root/vmware-3447.log",
 * Workstation 12.5.7), vmware-modconfig-PID.log and modconfig-PID.log in older releases. Whether
 * name is one of those, and whether line is one the vmware probe reads (what the log is, the kernel
 * it names, whether and why the build failed): all a capture keeps of such a log.
 */
bool vc_modconfig_log_name(const char *name);
bool vc_modconfig_log_line(const char *line);

/* The environment variables that say a CI job runs here, NULL-terminated. The "env" record
 * (vc_host_lines) lists which of them are set, one name a line: never their values. */
extern const char *const vc_ci_variables[];

/* This process runs in a user namespace that does not map every id (a rootless container):
 * /proc/self/uid_map or gid_map is not the identity map "0 0 4294967295". ret_map, when not
 * NULL, gets uid_map's lines joined by "; " (NULL when it was not read). */
bool vc_host_user_namespace(struct vc_host *h, char **ret_map);

/* Online CPUs (from /sys/devices/system/cpu/online; cpu 0 alone when that is missing). */
int vc_host_cpus(struct vc_host *h, const unsigned **ret, size_t *ret_n);

/* Problems met while replaying the capture's own record files. */
const struct vc_host_problem *vc_host_problems(const struct vc_host *h, size_t *ret_n);
