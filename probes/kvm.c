/* KVM probe: /dev/kvm, who may use it, API version, capabilities, a VM + vCPU smoke test. */
#include <errno.h>
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "probes/probes.h"

/* Is user listed as a member of group in /etc/group (as opposed to this session's groups)?
 * ret_exists (may be NULL): the group is there at all. */
static bool etc_group_has(struct vc_ctx *ctx, const char *group, const char *user, bool *ret_exists)
{
	_cleanup_(freep) char *buf = NULL;
	char *cur, *line;

	if (ret_exists)
		*ret_exists = false;
	if (vc_ctx_read(ctx, "/etc/group", 4u << 20, &buf, NULL) < 0)
		return false;
	cur = buf;
	while ((line = next_line(&cur))) {
		char *save = NULL, *name = strtok_r(line, ":", &save), *members;

		if (!name || strcmp(name, group) != 0)
			continue;
		if (ret_exists)
			*ret_exists = true;
		strtok_r(NULL, ":", &save); /* password */
		strtok_r(NULL, ":", &save); /* gid */
		members = strtok_r(NULL, ":", &save);
		save = NULL;
		for (char *m = members ? strtok_r(members, ",", &save) : NULL; m && user[0];
		     m = strtok_r(NULL, ",", &save))
			if (strcmp(strstrip(m), user) == 0)
				return true;
	}
	return false;
}

static bool etc_group_lists(struct vc_ctx *ctx, const char *group, const char *user)
{
	return user[0] && etc_group_has(ctx, group, user, NULL);
}

/* A built-in module's /sys/module/NAME (its parameters) is made at boot whether or not its init
 * succeeded: kvm_intel/kvm_amd built into a kernel that runs where the CPU shows none of its VT (a
 * guest given none: WSL2 on Windows 10, a VM without nesting; the other vendor's CPU: Clear Linux
 * builds both in), or where the firmware disabled it, failed their init ("kvm: no hardware
 * support", "kvm: disabled by bios"), registered no kvm misc device and serve no /dev/kvm. Such a
 * module is no backend. */
static bool builtin_without_vt(struct vc_ctx *ctx, const char *mod)
{
	enum vc_vt vt;
	enum vc_ftype t;
	bool hv_bit, definitive;

	if (strcmp(mod, "kvm_pvm") == 0 || vc_facts_modstate(&ctx->facts, mod) != VC_MOD_BUILTIN ||
	    !vc_facts_vt(&ctx->facts, &vt, &hv_bit) ||
	    vc_host_stat(ctx->host, "/sys/class/misc/kvm", &t) == 0)
		return false;
	return vt == VC_VT_NONE || (!strcmp(mod, "kvm_intel") && vt != VC_VT_VMX) ||
	       (!strcmp(mod, "kvm_amd") && vt != VC_VT_SVM) ||
	       vc_facts_firmware_disabled(&ctx->facts, &definitive);
}

static const char *backend_module(struct vc_ctx *ctx)
{
	static const char *const vendors[] = { "kvm_intel", "kvm_amd", "kvm_pvm" };

	for (size_t i = 0; i < ARRAY_SIZE(vendors); i++)
		if (vc_facts_loaded(&ctx->facts, vendors[i])) {
			if (!builtin_without_vt(ctx, vendors[i]))
				return vendors[i];
			vc_evidence(ctx,
				    "%s is built in but initialised nothing: no VT-x/AMD-V of its own "
				    "usable (CPUID, firmware) and no kvm misc device",
				    vendors[i]);
		}
	return NULL;
}

static void device_facts(struct vc_ctx *ctx, struct vc_kvm_facts *k, int *node_err)
{
	struct vc_devnode *node = &k->device.node;
	char e[16];

	*node_err = vc_host_devnode(ctx->host, "/dev/kvm", node);
	k->device.path = "/dev/kvm";
	if (*node_err == -ENODATA) {
		vc_evidence(ctx, "/dev/kvm: not in the capture");
		return;
	}
	k->device.present = vc_tri(*node_err == 0);
	if (*node_err < 0) {
		vc_evidence(ctx, "/dev/kvm: stat: %s", errno_name(*node_err, e));
		return;
	}
	vc_evidence(ctx, "/dev/kvm: %c %u:%u mode %04o uid %u group %s%s%s", node->type, node->major,
		    node->minor, node->mode, node->uid, node->group, node->acl[0] ? " acl " : "", node->acl);
	if (node->type != 'c' || node->major != 10 || node->minor != 232)
		vc_finding_remedy(
			vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_UNEXPECTED_NODE,
				   "/dev/kvm is %c %u:%u, not the KVM misc device (c 10:232).", node->type,
				   node->major, node->minor),
			VC_REMEDY_PERSISTENT, false,
			"sudo rm /dev/kvm && sudo udevadm trigger --action=add --sysname-match=kvm");
}

/* This identity's session already has the group (no usermod, no new login needed). */
static bool session_has_group(const struct vc_identity *id, const char *name)
{
	for (size_t i = 0; i < id->ngroups; i++)
		if (!strcmp(id->groups[i].name, name))
			return true;
	return false;
}

