/* Who may open a device node read-write, and why: the kernel's permission check, replayed on
 * a node's mode, owner, group and POSIX ACL. */
#include <string.h>

#include "lib/model/facts.h"

#define RW 6 /* read and write permission bits */

static bool acl_perm(const char *acl, const char *kind, unsigned id, unsigned *perm)
{
	char key[40];
	const char *p;

	snprintf(key, sizeof(key), "%s:%u:", kind, id);
	for (p = acl; (p = strstr(p, key)); p += strlen(key))
		if (p == acl || p[-1] == ',') {
			const char *v = p + strlen(key);

			*perm = (v[0] == 'r' ? 4 : 0) | (v[1] == 'w' ? 2 : 0);
			return true;
		}
	return false;
}

static unsigned acl_mask(const char *acl)
{
	const char *p = strstr(acl, "mask::");

	if (!p)
		return 7;
	return (p[6] == 'r' ? 4 : 0) | (p[7] == 'w' ? 2 : 0) | (p[8] == 'x' ? 1 : 0);
}

/* The kernel's order: owner, then named users, then groups (any matching grants), then other. */
enum vc_access vc_node_access(const struct vc_devnode *d, const struct vc_identity *id)
{
	unsigned perm, mask = acl_mask(d->acl);
	bool in_group = false, group_match = false;

	if (id->euid == 0)
		return VC_ACCESS_ROOT;
	if (id->euid == d->uid)
		return ((d->mode >> 6) & RW) == RW ? VC_ACCESS_OWNER : VC_DENIED_MODE;
	if (acl_perm(d->acl, "user", id->euid, &perm) && (perm & mask & RW) == RW)
		return VC_ACCESS_ACL_USER;
	for (size_t i = 0; i < id->ngroups; i++) {
		if (strcmp(id->groups[i].name, d->group) == 0) {
			in_group = true;
			/* with an ACL the group class bits are the mask: the owning group's entry is
			 * not kept separately in our record, so the mode bits stand for it */
			if (((d->mode >> 3) & RW) == RW)
				return VC_ACCESS_GROUP;
		}
		if (acl_perm(d->acl, "group", id->groups[i].gid, &perm)) {
			group_match = true;
			if ((perm & mask & RW) == RW)
				return VC_ACCESS_ACL_GROUP;
		}
	}
	if (!in_group && !group_match && (d->mode & RW) == RW)
		return VC_ACCESS_OTHER;
	if (!in_group && ((d->mode >> 3) & RW) == RW)
		return VC_DENIED_NOT_IN_GROUP;
	return VC_DENIED_MODE;
}

bool vc_access_granted(enum vc_access a)
{
	return a < VC_DENIED_NOT_IN_GROUP;
}

const char *const vc_access_names[_VC_ACCESS_MAX] = {
	[VC_ACCESS_ROOT] = "root",	     [VC_ACCESS_OWNER] = "owner",
	[VC_ACCESS_ACL_USER] = "acl_user",   [VC_ACCESS_GROUP] = "group",
	[VC_ACCESS_ACL_GROUP] = "acl_group", [VC_ACCESS_OTHER] = "other",
	[VC_ACCESS_OPENED] = "opened",	     [VC_DENIED_NOT_IN_GROUP] = "not_in_group",
	[VC_DENIED_MODE] = "mode_denies",    [VC_ACCESS_NO_DEVICE] = "no_device",
	[VC_ACCESS_UNKNOWN] = "unknown",
};

const char *vc_access_name(enum vc_access a)
{
	return (unsigned)a < _VC_ACCESS_MAX ? vc_access_names[a] : "?";
}
