/* Processes probe: who holds /dev/kvm, KVM VMs and vCPUs, VirtualBox and VMware devices and VMs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/probes.h"

struct proc {
	int pid;
	unsigned vms, vcpus, kvm_dev, vbox_dev, vmmon_dev, debugfs_vms;
	bool named_vmm, runs_vm, looked_up; /* looked_up: comm asked of vc_vmm_lookup */
	const char *comm;		    /* a record's (the host keeps them), or "?" */
	const char *hypervisor;
};

/* The processes seen, in the order first seen, found by pid through an open-addressing
 * index: a capture of 10,000 processes and a million fd records is linear work. */
struct procs {
	struct proc *a;
	size_t n, cap;
	uint32_t *slot; /* index + 1 into a, 0 empty; nslots a power of two, at most half full */
	size_t nslots;
};

static size_t pid_hash(int pid, size_t nslots)
{
	return (size_t)((uint32_t)pid * 2654435761u) & (nslots - 1);
}

static void procs_index(struct procs *ps, size_t n)
{

	free(ps->slot);
	ps->slot = xcalloc(n, sizeof(*ps->slot));
	ps->nslots = n;
	for (size_t i = 0; i < ps->n; i++) {
		size_t h = pid_hash(ps->a[i].pid, n);

		while (ps->slot[h])
			h = (h + 1) & (n - 1);
		ps->slot[h] = (uint32_t)i + 1;
	}
}

static struct proc *get_proc(struct procs *ps, int pid, const char *comm)
{
	size_t h;

	if ((ps->n + 1) * 2 > ps->nslots)
		procs_index(ps, ps->nslots ? ps->nslots * 2 : 64);
	for (h = pid_hash(pid, ps->nslots); ps->slot[h]; h = (h + 1) & (ps->nslots - 1))
		if (ps->a[ps->slot[h] - 1].pid == pid)
			return &ps->a[ps->slot[h] - 1];
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->a = xrealloc(ps->a, ps->cap * sizeof(*ps->a));
	}
	memset(&ps->a[ps->n], 0, sizeof(*ps->a));
	ps->a[ps->n].pid = pid;
	ps->a[ps->n].comm = comm;
	ps->slot[h] = (uint32_t)++ps->n;
	return &ps->a[ps->n - 1];
}

static struct proc *find_proc(const struct procs *ps, int pid)
{
	for (size_t h = ps->nslots ? pid_hash(pid, ps->nslots) : 0; ps->nslots && ps->slot[h];
	     h = (h + 1) & (ps->nslots - 1))
		if (ps->a[ps->slot[h] - 1].pid == pid)
			return &ps->a[ps->slot[h] - 1];
	return NULL;
}

/* The process a debugfs VM belongs to. The kernel names the directory after the thread that
 * created the VM (task_pid_nr(current) in kvm_create_vm_debugfs): QEMU's main thread, but for
 * vboxdrv's dummy VM a VirtualBox EMT thread, whose id is no process's. So a thread of a known
 * hypervisor process (/proc/PID/task/TID) is that process. */
static struct proc *vm_owner(struct vc_ctx *ctx, struct procs *ps, int tid)
{
	struct proc *p = find_proc(ps, tid);
	enum vc_ftype t;

	for (size_t i = 0, tried = 0; !p && i < ps->n && tried < 64; i++) {
		char path[64];

		if (!ps->a[i].named_vmm)
			continue;
		tried++;
		snprintf(path, sizeof(path), "/proc/%d/task/%d", ps->a[i].pid, tid);
		if (vc_host_stat(ctx->host, path, &t) == 0 && t == VC_FT_DIR) {
			p = &ps->a[i];
			vc_evidence(ctx, "debugfs kvm/%d-*: thread %d of pid %d (%s)", tid, tid, p->pid,
				    p->comm);
		}
	}
	return p ? p : get_proc(ps, tid, "?");
}

/* debugfs kvm/<tid>-<fd>: one directory per VM, also for VMs that have no fd in any process.
 * The KVM probe's own smoke VM is freed on a thread of its own while the probes after it run: it
 * must be gone before the directory is listed (else a live report counts it as a KVM VM held by
 * virtcheck itself, and the replay of its capture disagrees); virtcheck's pid is never a VM owner. */