/* Why id cannot open /dev/kvm and what to do; prefix introduces whose access it is. */
static void explain_denial(struct vc_ctx *ctx, enum vc_fid fid, enum vc_severity sev, const char *prefix,
			   const struct vc_devnode *node, const struct vc_identity *id, enum vc_access a,
			   int open_err)
{
	const char *user = id->user[0] ? id->user : "$USER", *ci = vc_ci_job(ctx->host, id, NULL);
	/* the names as words of the commands below: a user or group name may hold anything */
	_cleanup_(freep) char *quser = id->user[0] ? vc_shell_quote(id->user) : xstrdup("$USER");
	_cleanup_(freep) char *qgroup = vc_shell_quote(node->group);
	enum vc_remedy_kind kind = VC_REMEDY_PERSISTENT;
	char *remedy = NULL, *also = NULL, e[16];
	struct vc_finding *f;
	/* a node of group root (a kernel-made node no udev rule reached, Kokoro's CI VMs) is
	 * root's alone: nobody is added to group root for it (r-env-kokoro-gce-kvm-root-root) */
	bool root_group = !strcmp(node->group, "root") || !strcmp(node->group, "0");

	if (ci && !vc_access_granted(a)) {
		/* a job never logs in again: usermod reaches only later logins; the remedy is the CI
		 * job's environment row (lib/verdict/environment.c) */
		f = vc_finding(ctx, sev, fid,
			       "%sUser %s cannot open /dev/kvm (mode %04o, group %s) in this %s job: a group "
			       "added with usermod reaches only new logins, and a CI job cannot log in "
			       "again.",
			       prefix, user, node->mode, node->group, ci);
	} else if (a == VC_DENIED_NOT_IN_GROUP && !root_group && vc_probe_sandbox(ctx)) {
		/* the sandbox dropped the group: no new login brings it back; the remedy is the
		 * sandbox's environment row (lib/verdict/environment.c) */
		f = vc_finding(ctx, sev, fid,
			       "%sUser %s cannot open /dev/kvm (mode %04o, group %s) in this %s sandbox: "
			       "the user is %sin group %s in /etc/group, but the sandbox keeps only some "
			       "supplementary groups (its nogroups option), and %s is not among them.",
			       prefix, user, node->mode, node->group, vc_probe_sandbox(ctx),
			       etc_group_lists(ctx, node->group, id->user) ? "" : "not even ", node->group,
			       node->group);
	} else if (a == VC_DENIED_NOT_IN_GROUP && !root_group) {
		if (etc_group_lists(ctx, node->group, id->user)) {
			remedy = xasprintf(
				"Log out and back in (or run 'newgrp %s') so this session gets the group.",
				qgroup);
			f = vc_finding(
				ctx, sev, fid,
				"%sUser %s cannot open /dev/kvm: it is in group %s in /etc/group, but this "
				"login session started before that and does not have the group yet.",
				prefix, user, node->group);
		} else {
			remedy = xasprintf("sudo usermod -aG %s %s   # then log out and back in", qgroup,
					   quser);
			f = vc_finding(ctx, sev, fid,
				       "%sUser %s cannot open /dev/kvm (mode %04o, group %s): the user is "
				       "not in group %s.",
				       prefix, user, node->mode, node->group, node->group);
			/* sg(1) runs one command with a group /etc/group gives the user, without a
			 * password or a new login: what a script does that cannot log in again
			 * (IstiN/dmtools-agents#292: gpasswd -a, then the emulator under sg kvm -c) */
			also = xasprintf("Or without logging out, after the usermod: sg %s -c 'YOUR "
					 "COMMAND'   # runs one command with the group now",
					 qgroup);
		}
	} else if (!vc_access_granted(a)) {
		if (ctx->facts.kvm.udevd == VC_TRI_TRUE)
			remedy = xasprintf("sudo groupadd -f -r kvm && "
					   "echo 'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\"' | sudo tee "
					   "/etc/udev/rules.d/65-kvm.rules && "
					   "sudo udevadm control --reload && sudo udevadm trigger "
					   "--action=change --sysname-match=kvm && "
					   "sudo usermod -aG kvm %s   # then log out and back in",
					   quser);
		else if (session_has_group(id, "kvm")) { /* no udev here; the user already has kvm */
			kind = VC_REMEDY_TEMPORARY;
			remedy = xstrdup("sudo chgrp kvm /dev/kvm && sudo chmod 0660 /dev/kvm   # no udev "
					 "runs here: repeat after each boot");
		} else { /* no udev here (containers, minimal VMs): the node itself, until it is made again */
			kind = VC_REMEDY_TEMPORARY;
			remedy = xasprintf("sudo groupadd -f -r kvm && sudo chgrp kvm /dev/kvm && sudo chmod "
					   "0660 /dev/kvm && "
					   "sudo usermod -aG kvm %s   # no udev runs here: repeat after each "
					   "boot; then log out and back in",
					   quser);
		}
		f = vc_finding(ctx, sev, fid,
			       "%sUser %s cannot open /dev/kvm: it is mode %04o owned by uid %u group %s, "
			       "which gives nobody but root read-write access.",
			       prefix, user, node->mode, node->uid, node->group);
	} else if (open_err == EPERM) {
		/* the mode passed (it answers EACCES), the device cgroup answers EPERM (Linux
		 * fs/namei.c inode_permission(), security/device_cgroup.c); AppArmor and SELinux
		 * answer EACCES. The remedy is the knowledge row kvm_open_not_permitted's. */
		f = vc_finding(ctx, sev, fid,
			       "%sOpening /dev/kvm failed with EPERM although its permissions allow this "
			       "user (%s): a device cgroup refuses it (a container not given the device, "
			       "a snap whose kvm interface is not connected, a systemd unit's "
			       "DevicePolicy).",
			       prefix, vc_access_name(a));
	} else {
		f = vc_finding(ctx, sev, fid,
			       "%sOpening /dev/kvm failed with %s although its permissions allow this user "
			       "(%s): a security module or a container's device policy denies it.",
			       prefix, errno_name(open_err, e), vc_access_name(a));
		kind = VC_REMEDY_TEMPORARY; /* a look, not a change */
		remedy = xstrdup("Check for a security module denial: 'journalctl -k | grep -iE "
				 "\"apparmor|selinux|avc\"'.");
	}
	vc_finding_evidence(f, "/dev/kvm mode %04o uid %u group %s%s%s", node->mode, node->uid, node->group,
			    node->acl[0] ? " acl " : "", node->acl);
	for (size_t i = 0; i < id->ngroups; i++)
		vc_finding_evidence(f, "%s has group %s (%u)", *prefix ? id->user : "this session",
				    id->groups[i].name, id->groups[i].gid);
	if (remedy)
		vc_finding_remedy(f, kind, false, "%s", remedy);
	if (also)
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "%s", also);
	free(remedy);
	free(also);
}

