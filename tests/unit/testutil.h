/* Shared by the cmocka tests: includes in the order cmocka needs, and small helpers. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn(arg) in a child whose files may grow to limit bytes only, so a write is cut in the middle
 * for real; true when fn returned 0 there. */
static inline bool cut_writes_at(rlim_t limit, int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit rl = { limit, limit };

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		_exit(fn(arg) == 0 ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#include <stdio.h>

/* Writes text to DIR/NAME (the directory exists). */
static inline void put_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	assert_true((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) < sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A fake root for code that works under a root directory fd (journals): dir, a mkdtemp template,
 * made with the directories dirs (NULL-terminated, parents first) in it and opened; and size bytes
 * of memory that forked children share (the machine a test double keeps). */
static inline int fake_root_new(char *dir, const char *const *dirs, size_t size, void **ret_shared)
{
	int fd;

	assert_non_null(mkdtemp(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	for (; *dirs; dirs++)
		assert_int_equal(mkdirat(fd, *dirs, 0755), 0);
	*ret_shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(*ret_shared != MAP_FAILED);
	return fd;
}

/* Removes what fake_root_new made: the directories dirs, deepest first, must be empty by now. */
static inline void fake_root_free(char *dir, int fd, const char *const *dirs, void *shared, size_t size)
{
	size_t n = 0;

	while (dirs[n])
		n++;
	while (n-- > 0)
		assert_int_equal(unlinkat(fd, dirs[n], AT_REMOVEDIR), 0);
	close(fd);
	assert_int_equal(rmdir(dir), 0);
	munmap(shared, size);
}

/* 1 natively; n under make valgrind's TEST_WRAPPER, where every instruction, and every child a test
 * forks, runs about 40 times slower: a loop over every kill point or every trial then takes every
 * n-th of them (memcheck meets the same code), and make check and make asan still take them all. */
static inline unsigned wrapped_stride(unsigned n)
{
	const char *w = getenv("TEST_WRAPPER");

	return w && *w ? n : 1;
}