static void debugfs_vms(struct vc_ctx *ctx, struct vc_processes_facts *pf, struct procs *ps)
{
	char **names = NULL;
	size_t nn = 0, vms = 0;
	int r, self = vc_host_is_live(ctx->host) ? getpid() : 0;

	vc_host_settle(ctx->host);
	r = vc_host_list(ctx->host, "/sys/kernel/debug/kvm", &names, &nn);

	if (r < 0) {
		vc_evidence(ctx, "/sys/kernel/debug/kvm: %s",
			    r == -ENOENT ? "absent (debugfs not mounted, or KVM not loaded)" : strerror(-r));
		return;
	}
	for (size_t i = 0; i < nn; i++) {
		char *dash = strchr(names[i], '-');
		uint32_t pid, fd;

		if (!dash)
			continue; /* the global statistics files */
		*dash = '\0';
		if (parse_u32(names[i], 10, &pid) < 0 || parse_u32(dash + 1, 10, &fd) < 0 || !pid ||
		    pid > INT32_MAX || (int)pid == self)
			continue;
		vm_owner(ctx, ps, (int)pid)->debugfs_vms++;
		vms++;
	}
	pf->has_debugfs = true;
	pf->debugfs_vms = (unsigned)vms;
	vc_evidence(ctx, "/sys/kernel/debug/kvm: %zu VM directories", vms);
	vc_strv_free(names);
}