/* Run as root through sudo or pkexec: root's access says nothing about the user who asked. */
static void invoker_access(struct vc_ctx *ctx, struct vc_kvm_facts *k, const struct vc_devnode *node)
{
	const struct vc_identity *inv;
	enum vc_access a;

	if (vc_host_invoker(ctx->host, &inv) < 0)
		return;
	a = vc_node_access(node, inv);
	k->access.has_invoker = true;
	k->access.invoker.user = xstrdup(inv->user);
	k->access.invoker.uid = inv->uid;
	k->access.invoker.reason = a;
	vc_evidence(ctx, "user %s (uid %u), who ran virtcheck through sudo, on /dev/kvm: %s", inv->user,
		    inv->uid, vc_access_name(a));
	if (!vc_access_granted(a))
		explain_denial(ctx, VC_FID_KVM_INVOKER_NO_ACCESS, VC_SEV_WARNING,
			       "virtcheck runs as root through sudo, so it can open /dev/kvm; without sudo "
			       "it cannot: ",
			       node, inv, a, 0);
}

/* The kernel's overflowuid/overflowgid: how ids this user namespace does not map show. */
#define OVERFLOW_ID 65534

/*
 * Root inside a user namespace (a rootless container) whose /dev/kvm is owned by ids it does not
 * map (they show as 65534): its capabilities do not cover such a node, so only the node's
 * "other" bits, or a group kept from the host, let it open /dev/kvm (user_namespaces(7),
 * capabilities and file access).
 */
static void userns_denial(struct vc_ctx *ctx, struct vc_kvm_facts *k, const struct vc_devnode *node,
			  const struct vc_identity *id, int open_err)
{
	struct vc_identity unmapped = *id;
	struct vc_finding *f;
	char e[16];

	unmapped.uid = unmapped.euid = OVERFLOW_ID - 1; /* neither root nor the node's owner */
	k->access.reason = vc_node_access(node, &unmapped);
	vc_evidence(ctx, "/dev/kvm owned by uid %u in a user namespace: root here is no root for it (%s)",
		    node->uid, vc_access_name(k->access.reason));
	if (vc_access_granted(k->access.reason) && !open_err)
		return;
	/* root: its privileges stop at unmapped ids; a user: a group named after the node's
	 * (nogroup) is no membership, both are unmapped ids */
	bool root = id->euid == 0;
	const char *sandbox = vc_probe_sandbox(ctx);
	_cleanup_(freep) char *where =
		sandbox ? xasprintf("runs in a %s sandbox whose user namespace maps only some ids "
				    "(firejail --noroot)",
				    sandbox)
			: NULL;

	f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_NO_ACCESS,
		       "%s%s %s: /dev/kvm shows as %u:%s, ids not mapped here, %sand its mode %04o lets "
		       "this %s open it only through a group kept from %s%s%s.",
		       root ? "" : "User ",
		       id->user[0] ? id->user
		       : root	   ? "root"
				   : "?",
		       root    ? "is root only inside this user namespace (a rootless container)"
		       : where ? where
			       : "runs in a user namespace that maps only some ids (a rootless container, "
				 "or a sandbox such as firejail --noroot)",
		       node->uid, node->group, root ? "so root's privileges do not apply to it, " : "",
		       node->mode, root ? "container" : "user", root ? "the host" : "outside",
		       open_err ? "; open failed with " : "", open_err ? errno_name(open_err, e) : "");
	/* the remedy (podman --group-add keep-groups) is the rootless container's environment row */
	vc_finding_evidence(f, "/dev/kvm mode %04o uid %u group %s", node->mode, node->uid, node->group);
}

/*
 * Who libvirt's system connection (qemu:///system: virsh, virt-manager, minikube's kvm2 driver)
 * admits is decided at /run/libvirt/libvirt-sock, and how depends on how libvirt was built and
 * packaged (libvirt src/remote/libvirtd.conf.in, "auth_unix_rw"):
 *  - built with polkit (Fedora, Arch): the socket is 0666 (SocketMode=0666) and every connection
 *    asks polkit for org.libvirt.unix.manage; the rule libvirt ships (src/remote/libvirtd.rules,
 *    installed as /usr/share/polkit-1/rules.d/50-libvirt.rules, src/remote/meson.build) answers
 *    yes for group libvirt. Anyone else is asked for an administrator's password through a polkit
 *    agent (minikube kvm2 on Arch asked three times: kubernetes/minikube#3467) and, where no agent
 *    runs, fails with "authentication unavailable: no polkit agent available to authenticate
 *    action 'org.libvirt.unix.manage'" (virt-manager/virt-manager#625, Arch under Hyprland);
 *  - Debian and Ubuntu set unix_sock_group = "libvirt", unix_sock_rw_perms = "0770" and
 *    auth_unix_rw = "none" (debian/patches/debian/Allow-libvirt-group-to-access-the-socket.patch):
 *    the socket's group decides, "libvirtd" on older releases (kubernetes/minikube#6653:
 *    "srwxrwx--- 1 root libvirtd"), and anyone else gets "Failed to connect socket to
 *    '/var/run/libvirt/libvirt-sock': Permission denied" (kinvolk/cloud-native-bpf-workshop#14,
 *    fixed by adduser USER libvirt and newgrp libvirt in #15; kubernetes/minikube#10070, #6468:
 *    the group reaches only new logins);
 *  - built without polkit and not packaged for a group: SocketMode=0600, root alone.
 * The socket's mode and group are recorded with the device nodes; a capture without them (older
 * ones) falls back on the polkit rule's presence, then on the distribution.
 */
