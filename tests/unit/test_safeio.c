/* Writing as root without being redirected (lib/base/safeio.c): trees below a directory fd
 * where no link is followed, a capture directory that must be new. All in a temporary
 * directory. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/safeio.h"

static char top[64];
static int topfd = -1;

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/vc-safeio-XXXXXX");
	if (!mkdtemp(top))
		return -1;
	topfd = open(top, O_RDONLY | O_DIRECTORY);
	/* a/ real, link -> a (a planted link), victim/ outside the tree written */
	if (topfd < 0 || mkdirat(topfd, "a", 0700) < 0 || symlinkat("a", topfd, "link") < 0 ||
	    mkdirat(topfd, "victim", 0700) < 0 || symlinkat("../victim", topfd, "a/up") < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	close(topfd);
	/* no shell in virtcheck; the test removes its own temporary tree */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	return system(cmd) == 0 ? 0 : -1;
}

typedef int (*open_fn)(int, const char *, int, unsigned);

static void opens_no_link(open_fn fn)
{
	int fd = fn(topfd, "a/f", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	struct stat st;

	assert_true(fd >= 0);
	close(fd);
	/* a link anywhere on the way is refused, last component or not */
	assert_int_equal(fn(topfd, "link/g", O_WRONLY | O_CREAT, 0600), -ELOOP);
	assert_int_equal(fn(topfd, "a/up/g", O_WRONLY | O_CREAT, 0600), -ELOOP);
	assert_int_equal(fn(topfd, "link", O_RDONLY, 0), -ELOOP);
	assert_int_equal(fstatat(topfd, "victim/g", &st, 0), -1);
	/* and ".." cannot leave the tree */
	assert_true(fn(topfd, "../x", O_WRONLY | O_CREAT, 0600) < 0);
	assert_true(fn(topfd, "a/../../x", O_WRONLY | O_CREAT, 0600) < 0);
}

static void test_openat_beneath(void **state)
{
	(void)state;
	opens_no_link(vc_openat_beneath);
}

static void test_openat_beneath_walk(void **state)
{
	(void)state;
	opens_no_link(vc_openat_beneath_walk);
}

static void test_mkdirat_beneath(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(vc_mkdirat_beneath(topfd, "a/b/c"), 0);
	assert_int_equal(fstatat(topfd, "a/b/c", &st, 0), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(vc_mkdirat_beneath(topfd, "a/up/d"), -ELOOP);
	assert_int_equal(vc_mkdirat_beneath(topfd, "link/d"), -ELOOP);
	assert_int_equal(fstatat(topfd, "victim/d", &st, 0), -1);
}

static void test_mkdir_new(void **state)
{
	char path[128];
	struct stat st;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/cap", top);
	fd = vc_mkdir_new(path);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	close(fd);
	/* an existing directory, empty or not, and a link are never reused */
	assert_int_equal(vc_mkdir_new(path), -EEXIST);
	snprintf(path, sizeof(path), "%s/link", top);
	assert_int_equal(vc_mkdir_new(path), -EEXIST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openat_beneath),
		cmocka_unit_test(test_openat_beneath_walk),
		cmocka_unit_test(test_mkdirat_beneath),
		cmocka_unit_test(test_mkdir_new),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