static int processes_fill(struct vc_ctx *ctx)
{
	struct vc_processes_facts *pf = &ctx->facts.processes;
	const struct vc_fd_rec *fds;
	const struct vc_identity *id;
	struct procs ps = { 0 };
	size_t nfds;
	int r = vc_host_fds(ctx->host, &fds, &nfds);

	if (r < 0) {
		char ebuf[16];

		pf->error = xstrdup(errno_name(-r, ebuf));
		vc_evidence(ctx, "processes: %s", r == -ENODATA ? "not in this capture" : strerror(-r));
		return 0;
	}
	pf->inspected = true;
	/* a process's records are consecutive (both the scan and a capture write them so): sized for
	 * as many processes as runs of one pid, and a run's records find their process without the
	 * index */
	size_t runs = 0, nslots = 64, last = SIZE_MAX;
	for (size_t i = 0; i < nfds; i++)
		runs += !i || fds[i].pid != fds[i - 1].pid;
	while (nslots < runs * 2)
		nslots *= 2;
	ps.cap = runs;
	ps.a = runs ? xmalloc(runs * sizeof(*ps.a)) : NULL;
	procs_index(&ps, nslots);
	for (size_t i = 0; i < nfds; i++) {
		const struct vc_fd_rec *f = &fds[i];
		struct proc *p = last < ps.n && ps.a[last].pid == f->pid ? &ps.a[last]
									 : get_proc(&ps, f->pid, f->comm);

		last = (size_t)(p - ps.a);

		/* a process's records name it alike (a capture's may not): each name asked once */
		if (!p->looked_up || strcmp(p->comm, f->comm) != 0) {
			const struct vc_vmm *vmm = vc_vmm_lookup(f->comm);

			p->looked_up = true;
			if (vmm) {
				p->named_vmm = true;
				p->runs_vm = vmm->runs_vm;
				p->hypervisor = vmm->hypervisor;
			}
		}
		if (f->target[0] == 'a' ? f->target[1] != 'n'
					: f->target[0] != '/' || strncmp(f->target, "/dev/", 5) != 0)
			continue; /* no hypervisor's: pipe:[N], socket:[N], "-", a file outside /dev */
		if (strcmp(f->target, "anon_inode:kvm-vm") == 0)
			p->vms++;
		else if (strcmp(f->target, "anon_inode:kvm-vcpu") == 0 ||
			 startswith(f->target, "anon_inode:kvm-vcpu:"))
			p->vcpus++;
		else if (strcmp(f->target, "/dev/kvm") == 0)
			p->kvm_dev++;
		else if (startswith(f->target, "/dev/vboxdrv"))
			p->vbox_dev++;
		else if (strcmp(f->target, "/dev/vmmon") == 0)
			p->vmmon_dev++;
	}
	debugfs_vms(ctx, pf, &ps);

	for (size_t i = 0; i < ps.n; i++) {
		struct proc *p = &ps.a[i];
		struct vc_proc_facts *o;
		bool uses_kvm = p->vms || p->vcpus || p->kvm_dev || p->debugfs_vms;
		const char *hv = p->hypervisor;

		/* VirtualBox and VMware VM processes stay theirs even when they use KVM
		 * (VirtualBox 7.2 VMs created in the kernel, KVM-backend builds) */
		if (uses_kvm && (!hv || strcmp(hv, "kvm") == 0 || !p->named_vmm))
			hv = "kvm"; /* qemu with TCG holds no KVM fd: it is then not a KVM user */
		else if (!hv && p->vbox_dev)
			hv = "virtualbox";
		else if (!hv && p->vmmon_dev)
			hv = "vmware";
		if (!hv)
			continue;
		/* a process's comm from debugfs alone is unknown: take it from its fd records */
		o = VC_PUSH(pf->procs);
		o->pid = p->pid;
		o->comm = xstrdup(p->comm);
		o->hypervisor = vc_hv_from_name(hv);
		if (strcmp(hv, "kvm") == 0) {
			unsigned vms = p->vms > p->debugfs_vms ? p->vms : p->debugfs_vms;

			o->is_kvm = true;
			o->vms = vms;
			o->vcpus = p->vcpus;
			o->vm_without_fd = p->debugfs_vms > p->vms;
			pf->vms.kvm += vms;
			vc_evidence(ctx, "pid %d (%s): %u KVM VM(s), %u vCPU fd(s)%s%s", p->pid, p->comm, vms,
				    p->vcpus, p->kvm_dev ? ", /dev/kvm open" : "",
				    p->debugfs_vms > p->vms
					    ? ", VM in debugfs without a VM fd (created in the kernel)"
					    : "");
		} else if (strcmp(hv, "virtualbox") == 0) {
			bool vm = p->runs_vm;

			o->is_vbox = true;
			o->vms = vm;
			o->device_open = p->vbox_dev;
			o->uses_kvm = uses_kvm;
			o->kvm_vm_fds = p->vms;
			o->vm_without_fd = p->debugfs_vms > p->vms;
			pf->vms.virtualbox += vm;
			vc_evidence(ctx, "pid %d (%s): VirtualBox %s%s%s%s", p->pid, p->comm,
				    vm ? "VM process" : "service", p->vbox_dev ? ", /dev/vboxdrv open" : "",
				    p->vms ? ", KVM VM fds (a KVM-backend build)" : "",
				    p->debugfs_vms > p->vms ? ", a KVM VM in debugfs without a VM fd "
							      "(created in the kernel by vboxdrv)"
							    : "");
		} else {
			bool vm = p->runs_vm;

			o->is_vmware = true;
			o->vms = vm;
			o->device_open = p->vmmon_dev;
			pf->vms.vmware += vm;
			vc_evidence(ctx, "pid %d (%s): VMware %s%s", p->pid, p->comm,
				    vm ? "VM process" : "process", p->vmmon_dev ? ", /dev/vmmon open" : "");
		}
	}
	free(ps.a);
	free(ps.slot);

	/* fds of other users' processes need root: say what is not known */
	unsigned unreadable = vc_host_fds_unreadable(ctx->host);

	pf->unreadable = unreadable;
	if (unreadable) {
		bool root = vc_host_identity(ctx->host, &id) == 0 && id->euid == 0;

		vc_evidence(ctx, "open files of %u processes could not be read", unreadable);
		struct vc_finding *f =
			vc_finding(ctx, VC_SEV_INFO, VC_FID_PROCESSES_INCOMPLETE,
				   "The open files of %u processes could not be read%s: their VMs "
				   "are counted only by process name.",
				   unreadable, root ? "" : " (not running as root)");

		if (!root)
			vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "sudo virtcheck");
	}
	return 0;
}

const struct vc_probe probe_processes = {
	.name = "processes",
	.id = VC_PROBE_PROCESSES,
	.summary = "processes holding /dev/kvm, KVM VMs and vCPUs, /dev/vboxdrv, /dev/vmmon; hypervisor "
		   "processes by name",
	.fill = processes_fill,
};