#define LIBVIRT_SOCK "/run/libvirt/libvirt-sock"
/* libvirt's modular daemons (virtqemud for QEMU): a qemu:///system client connects straight to
 * virtqemud's socket where it exists, and to libvirtd's (or virtproxyd's, at the same path) only
 * where it does not (libvirt src/remote/remote_sockets.c, remoteGetUNIXSocket: mode auto prefers
 * the direct socket); the error then names it: "Failed to connect socket to
 * '/var/run/libvirt/virtqemud-sock'" (virt-manager/virt-manager#298) */
#define VIRTQEMUD_SOCK "/run/libvirt/virtqemud-sock"

enum libvirt_gate { GATE_POLKIT, GATE_GROUP, GATE_ROOT };

/* The polkit rule that admits group libvirt (50-libvirt.rules; /etc's copy overrides /usr's). */
static bool polkit_rule_admits_libvirt(struct vc_ctx *ctx, const char **ret_path)
{
	static const char *const paths[] = { "/etc/polkit-1/rules.d/50-libvirt.rules",
					     "/usr/share/polkit-1/rules.d/50-libvirt.rules" };

	*ret_path = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		_cleanup_(freep) char *text = NULL;

		if (vc_ctx_read(ctx, paths[i], 64u << 10, &text, NULL) < 0)
			continue;
		*ret_path = paths[i];
		return strstr(text, "org.libvirt.unix.manage") && strstr(text, "isInGroup(\"libvirt\")");
	}
	return false;
}

