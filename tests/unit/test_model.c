/* Unit tests: the value tree and its JSON, signature table, /dev/kvm access rules, atomic writes. */
#include "testutil.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/model/val.h"
#include "probes/probes.h"

static char *json_of(const struct vc_val *v)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	vc_json_write(f, v, 0);
	fclose(f);
	return s;
}

static void test_json_escaping(void **state)
{
	struct vc_val *o = vc_obj();
	char *s;

	(void)state;
	vc_obj_set(o, "a", vc_str("q\"b\\n\n\x01"));
	vc_obj_set(o, "bad", vc_str("\xc3\x28ok\xe2\x82\xac\xed\xa0\x80"));
	vc_obj_set(o, "n", vc_int(-5));
	vc_obj_set(o, "a", vc_bool(true)); /* replaces, keeps position */
	s = json_of(o);
	assert_string_equal(s,
			    "{\n  \"a\": true,\n  \"bad\": \"\\ufffd(ok\xe2\x82\xac\\ufffd\\ufffd\\ufffd\",\n"
			    "  \"n\": -5\n}");
	free(s);
	vc_val_free(o);

	o = vc_str("q\"b\\\n\x01\x7f");
	s = json_of(o);
	assert_string_equal(s, "\"q\\\"b\\\\\\n\\u0001\\u007f\"");
	free(s);
	vc_val_free(o);
}

static void test_paths(void **state)
{
	struct vc_val *root = vc_obj(), *m;

	(void)state;
	m = vc_obj_set(root, "modules", vc_obj());
	vc_obj_set(vc_obj_set(m, "kvm", vc_obj()), "state", vc_str("live"));
	vc_obj_set(root, "n", vc_int(7));
	assert_string_equal(vc_get_str(root, "modules.kvm.state"), "live");
	assert_null(vc_get_str(root, "modules.kvm.nope"));
	assert_null(vc_get_str(root, "n"));
	assert_int_equal(vc_get_int(root, "n", -1), 7);
	assert_int_equal(vc_get_int(root, "modules", -1), -1);
	assert_false(vc_has(root, "modules.kvm_amd"));
	vc_val_free(root);
}

static void test_signatures(void **state)
{
	(void)state;
	assert_string_equal(vc_hypervisor_from_signature("KVMKVMKVM\0\0\0"), "kvm");
	assert_string_equal(vc_hypervisor_from_signature("Microsoft Hv"), "hyperv");
	assert_string_equal(vc_hypervisor_from_signature("VBoxVBoxVBox"), "virtualbox");
	assert_string_equal(vc_hypervisor_from_signature("bhyve bhyve "), "bhyve");
	assert_string_equal(vc_hypervisor_from_signature(" lrpepyh  vr"), "parallels");
	assert_string_equal(vc_hypervisor_from_signature("Jailhouse\0\0\0"), "jailhouse");
	assert_null(vc_hypervisor_from_signature("KVMKVMKVMKVM"));
	assert_null(vc_hypervisor_from_signature("\0\0\0\0\0\0\0\0\0\0\0\0"));
}

static struct vc_identity user(unsigned uid, const char *group, unsigned gid)
{
	struct vc_identity id = { .uid = uid, .euid = uid };

	strcpy(id.user, "alice");
	id.groups[0].gid = 1000;
	strcpy(id.groups[0].name, "alice");
	id.ngroups = 1;
	if (group) {
		id.groups[1].gid = gid;
		strcpy(id.groups[1].name, group);
		id.ngroups = 2;
	}
	return id;
}

static void test_access(void **state)
{
	struct vc_devnode kvm660 = {
		.type = 'c', .major = 10, .minor = 232, .mode = 0660, .uid = 0, .group = "kvm"
	};
	struct vc_devnode root600 = {
		.type = 'c', .major = 10, .minor = 232, .mode = 0600, .uid = 0, .group = "root"
	};
	struct vc_devnode any666 = kvm660;
	struct vc_devnode acl = root600;
	struct vc_identity member = user(1000, "kvm", 993), outsider = user(1000, NULL, 0);
	struct vc_identity root = user(0, NULL, 0);

	(void)state;
	any666.mode = 0666;
	strcpy(acl.acl, "user:1000:rw-,mask::rw-");
	assert_int_equal(vc_node_access(&kvm660, &member), VC_ACCESS_GROUP);
	assert_int_equal(vc_node_access(&kvm660, &outsider), VC_DENIED_NOT_IN_GROUP);
	assert_int_equal(vc_node_access(&root600, &outsider), VC_DENIED_MODE);
	assert_int_equal(vc_node_access(&root600, &member), VC_DENIED_MODE);
	assert_int_equal(vc_node_access(&root600, &root), VC_ACCESS_ROOT);
	assert_int_equal(vc_node_access(&any666, &outsider), VC_ACCESS_OTHER);
	assert_int_equal(vc_node_access(&acl, &outsider), VC_ACCESS_ACL_USER);
	/* the ACL mask limits named entries: r-- mask leaves no write */
	strcpy(acl.acl, "user:1000:rw-,mask::r--");
	assert_int_equal(vc_node_access(&acl, &outsider), VC_DENIED_MODE);
	/* "user:10000" must not match uid 1000 */
	strcpy(acl.acl, "user:10000:rw-");
	assert_int_equal(vc_node_access(&acl, &outsider), VC_DENIED_MODE);
	assert_true(vc_access_granted(VC_ACCESS_OTHER));
	assert_false(vc_access_granted(VC_DENIED_NOT_IN_GROUP));
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 4096);

	assert_non_null(f);
	assert_true(fread(buf, 1, 4095, f) < 4095);
	fclose(f);
	return buf;
}

/* Config files are replaced atomically, and what was there before is kept. */
static void test_atomic_write(void **state)
{
	char dir[] = "/tmp/vc-atomic-XXXXXX", path[128], old[160];
	char *text;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/65-kvm.rules", dir);
	snprintf(old, sizeof(old), "%s.bak", path);
	assert_int_equal(vc_write_file_atomic(path, "first\n", 6, 0644, true), 0);
	assert_int_equal(stat(old, &st), -1); /* nothing to keep yet */
	assert_int_equal(vc_write_file_atomic(path, "second\n", 7, 0640, true), 0);
	text = slurp(path);
	assert_string_equal(text, "second\n");
	free(text);
	text = slurp(old);
	assert_string_equal(text, "first\n");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* without keep_old the previous content is not saved again */
	assert_int_equal(vc_write_file_atomic(path, "third\n", 6, 0644, false), 0);
	text = slurp(old);
	assert_string_equal(text, "first\n");
	free(text);
	/* an unwritable place fails with an error, leaving no temporary file behind */
	assert_true(vc_write_file_atomic("/proc/virtcheck-nope/x", "x", 1, 0644, false) < 0);
	unlink(path);
	unlink(old);
	assert_int_equal(rmdir(dir), 0); /* empty: no temporary left */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escaping), cmocka_unit_test(test_paths),
		cmocka_unit_test(test_signatures),    cmocka_unit_test(test_access),
		cmocka_unit_test(test_atomic_write),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
