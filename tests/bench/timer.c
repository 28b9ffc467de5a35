/* The timer of make bench: runs commands (no shell) in interleaved rounds and prints each one's wall
 * time as a multiple of the first (the floor), the median of the per-round ratios with its p25-p75.
 *
 *   timer [-n ROUNDS] [-w WARMUP] [-s SLEEPERS [-f FDS]] [-m] SPECFILE
 *
 * SPECFILE: one command a line, "LABEL<TAB>PROGRAM ARG ..." (split at spaces), the floor first; a
 * PROGRAM of "-" is a tool that is not installed, shown as such. Each round runs every command once
 * in a new random order, posix_spawn to wait4, stdin/stdout/stderr on /dev/null. -s keeps that many
 * extra idle processes alive while it measures (the scaling runs), each holding FDS more open files
 * of its own with -f (/dev/null opened FDS times: files no other process shares); -m prints
 * tab-separated lines "LABEL RATIO P25 P75 N MEDIAN_MS EXIT" instead of the table. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_CMDS   32
#define MAX_ARGS   32
#define MAX_ROUNDS 1000

struct cmd {
	char label[128];
	char *argv[MAX_ARGS + 1];
	int installed;
	int status;
	double ms[MAX_ROUNDS];
	double ratio[MAX_ROUNDS];
};

static struct cmd cmds[MAX_CMDS];
static int ncmds;
static pid_t *sleepers;
static int nsleepers;
static unsigned long long rng;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int read_spec(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f)
		return -errno;
	while (ncmds < MAX_CMDS && fgets(line, sizeof(line), f)) {
		struct cmd *c = &cmds[ncmds];
		char *tab = strchr(line, '\t'), *save = NULL, *w;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		snprintf(c->label, sizeof(c->label), "%.127s", line);
		for (w = strtok_r(tab + 1, " ", &save); w && n < MAX_ARGS; w = strtok_r(NULL, " ", &save))
			c->argv[n++] = strdup(w);
		if (n == 0)
			continue;
		c->installed = strcmp(c->argv[0], "-") != 0;
		ncmds++;
	}
	fclose(f);
	return ncmds > 0 && cmds[0].installed ? 0 : -EINVAL;
}

/* One run: the wall time from posix_spawn to its wait4, in ms; < 0 when it could not start. */
static double run_once(struct cmd *c)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int st, r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_ms();
	r = posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -1;
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	t1 = now_ms();
	c->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return t1 - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-quantile of n sorted values, interpolated between neighbours. */
static double quantile(const double *v, int n, double p)
{
	double pos = p * (n - 1);
	int i = (int)pos;

	return i + 1 < n ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[n - 1];
}

/* A sleeper's own open files: /dev/null opened fds times (each its own struct file), the limit on
 * open files raised to fit. */
static int open_own_files(int fds)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)fds + 64) {
		rl.rlim_cur = (rlim_t)fds + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -errno;
	}
	for (int i = 0; i < fds; i++)
		if (open("/dev/null", O_RDONLY | O_CLOEXEC) < 0)
			return -errno;
	return 0;
}

/* n sleepers, each with fds files of its own; returns once every one holds them. */
static void start_sleepers(int n, int fds)
{
	int ready[2];
	char c;

	sleepers = calloc((size_t)n, sizeof(*sleepers));
	if (!sleepers || pipe2(ready, O_CLOEXEC) < 0) {
		perror("timer");
		exit(1);
	}
	for (; nsleepers < n; nsleepers++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("timer: fork");
			break;
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the timer */
			close(ready[0]);
			c = open_own_files(fds) == 0 ? 'y' : 'n';
			if (write(ready[1], &c, 1) != 1)
				_exit(1);
			close(ready[1]);
			for (;;)
				pause();
		}
		sleepers[nsleepers] = pid;
	}
	close(ready[1]);
	for (int i = 0; i < nsleepers; i++)
		if (read(ready[0], &c, 1) != 1 || c != 'y') {
			fprintf(stderr, "timer: a sleeper could not open %d files\n", fds);
			exit(1);
		}
	close(ready[0]);
}