static void libvirt_access(struct vc_ctx *ctx, const struct vc_identity *id, bool kvm_granted)
{
	static const char *const daemons[] = { "/usr/sbin/libvirtd", "/usr/sbin/virtqemud" };
	_cleanup_(freep) char *quser = NULL, *how = NULL;
	struct vc_devnode sock;
	const char *rule = NULL, *group = "libvirt", *path = VIRTQEMUD_SOCK, *unit = "virtqemud";
	bool exists = false, listed, installed = false, admits, known;
	enum libvirt_gate gate;
	enum vc_distro family = ctx->facts.distro.family;
	struct vc_finding *f;
	enum vc_ftype t;

	/* read (and so captured) whoever runs: a capture taken with sudo replays for its user too */
	known = vc_host_socket(ctx->host, VIRTQEMUD_SOCK, &sock) == 0;
	if (!known) {
		path = LIBVIRT_SOCK, unit = "libvirtd";
		known = vc_host_socket(ctx->host, LIBVIRT_SOCK, &sock) == 0;
	}
	admits = polkit_rule_admits_libvirt(ctx, &rule);
	if (!kvm_granted || id->euid == 0 || !id->user[0])
		return;
	for (size_t i = 0; i < ARRAY_SIZE(daemons) && !installed; i++)
		installed = vc_host_stat(ctx->host, daemons[i], &t) == 0;
	if (!known && !installed)
		return;
	if (known && (sock.mode & 0006) == 0006)
		gate = GATE_POLKIT;
	else if (known && (sock.mode & 0060) == 0060 && strcmp(sock.group, "root") != 0)
		gate = GATE_GROUP, group = sock.group;
	else if (known)
		gate = GATE_ROOT;
	else if (rule || family == VC_DISTRO_FEDORA || family == VC_DISTRO_ARCH || family == VC_DISTRO_OSTREE)
		gate = GATE_POLKIT;
	else
		gate = GATE_GROUP;
	if (gate != GATE_ROOT && session_has_group(id, group))
		return;
	listed = etc_group_has(ctx, group, id->user, &exists);
	/* a guess from the distribution about a group that does not exist says nothing */
	if (!exists && !known && !rule)
		return;
	/* polkit's rules ask the group database for a process subject's groups (getgrouplist:
	 * polkitbackendjsauthority.cpp, subject_to_jsval), not the session's: a user /etc/group
	 * lists is admitted at once, with no new login */
	if (gate == GATE_POLKIT && admits && listed)
		return;
	quser = vc_shell_quote(id->user);
	if (gate == GATE_POLKIT) {
		how = xasprintf(
			"libvirt's socket %s%s and polkit decides (org.libvirt.unix.manage): %s. User %s "
			"%s, so polkit asks for an administrator's password through a polkit agent, and "
			"where none runs (ssh, a window manager without one, a script) virsh, virt-manager "
			"and minikube's kvm2 driver fail with \"authentication unavailable: no polkit agent "
			"available to authenticate action 'org.libvirt.unix.manage'\".",
			path, known ? " is mode 0666" : " is polkit's (libvirt built with polkit)",
			admits ? "libvirt's rule 50-libvirt.rules admits group libvirt without a password"
			: rule ? "the 50-libvirt.rules there does not admit group libvirt"
			       : "no 50-libvirt.rules admits group libvirt here",
			id->user,
			!admits	 ? "has no rule that admits it"
			: exists ? "is not in group libvirt"
				 : "is not in group libvirt, which does not exist");
	} else if (gate == GATE_GROUP) {
		how = xasprintf("User %s may open /dev/kvm, but libvirt's system connection (qemu:///system: "
				"virsh, virt-manager, minikube's kvm2 driver) admits it only through group "
				"%s%s, which this session %s: they fail with \"Failed to connect socket to "
				"'/var%s': Permission denied\".",
				id->user, group,
				known ? ", the socket's (Debian's and Ubuntu's packaging)" : "",
				listed ? "does not have yet (the user joined it after logging in)"
				       : "does not have (the user is not in it)",
				path);
	} else {
		how = xasprintf("libvirt's socket %s is mode %04o, owner uid %u group %s: only root may "
				"connect (libvirt built without polkit, SocketMode=0600), so virsh, "
				"virt-manager and minikube's kvm2 driver fail for user %s with \"Failed to "
				"connect socket to '/var%s': Permission denied\".",
				path, sock.mode, sock.uid, sock.group, id->user, path);
	}
	f = vc_finding(ctx, VC_SEV_INFO, VC_FID_KVM_LIBVIRT_NO_ACCESS, "%s", how);
	if (known)
		vc_finding_evidence(f, "%s: socket mode %04o uid %u group %s", path, sock.mode, sock.uid,
				    sock.group);
	if (gate == GATE_POLKIT)
		vc_finding_evidence(f, "polkit: %s", rule ? rule : "no 50-libvirt.rules");
	if (gate != GATE_ROOT)
		vc_finding_evidence(f, "/etc/group: group %s %s %s", group,
				    !exists  ? "does not exist, so it does not list"
				    : listed ? "lists"
					     : "does not list",
				    id->user);
	if (gate == GATE_POLKIT && !admits)
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "printf '%%s\\n' 'polkit.addRule(function(action, subject) {' '  if "
				  "(action.id == \"org.libvirt.unix.manage\" && "
				  "subject.isInGroup(\"libvirt\")) return polkit.Result.YES;' '});' | sudo "
				  "tee /etc/polkit-1/rules.d/50-libvirt.rules   # libvirt's own rule: group "
				  "libvirt manages VMs without a password");
	if (gate == GATE_ROOT && !vc_knowledge_remedy_is(&ctx->facts, "service_fallback")) {
		/* no systemd socket unit: the daemon creates the socket as its configuration says
		 * (libvirt src/remote/libvirtd.conf.in: unix_sock_group, unix_sock_rw_perms) */
		struct buf b = { 0 };

		vc_remedy_service(&b, &ctx->facts, "restart", unit);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "set unix_sock_group = \"libvirt\" and unix_sock_rw_perms = \"0770\" in "
				  "/etc/libvirt/%s.conf, then `%s`   # group libvirt may connect",
				  unit, b.data);
		buf_free(&b);
	} else if (gate == GATE_ROOT)
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "sudo mkdir -p /etc/systemd/system/%s.socket.d && printf "
				  "'[Socket]\\nSocketGroup=libvirt\\nSocketMode=0660\\n' | sudo tee "
				  "/etc/systemd/system/%s.socket.d/group.conf && sudo systemctl "
				  "daemon-reload && sudo systemctl restart %s.socket   # group libvirt "
				  "may connect%s",
				  unit, unit, unit,
				  strcmp(unit, "libvirtd") == 0
					  ? " (virtproxyd.socket where the modular daemons run)"
					  : "");
	if (!exists)
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false, "sudo groupadd -r %s", group);
	if (!listed)
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false, "sudo usermod -aG %s %s   # %s", group,
				  quser,
				  gate == GATE_POLKIT ? "polkit reads the group database: no new login needed"
						      : "then log out and back in");
	/* the socket's group is the session's: a shell with it now */
	if (gate != GATE_POLKIT)
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "newgrp %s   # a shell with the group now, without a new login%s", group,
				  listed ? "" : " (after the usermod)");
}

static void access_facts(struct vc_ctx *ctx, struct vc_kvm_facts *k, int node_err,
			 const struct vc_kvm_info *kvm)
{
	const struct vc_devnode *node = &k->device.node;
	const struct vc_identity *id = NULL;
	enum vc_access a;
	char e[16];

	if (kvm) {
		char *open = xstrdup(kvm->open ? errno_name(kvm->open, e) : "ok");

		*(kvm->passive ? &k->access.open_read_only : &k->access.open) = open;
	}
	if (vc_host_identity(ctx->host, &id) < 0)
		return;
	k->access.has_identity = true;
	k->access.user = id->user[0] ? xstrdup(id->user) : NULL;
	k->access.uid = id->euid;
	if (node_err < 0) {
		k->access.reason = node_err == -ENOENT ? VC_ACCESS_NO_DEVICE : VC_ACCESS_UNKNOWN;
		return;
	}
	a = vc_node_access(node, id);
	/* a node owned by unmapped ids: root's privileges do not reach it, and a user's own
	 * permissions there are what the namespace kept; where it opened, nothing is wrong */
	if (node->uid == OVERFLOW_ID &&
	    (a == VC_ACCESS_ROOT || !vc_access_granted(a) || (kvm && !kvm->passive && kvm->open)) &&
	    vc_host_user_namespace(ctx->host, NULL)) {
		userns_denial(ctx, k, node, id, kvm ? kvm->open : 0);
		return;
	}
	/* open() is the proof: where the mode, owner and groups read say no and it opened anyway, an
	 * ACL this host's record lacks (logind's uaccess for the seat's user, a setfacl) or a group
	 * the session has and the record does not, granted it; preflight's kvm is met then too */
	if (!vc_access_granted(a) && kvm && !kvm->passive && !kvm->open) {
		vc_evidence(ctx,
			    "user %s (uid %u) on /dev/kvm: %s by its mode and groups, yet open() worked: an "
			    "ACL (logind's uaccess, setfacl) or a group not recorded grants it",
			    id->user[0] ? id->user : "?", id->euid, vc_access_name(a));
		a = VC_ACCESS_OPENED;
	}
	k->access.reason = a;
	vc_evidence(ctx, "user %s (uid %u) on /dev/kvm: %s", id->user[0] ? id->user : "?", id->euid,
		    vc_access_name(a));
	/* Denied, or the prediction and the real open() disagree: tell exactly why and what to do
	 * (ENXIO: a passive host did not open a node no driver serves; missing_device says why) */
	bool denied = !vc_access_granted(a) || (kvm && kvm->open && !(kvm->passive && kvm->open == ENXIO));

	if (denied)
		explain_denial(ctx, VC_FID_KVM_NO_ACCESS, VC_SEV_ERROR, "", node, id, a, kvm ? kvm->open : 0);
	libvirt_access(ctx, id, !denied);
	invoker_access(ctx, k, node);
}

