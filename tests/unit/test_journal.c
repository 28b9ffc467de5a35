/* Journals: the text format (every cut and every kind of damage is a clear error, never a crash or a
 * half-read journal) and the file layer under a directory fd, in a temporary directory (never the
 * machine's /run). */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/base/journal-io.h"
#include "lib/model/journal.h"

static char *sample(size_t *len)
{
	struct vc_jwriter w;

	vc_journal_start(&w, "switch");
	vc_journal_rec(&w, "target", "%s", "virtualbox");
	vc_journal_rec(&w, "file", "/etc/x.conf %s", "line one\nback\\slash\ttab\x01");
	vc_journal_rec(&w, "commit", "%s", "");
	vc_journal_end(&w);
	*len = w.b.len;
	return w.b.data;
}

static void test_round_trip(void **state)
{
	struct vc_journal j;
	size_t len;
	char *text = sample(&len), *why;

	(void)state;
	assert_non_null(strstr(text, "virtcheck-journal 1 switch\n"));
	assert_non_null(strstr(text, "line one\\nback\\\\slash\\ttab\\x01\n")); /* one line */
	assert_int_equal(vc_journal_parse(text, len, &j, &why), 0);
	assert_string_equal(j.kind, "switch");
	assert_int_equal(j.recs.n, 3);
	assert_string_equal(vc_journal_get(&j, "target"), "virtualbox");
	assert_string_equal(vc_journal_get(&j, "file"), "/etc/x.conf line one\nback\\slash\ttab\x01");
	assert_string_equal(vc_journal_get(&j, "commit"), "");
	assert_null(vc_journal_get(&j, "nothing"));
	assert_int_equal(j.recs.v[2].line, 4);
	vc_journal_free(&j);
	free(text);
}

/* Cut anywhere, a journal is never taken for a whole one. */
static void test_every_cut_is_an_error(void **state)
{
	size_t len;
	char *text = sample(&len);

	(void)state;
	for (size_t cut = 0; cut < len; cut++) {
		struct vc_journal j;
		char *why = NULL;

		if (vc_journal_parse(text, cut, &j, &why) != -EBADMSG)
			fail_msg("a journal cut at byte %zu of %zu was accepted", cut, len);
		assert_non_null(why);
		free(why);
	}
	free(text);
}

static void test_damage_is_named(void **state)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
		{ "", "empty" },
		{ "virtcheck-journal 1 switch\nend 0", "cut short: the last line has no end" },
		{ "hello\nend 0\n", "line 1: not a virtcheck journal" },
		{ "virtcheck-journal 2 switch\nend 0\n",
		  "line 1: journal version 2; this virtcheck reads version 1" },
		{ "virtcheck-journal 1 switch\ntarget kvm\n", "cut short: no end line after 1 records" },
		{ "virtcheck-journal 1 switch\ntarget kvm\nend 2\n",
		  "line 3: the end line counts 2 records, 1 were read" },
		{ "virtcheck-journal 1 switch\nend 0\ntarget kvm\n", "line 3: more after the end line" },
		{ "virtcheck-journal 1 switch\nTarget kvm\nend 1\n", "line 2: not a record" },
		{ "virtcheck-journal 1 switch\ntarget k\\qvm\nend 1\n",
		  "line 2: a broken escape in the value of target" },
		{ "virtcheck-journal 1 switch\ntarget k\\x00\nend 1\n", "line 2: a broken escape" },
		{ "virtcheck-journal 1 switch\ntarget k\\x4\nend 1\n", "line 2: a broken escape" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_journal j;
		char *why = NULL;

		assert_int_equal(vc_journal_parse(cases[i].text, strlen(cases[i].text), &j, &why), -EBADMSG);
		if (!strstr(why, cases[i].why))
			fail_msg("case %zu: '%s', expected '%s'", i, why, cases[i].why);
		free(why);
	}
	/* a NUL inside */
	struct vc_journal j;
	char *why;
	assert_int_equal(vc_journal_parse("virtcheck-journal 1 x\n\0end 0\n", 29, &j, &why), -EBADMSG);
	assert_non_null(strstr(why, "a NUL byte at offset 22"));
	free(why);
}

