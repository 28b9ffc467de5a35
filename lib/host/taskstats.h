/* The names (comm) of many processes in two system calls, through the kernel's taskstats netlink
 * family: the /proc fd scan's names without an open, a read and a close of /proc/PID/comm each. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define VC_TASKSTATS_BATCH 8 /* names asked at once, at most */

/* A socket of the generic netlink family (its id from the kernel's "TASKSTATS" family) in *ret_sock,
 * the family's id in *ret_family; 0 or -errno (-ENOENT: no taskstats in this kernel). */
int vc_taskstats_open(int *ret_sock, uint16_t *ret_family);
/* A socket for a family already known (another thread's): 0 or -errno. */
int vc_taskstats_socket(int *ret_sock);
/*
 * The names of pids[0..n) (n <= VC_TASKSTATS_BATCH) as the kernel keeps them (task->comm, what
 * /proc/PID/comm shows of a process that is no kernel thread), each NUL-terminated in names[i] (len
 * bytes), "" where no answer came (the process has gone, a reply was lost). The pids are those of
 * this process's pid namespace. 0, or -errno when no name can come from this socket again (-EPERM:
 * CAP_NET_ADMIN is needed; then every names[i] is "").
 */
int vc_taskstats_comms(int sock, uint16_t family, const int *pids, size_t n, char *names, size_t len);
/*
 * One reply (a netlink message of len bytes): its pid and the name in it (NUL-terminated, cut to
 * comm_len - 1) for the seq it answers; 0, -ENODATA when it is not a well-formed reply of the family,
 * or the -errno a NLMSG_ERROR carries (the seq still set). Exposed for tests.
 */
int vc_taskstats_parse(const void *msg, size_t len, uint16_t family, uint32_t *ret_seq, int *ret_pid,
		       char *comm, size_t comm_len);