static void smoke_findings(struct vc_ctx *ctx, const struct vc_kvm_info *kvm)
{
	char e[16];

	if (kvm->open)
		return;
	if (kvm->api != 12)
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_API_VERSION,
			   "KVM_GET_API_VERSION returned %d; every KVM since Linux 2.6.22 returns 12.",
			   kvm->api);
	if (vc_kvm_busy_errno(kvm->create_vm, ctx->facts.kernel)) {
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_CREATE_VM_BUSY,
			   "KVM_CREATE_VM failed with %s: another hypervisor (VirtualBox, VMware) holds "
			   "VT-x/AMD-V, so KVM cannot enable it%s.",
			   errno_name(kvm->create_vm, e),
			   kvm->create_vm == EIO ? " (Linux 6.12+ says EIO where earlier kernels said EBUSY)"
						 : "");
	} else if (kvm->create_vm > 0) {
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_CREATE_VM_FAILED, "KVM_CREATE_VM failed with %s.",
			   errno_name(kvm->create_vm, e));
	} else if (kvm->create_vcpu > 0) {
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_CREATE_VCPU_FAILED,
			   "KVM_CREATE_VCPU failed with %s.", errno_name(kvm->create_vcpu, e));
	} else if (kvm->run_exit[0]) {
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_VCPU_RUN_FAILED,
			   "A minimal guest did not run as expected: KVM_RUN stopped with exit reason %s.",
			   kvm->run_exit);
	} else if (kvm->vcpu_run > 0) {
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_VCPU_RUN_FAILED,
			   "A minimal guest did not run: KVM_RUN failed with %s%s.",
			   errno_name(kvm->vcpu_run, e),
			   kvm->vcpu_run == EINTR ? " (it did not finish within 2 s)" : "");
	}
}

/* A loaded non-KVM hypervisor, by its name for people. */
static const char *other_hypervisor(struct vc_ctx *ctx)
{
	static const struct {
		const char *module, *label;
	} others[] = { { "vboxdrv", "VirtualBox (vboxdrv)" }, { "vmmon", "VMware (vmmon)" } };

	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		if (vc_facts_modstate(&ctx->facts, others[i].module) != VC_MOD_ABSENT)
			return others[i].label;
	return NULL;
}