/* ---- files under a directory fd ---- */

static char root[64];
static int rootfd = -1;

static int setup_root(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vc-journal-XXXXXX");
	assert_non_null(mkdtemp(root));
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(rootfd >= 0);
	assert_int_equal(mkdirat(rootfd, "run", 0755), 0);
	return 0;
}

static void rm_tree(int dirfd)
{
	DIR *d = fdopendir(dup(dirfd));
	struct dirent *e;

	while (d && (e = readdir(d))) {
		int sub;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0) {
			rm_tree(sub);
			close(sub);
			unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		} else {
			unlinkat(dirfd, e->d_name, 0);
		}
	}
	if (d)
		closedir(d);
}

static int teardown_root(void **state)
{
	(void)state;
	rm_tree(rootfd);
	close(rootfd);
	assert_int_equal(rmdir(root), 0);
	return 0;
}

static size_t entries(int dirfd)
{
	DIR *d = fdopendir(dup(dirfd));
	struct dirent *e;
	size_t n = 0;

	rewinddir(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void test_files(void **state)
{
	struct stat st;
	char *buf;
	size_t len;
	int fd;

	(void)state;
	assert_int_equal(vc_jdir_open(rootfd, "run/virtcheck", false, &fd), -ENOENT);
	assert_int_equal(vc_jdir_open(rootfd, "run/virtcheck", true, &fd), 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(vc_jfile_read(fd, "switch.journal", 1024, &buf, &len), -ENOENT);
	assert_int_equal(vc_jfile_replace(fd, "switch.journal", "one\n", 4, 0600), 0);
	assert_int_equal(vc_jfile_replace(fd, "switch.journal", "two\n", 4, 0600), 0);
	assert_int_equal(vc_jfile_read(fd, "switch.journal", 1024, &buf, &len), 0);
	assert_string_equal(buf, "two\n");
	assert_int_equal(len, 4);
	free(buf);
	assert_int_equal(vc_jfile_read(fd, "switch.journal", 3, &buf, &len), -EFBIG); /* bounded */
	assert_int_equal(entries(fd), 1);					      /* no temporary left */
	assert_int_equal(vc_jdir_remove(rootfd, "run/virtcheck"), -ENOTEMPTY);
	assert_int_equal(vc_jfile_remove(fd, "switch.journal"), 0);
	assert_int_equal(vc_jfile_remove(fd, "switch.journal"), -ENOENT);
	assert_int_equal(vc_jdir_remove(rootfd, "run/virtcheck"), 0);
	assert_int_equal(vc_jdir_remove(rootfd, "run/virtcheck"), 0); /* gone already */
	close(fd);
}

/* A link or a directory others may write is never used. */
static void test_no_link_followed(void **state)
{
	char elsewhere[128];
	char *buf;
	int fd, r;

	(void)state;
	snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", root);
	assert_int_equal(mkdir(elsewhere, 0700), 0);
	assert_int_equal(symlinkat(elsewhere, rootfd, "run/virtcheck"), 0);
	r = vc_jdir_open(rootfd, "run/virtcheck", true, &fd);
	assert_true(r == -ELOOP || r == -ENOTDIR);
	r = vc_jdir_open(rootfd, "run/virtcheck", false, &fd); /* a look (one openat2) alike */
	assert_true(r == -ELOOP || r == -ENOTDIR);
	assert_int_equal(unlinkat(rootfd, "run/virtcheck", 0), 0);
	/* a link to nothing is a link, not "no journal" */
	assert_int_equal(symlinkat("/nonexistent-virtcheck", rootfd, "run/virtcheck"), 0);
	r = vc_jdir_open(rootfd, "run/virtcheck", false, &fd);
	assert_true(r == -ELOOP || r == -ENOTDIR);
	assert_int_equal(unlinkat(rootfd, "run/virtcheck", 0), 0);
	assert_int_equal(vc_jdir_open(rootfd, "run/virtcheck", false, &fd), -ENOENT);
	assert_int_equal(vc_jdir_open(rootfd, "/run/virtcheck/deeper", false, &fd), -ENOENT);

	/* /run itself a link */
	assert_int_equal(mkdirat(rootfd, "other", 0755), 0);
	assert_int_equal(renameat(rootfd, "run", rootfd, "run.real"), 0);
	assert_int_equal(symlinkat("other", rootfd, "run"), 0);
	r = vc_jdir_open(rootfd, "run/virtcheck", true, &fd);
	assert_true(r == -ELOOP || r == -ENOTDIR);
	r = vc_jdir_open(rootfd, "run/virtcheck", false, &fd);
	assert_true(r == -ELOOP || r == -ENOTDIR);
	assert_int_equal(unlinkat(rootfd, "run", 0), 0);
	assert_int_equal(renameat(rootfd, "run.real", rootfd, "run"), 0);

	/* open to others */
	assert_int_equal(mkdirat(rootfd, "run/virtcheck", 0700), 0);
	assert_int_equal(fchmodat(rootfd, "run/virtcheck", 0777, 0), 0);
	assert_int_equal(vc_jdir_open(rootfd, "run/virtcheck", true, &fd), -EPERM);
	assert_int_equal(vc_jdir_open(rootfd, "run/virtcheck", false, &fd), -EPERM);
	assert_int_equal(fchmodat(rootfd, "run/virtcheck", 0700, 0), 0);
	/* opened by the look, it is the directory the walk opens */
	assert_int_equal(vc_jdir_open(rootfd, "/run/virtcheck", false, &fd), 0);
	assert_int_equal(mkdirat(fd, "probe", 0700), 0);
	close(fd);
	assert_int_equal(unlinkat(rootfd, "run/virtcheck/probe", AT_REMOVEDIR), 0);

	/* the journal a link (to a file someone wants read or replaced) */
	assert_int_equal(vc_jdir_open(rootfd, "run/virtcheck", true, &fd), 0);
	assert_int_equal(symlinkat("/etc/hostname", fd, "switch.journal"), 0);
	assert_int_equal(vc_jfile_read(fd, "switch.journal", 1024, &buf, NULL), -ELOOP);
	/* a fifo would block a reader: not a regular file */
	assert_int_equal(mkfifoat(fd, "fifo", 0600), 0);
	assert_int_equal(vc_jfile_read(fd, "fifo", 1024, &buf, NULL), -EINVAL);
	close(fd);
}

/* A write cut in the middle for real (the file size limit) leaves the old journal whole. */
static int fd_cut;

static int replace_big(void *big)
{
	return vc_jfile_replace(fd_cut, "j", big, 1 << 20, 0600) == -EFBIG ? 0 : -1;
}

static void test_replace_interrupted(void **state)
{
	char *big, *buf;

	(void)state;
	assert_int_equal(vc_jdir_open(rootfd, "run/cut", true, &fd_cut), 0);
	assert_int_equal(vc_jfile_replace(fd_cut, "j", "old\n", 4, 0600), 0);
	big = malloc(1 << 20);
	memset(big, 'x', 1 << 20);
	assert_true(cut_writes_at(4096, replace_big, big));
	assert_int_equal(vc_jfile_read(fd_cut, "j", 1024, &buf, NULL), 0);
	assert_string_equal(buf, "old\n");
	free(buf);
	free(big);
	assert_int_equal(entries(fd_cut), 1);
	close(fd_cut);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_cut_is_an_error),
		cmocka_unit_test(test_damage_is_named),
		cmocka_unit_test_setup_teardown(test_files, setup_root, teardown_root),
		cmocka_unit_test_setup_teardown(test_no_link_followed, setup_root, teardown_root),
		cmocka_unit_test_setup_teardown(test_replace_interrupted, setup_root, teardown_root),
	};

	return cmocka_run_group_tests_name("journal", tests, NULL, NULL);
}