static void stop_sleepers(void)
{
	for (int i = 0; i < nsleepers; i++)
		kill(sleepers[i], SIGKILL);
	for (int i = 0; i < nsleepers; i++)
		waitpid(sleepers[i], NULL, 0);
	nsleepers = 0;
}

static void on_signal(int sig)
{
	stop_sleepers();
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	int rounds = 30, warmup = 3, extra = 0, fds = 0, machine = 0, opt, order[MAX_CMDS], n = 0;

	while ((opt = getopt(argc, argv, "n:w:s:f:m")) != -1) {
		switch (opt) {
		case 'n':
			rounds = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 's':
			extra = atoi(optarg);
			break;
		case 'f':
			fds = atoi(optarg);
			break;
		case 'm':
			machine = 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc || rounds < 1 || rounds > MAX_ROUNDS || warmup < 0 || extra < 0 || fds < 0 ||
	    fds > 1 << 20)
		goto usage;
	if (read_spec(argv[optind]) < 0) {
		fprintf(stderr, "timer: %s: no commands, or the floor (the first) is not installed\n",
			argv[optind]);
		return 1;
	}
	rng = (unsigned long long)getpid() * 2654435761ULL ^ (unsigned long long)now_ms();
	rng |= 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	start_sleepers(extra, fds);
	for (int round = -warmup; round < rounds; round++) {
		double floor_ms = 0, t[MAX_CMDS];
		int ok = 1;

		for (int i = 0; i < ncmds; i++)
			order[i] = i;
		for (int i = ncmds - 1; i > 0; i--) {
			int j = (int)(next_rand() % (unsigned)(i + 1)), x = order[i];

			order[i] = order[j];
			order[j] = x;
		}
		for (int k = 0; k < ncmds; k++) {
			struct cmd *c = &cmds[order[k]];

			t[order[k]] = c->installed ? run_once(c) : 0;
			if (c->installed && t[order[k]] < 0) {
				fprintf(stderr, "timer: cannot start %s\n", c->argv[0]);
				c->installed = 0;
				ok = order[k] != 0;
			}
		}
		if (!ok)
			break;
		if (round < 0)
			continue;
		floor_ms = t[0];
		for (int i = 0; i < ncmds; i++) {
			cmds[i].ms[n] = t[i];
			cmds[i].ratio[n] = t[i] / floor_ms;
		}
		n++;
	}
	stop_sleepers();
	if (n == 0)
		return 1;

	if (!machine)
		printf("%-44s %8s %13s %4s %10s %5s\n", "command", "x floor", "p25-p75", "n", "median ms",
		       "exit");
	for (int i = 0; i < ncmds; i++) {
		struct cmd *c = &cmds[i];

		if (!c->installed) {
			if (machine)
				printf("%s\t-\t-\t-\t0\t-\t-\n", c->label);
			else
				printf("%-44s %8s\n", c->label, "not installed");
			continue;
		}
		qsort(c->ratio, (size_t)n, sizeof(double), cmp_double);
		qsort(c->ms, (size_t)n, sizeof(double), cmp_double);
		if (machine)
			printf("%s\t%.3f\t%.3f\t%.3f\t%d\t%.3f\t%d\n", c->label, quantile(c->ratio, n, 0.5),
			       quantile(c->ratio, n, 0.25), quantile(c->ratio, n, 0.75), n,
			       quantile(c->ms, n, 0.5), c->status);
		else
			printf("%-44s %8.2f %6.2f-%-6.2f %4d %10.2f %5d\n", c->label,
			       quantile(c->ratio, n, 0.5), quantile(c->ratio, n, 0.25),
			       quantile(c->ratio, n, 0.75), n, quantile(c->ms, n, 0.5), c->status);
	}
	return 0;
usage:
	fprintf(stderr, "usage: timer [-n ROUNDS] [-w WARMUP] [-s SLEEPERS [-f FDS]] [-m] SPECFILE\n");
	return 2;
}