/* The kernel configuration (platform probe) turns KVM off: the config key that does, or NULL. */
static const char *kvm_not_built(struct vc_ctx *ctx, const char *mod)
{
	const char *keys[] = { "CONFIG_KVM", strcmp(mod, "kvm_amd") ? "CONFIG_KVM_INTEL" : "CONFIG_KVM_AMD" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (streq_ptr(vc_facts_kconfig(&ctx->facts, keys[i]), "n"))
			return keys[i];
	return NULL;
}

static void missing_device(struct vc_ctx *ctx, const char *backend)
{
	const char *mod = vc_facts_kvm_vendor_module(&ctx->facts), *other, *nokvm;
	bool registered, hv_bit;
	enum vc_vt vt;
	enum vc_ftype t;

	registered = vc_host_stat(ctx->host, "/sys/class/misc/kvm", &t) == 0;
	if (registered || backend) {
		/* the remedies depend on where this runs (a container gets no node from udev): the
		 * environment probe adds them */
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_NO_DEVICE,
			   "KVM is loaded (%s) but /dev/kvm does not exist here%s.",
			   backend ? backend : "the kvm misc device is registered",
			   registered ? ": udev did not create the node (common in containers and minimal "
					"images)"
				      : "");
	} else if (mod && vc_facts_firmware_disabled(&ctx->facts, NULL)) {
		/* loading KVM cannot help while the firmware keeps VT off */
		/* say exactly which of the two is missing (kvm.ko loads without VT; the vendor's does not):
		 * the knowledge row say_kvm_without_vendor_module */
		if (vc_knowledge_remedy_is(&ctx->facts, "say_kvm_without_vendor_module"))
			vc_finding(ctx, VC_SEV_INFO, VC_FID_KVM_NOT_LOADED,
				   "kvm is loaded, %s is not, and cannot be until %s is enabled in the "
				   "firmware setup.",
				   mod, vc_vt_label(ctx->facts.cpuid.vt));
		else
			vc_finding(ctx, VC_SEV_INFO, VC_FID_KVM_NOT_LOADED,
				   "KVM is not loaded, and cannot be until %s is enabled in the firmware "
				   "setup.",
				   vc_vt_label(ctx->facts.cpuid.vt));
	} else if (mod && (nokvm = kvm_not_built(ctx, mod))) {
		/* no module to load: modprobe would only fail */
		vc_finding_remedy(vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_NOT_LOADED,
					     "This kernel is built without KVM (%s is not set in %s): there "
					     "is no %s to load, so /dev/kvm cannot exist.",
					     nokvm, ctx->facts.platform.kernel_config.source, mod),
				  VC_REMEDY_PERSISTENT, true,
				  "Boot a kernel built with CONFIG_KVM=m and %s=m (distribution kernels "
				  "are), or rebuild this one with them.",
				  strcmp(mod, "kvm_amd") ? "CONFIG_KVM_INTEL" : "CONFIG_KVM_AMD");
	} else if (mod && (other = other_hypervisor(ctx))) {
		/* loading KVM now would start the very conflict this tool exists to prevent */
		vc_finding(ctx, VC_SEV_INFO, VC_FID_KVM_NOT_LOADED,
			   "KVM is not loaded: %s is the hypervisor in use here. Switch deliberately (stop "
			   "its VMs first) rather than loading %s beside it.",
			   other, mod);
	} else if (mod) {
		const struct vc_modules_facts *mf = &ctx->facts.modules;
		const char *src = NULL;
		bool core = vc_knowledge_remedy_is(&ctx->facts, "say_kvm_without_vendor_module");

		for (size_t i = 0; i < mf->config.blacklist.n; i++)
			if (streq_ptr(mf->config.blacklist.v[i].module, mod))
				src = mf->config.blacklist.v[i].source;
		char hint[400] = "";

		/* kvm.ko stays loaded when the vendor module it was loaded for refuses to init (a
		 * firmware VT lock at boot: kvm_init() returns -EOPNOTSUPP, "Operation not supported";
		 * platform9/express#206, QaidVoid/Complete-Single-GPU-Passthrough#19): where no MSR showed
		 * the lock, say what modprobe's failure would mean, never that it is the cause. Not on
		 * Intel from 5.6 on where /proc/cpuinfo still shows vmx: feat_ctl.c clears it when the
		 * firmware leaves VMX off, so the lock is known to allow it there */
		uint32_t kv = kernel_version_code(ctx->facts.kernel);
		bool vmx_lock_ruled_out = !vc_facts_amd(&ctx->facts) && kv >= KVER(5, 6, 0) &&
					  ctx->facts.cpuid.vt_cleared_by_kernel == VC_TRI_FALSE;

		if (core && !src && !ctx->facts.msr.has_feature_control && !ctx->facts.msr.has_vm_cr &&
		    !vmx_lock_ruled_out)
			snprintf(hint, sizeof(hint),
				 " If `sudo modprobe %s` fails with \"Operation not supported\", %s is "
				 "disabled in the firmware (`sudo dmesg | grep -i 'by bios'` then shows it: "
				 "\"kvm: disabled by bios\", or \"disabled (by BIOS)\" and \"not enabled "
				 "(by BIOS)\" as newer kernels word it): enable it in the firmware setup, "
				 "then power the machine off and on.",
				 mod, vc_vt_label(ctx->facts.cpuid.vt));
		/* say exactly which of the two is missing */
		struct vc_finding *f =
			core ? vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_NOT_LOADED,
					  "kvm is loaded, %s is not: /dev/kvm appears only when %s "
					  "loads%s%s.%s",
					  mod, mod, src ? "; it is blacklisted at " : "", src ? src : "",
					  hint)
			     : vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_NOT_LOADED,
					  "KVM is not loaded (neither kvm nor %s), so /dev/kvm does not "
					  "exist; this CPU supports it through %s%s%s.",
					  mod, mod, src ? ", which is blacklisted at " : "", src ? src : "");

		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "sudo modprobe %s", mod);
		if (src) /* src is PATH:LINE */
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, false,
				"Remove the blacklist line for %s at %s (`sudoedit %.*s`) so it loads at "
				"boot",
				mod, src, (int)strcspn(src, ":"), src);
	} else if (!vc_facts_vt(&ctx->facts, &vt, &hv_bit)) {
		/* never "no VT-x/AMD-V" without evidence for it */
		vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_UNAVAILABLE,
			   "/dev/kvm does not exist and no KVM module is loaded; whether this CPU offers "
			   "VT-x/AMD-V is unknown (neither CPUID nor /proc/cpuinfo was read).");
	} else if (hv_bit) {
		/* the other hypervisors loaded in this guest fail the same way (kubernetes/minikube#5111:
		 * minikube's VirtualBox driver in a VMware guest, VERR_VMX_NO_VMX) */
		bool amd = vc_facts_amd(&ctx->facts), vbox = vc_facts_loaded(&ctx->facts, "vboxdrv"),
		     vmw = vc_facts_loaded(&ctx->facts, "vmmon");
		char others[160] = "";

		if (vbox || vmw)
			snprintf(others, sizeof(others), "; neither can %s%s%s%s",
				 vbox ? "VirtualBox's VMs (" : "",
				 vbox ? (amd ? "VERR_SVM_NO_SVM)" : "VERR_VMX_NO_VMX)") : "",
				 vbox && vmw ? " nor " : "", vmw ? "VMware's (vmmon is loaded)" : "");
		vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_UNAVAILABLE,
			   "/dev/kvm does not exist: this virtual machine is given no VT-x/AMD-V by its "
			   "outer hypervisor%s, so KVM cannot run here%s.",
			   ctx->facts.cpuid.available ? ""
						      : " (the kernel's CPU flags show neither vmx nor svm)",
			   others);
	} else {
		vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_UNAVAILABLE,
			   "/dev/kvm does not exist and this CPU offers no VT-x/AMD-V for KVM%s.",
			   ctx->facts.cpuid.available
				   ? ""
				   : " (the kernel's CPU flags show neither vmx nor svm; the firmware may "
				     "have disabled it)");
	}
}

/* A passive host opened /dev/kvm read-only and created no VM: what that leaves unknown is said so. */
static void passive_facts(struct vc_ctx *ctx, struct vc_kvm_facts *k, const struct vc_kvm_info *kvm)
{
	int user_memory = vc_kvm_cap_index("KVM_CAP_USER_MEMORY");
	char e[16];

	k->passive = true;
	k->vm_test = "skipped";
	k->usable = VC_TRI_NULL;
	k->usable_unverified = kvm->open == 0 && kvm->api == 12 && k->access.has_identity &&
			       vc_access_granted(k->access.reason) && user_memory >= 0 &&
			       kvm->caps[user_memory] > 0;
	vc_evidence(ctx, "open(/dev/kvm, O_RDONLY): %s; API %d; no VM created (--passive)",
		    kvm->open ? errno_name(kvm->open, e) : "ok", kvm->api);
	if (kvm->open == ENXIO)
		vc_skipped(ctx, "open",
			   "Opening /dev/kvm: no driver serves it, and opening it would make the kernel load "
			   "kvm.");
	else
		vc_skipped(ctx, "open_rw",
			   "Opening /dev/kvm read-write: it was opened read-only; whether this user may open "
			   "it read-write is read from its mode, owner, group and ACL.");
	vc_skipped(ctx, "vm_test",
		   "The VM smoke test (KVM_CREATE_VM, KVM_CREATE_VCPU, KVM_RUN of a minimal guest): creating "
		   "a VM can switch VT-x/AMD-V on for a moment (kernels before 6.12, or "
		   "kvm.enable_virt_at_load=0), and a VirtualBox VM starting then fails. Going by this "
		   "user's permissions and KVM's capabilities, KVM is %s (unverified); the capabilities "
		   "that depend on a VM were asked of /dev/kvm itself.",
		   k->usable_unverified ? "usable" : "not usable");
}

static int kvm_fill(struct vc_ctx *ctx)
{
	struct vc_kvm_facts *k = &ctx->facts.kvm;
	const struct vc_kvm_info *kvm = NULL;
	int node_err;
	char e[16];

	k->backend = backend_module(ctx);
	{
		enum vc_ftype t;
		int sr = vc_host_stat(ctx->host, "/run/udev/control", &t);

		k->udevd = sr == 0 ? VC_TRI_TRUE : sr == -ENOENT ? VC_TRI_FALSE : VC_TRI_NULL;
	}
	device_facts(ctx, k, &node_err);
	if (vc_host_kvm(ctx->host, &kvm) < 0)
		kvm = NULL;
	access_facts(ctx, k, node_err, kvm);

	if (!kvm) {
		vc_finding(ctx, VC_SEV_INFO, VC_FID_KVM_NOT_CAPTURED,
			   "The capture holds no /dev/kvm checks (virtcheck/kvm.txt): whether KVM works "
			   "there is unknown.");
		return 0;
	}
	k->captured = true;
	if (kvm->api >= 0)
		k->api_version = vc_oint(kvm->api);
	k->caps = xmalloc(vc_kvm_ncaps * sizeof(*k->caps));
	memcpy(k->caps, kvm->caps, vc_kvm_ncaps * sizeof(*k->caps));
	k->create_vm = kvm->create_vm;
	k->create_vcpu = kvm->create_vcpu;
	k->vcpu_run = kvm->vcpu_run;
	snprintf(k->run_exit, sizeof(k->run_exit), "%s", kvm->run_exit);
	if (kvm->passive) {
		passive_facts(ctx, k, kvm);
		if (kvm->open == ENOENT || kvm->open == ENXIO || node_err == -ENOENT)
			missing_device(ctx, k->backend);
		else
			smoke_findings(ctx, kvm);
		return 0;
	}
	k->usable = vc_tri(kvm->open == 0 && kvm->create_vm == 0 && kvm->create_vcpu == 0 &&
			   kvm->vcpu_run == 0 && !kvm->run_exit[0]);
	vc_evidence(ctx,
		    "open(/dev/kvm, O_RDWR): %s; API %d; KVM_CREATE_VM %s; KVM_CREATE_VCPU %s; KVM_RUN %s",
		    kvm->open ? errno_name(kvm->open, e) : "ok", kvm->api,
		    kvm->create_vm == VC_NOT_TRIED ? "not tried"
		    : kvm->create_vm		   ? "failed"
						   : "ok",
		    kvm->create_vcpu == VC_NOT_TRIED ? "not tried"
		    : kvm->create_vcpu		     ? "failed"
						     : "ok",
		    kvm->run_exit[0]		    ? kvm->run_exit
		    : kvm->vcpu_run == VC_NOT_TRIED ? "not tried"
		    : kvm->vcpu_run		    ? "failed"
						    : "guest ran");

	if (kvm->open == ENOENT || node_err == -ENOENT)
		missing_device(ctx, k->backend);
	else
		smoke_findings(ctx, kvm);
	return 0;
}

const struct vc_probe probe_kvm = {
	.name = "kvm",
	.id = VC_PROBE_KVM,
	.needs = VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_CPUID) | VC_P(VC_PROBE_PLATFORM),
	.after = VC_P(VC_PROBE_MSR) | VC_P(VC_PROBE_PLATFORM),
	.summary = "/dev/kvm: node, access for this user, API version, capabilities, VM smoke test",
	.fill = kvm_fill,
};
