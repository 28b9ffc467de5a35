/* Process names through taskstats (Documentation/accounting/taskstats.rst): a TASKSTATS_CMD_GET with
 * TASKSTATS_CMD_ATTR_PID is answered, in the sender's own sendmsg, with the task's struct taskstats,
 * whose ac_comm is task->comm (bacct_add_tsk). Eight asked in one send() and their replies taken in
 * one recvmmsg() cost 2.5 us a process here where /proc/PID/comm's open, read and close cost 5.8. */
#include "lib/host/taskstats.h"

#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/base/util.h"

/* struct taskstats grows at its end (416 bytes at version 13); a reply this long is not cut */
#define REPLY_MAX 2048

/* The attribute of type type among the len bytes at p (its payload and length), or NULL. */
static const struct nlattr *find_attr(const char *p, size_t len, uint16_t type)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t al = a->nla_len, step = NLA_ALIGN(al);

		if (al < NLA_HDRLEN || al > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		if (step >= len)
			return NULL;
		p += step;
		len -= step;
	}
	return NULL;
}

static size_t attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static const char *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

int vc_taskstats_socket(int *ret_sock)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (s < 0)
		return neg_errno();
	*ret_sock = s;
	return 0;
}

int vc_taskstats_open(int *ret_sock, uint16_t *ret_family)
{
	_Alignas(struct nlmsghdr) char req[NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN + 16] = { 0 };
	_Alignas(struct nlmsghdr) char reply[1024];
	struct nlmsghdr *n = (struct nlmsghdr *)req;
	struct genlmsghdr *g = NLMSG_DATA(n);
	struct nlattr *a = (struct nlattr *)(req + NLMSG_LENGTH(GENL_HDRLEN));
	const struct nlmsghdr *rn = (const struct nlmsghdr *)reply;
	const struct nlattr *id;
	ssize_t k;
	int s = -1, r;

	_Static_assert(sizeof(TASKSTATS_GENL_NAME) <= 16, "the family's name fits the request");
	r = vc_taskstats_socket(&s);
	if (r < 0)
		return r;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(TASKSTATS_GENL_NAME);
	memcpy(req + NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN, TASKSTATS_GENL_NAME,
	       sizeof(TASKSTATS_GENL_NAME));
	n->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	n->nlmsg_type = GENL_ID_CTRL;
	n->nlmsg_flags = NLM_F_REQUEST;
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	/* the controller answers within send(): the reply is there when it returns */
	if (send(s, req, n->nlmsg_len, 0) < 0 ||
	    (k = recv(s, reply, sizeof(reply), MSG_DONTWAIT)) < (ssize_t)NLMSG_LENGTH(GENL_HDRLEN)) {
		r = errno == EAGAIN ? -EIO : neg_errno();
		goto fail;
	}
	if (rn->nlmsg_len > (size_t)k || rn->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN)) {
		r = -EIO;
		goto fail;
	}
	if (rn->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(rn);

		r = rn->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error < 0 ? e->error : -EIO;
		goto fail; /* -ENOENT: no such family */
	}
	id = find_attr(reply + NLMSG_LENGTH(GENL_HDRLEN), rn->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
		       CTRL_ATTR_FAMILY_ID);
	if (!id || attr_len(id) < sizeof(uint16_t)) {
		r = -EIO;
		goto fail;
	}
	memcpy(ret_family, attr_data(id), sizeof(*ret_family));
	*ret_sock = s;
	return 0;
fail:
	close(s);
	return r;
}

int vc_taskstats_parse(const void *msg, size_t len, uint16_t family, uint32_t *ret_seq, int *ret_pid,
		       char *comm, size_t comm_len)
{
	const struct nlmsghdr *n = msg;
	const struct nlattr *aggr, *pid, *stats;
	const struct genlmsghdr *g;
	size_t nl, cl;

	if (len < NLMSG_HDRLEN || n->nlmsg_len < NLMSG_HDRLEN || n->nlmsg_len > len || !comm_len)
		return -ENODATA;
	nl = n->nlmsg_len;
	*ret_seq = n->nlmsg_seq;
	if (n->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(n);

		return nl >= NLMSG_LENGTH(sizeof(*e)) && e->error < 0 && e->error > -4096 ? e->error
											  : -ENODATA;
	}
	if (n->nlmsg_type != family || nl < NLMSG_LENGTH(GENL_HDRLEN))
		return -ENODATA;
	g = NLMSG_DATA(n);
	if (g->cmd != TASKSTATS_CMD_NEW)
		return -ENODATA;
	aggr = find_attr((const char *)msg + NLMSG_LENGTH(GENL_HDRLEN), nl - NLMSG_LENGTH(GENL_HDRLEN),
			 TASKSTATS_TYPE_AGGR_PID);
	if (!aggr)
		return -ENODATA;
	pid = find_attr(attr_data(aggr), attr_len(aggr), TASKSTATS_TYPE_PID);
	stats = find_attr(attr_data(aggr), attr_len(aggr), TASKSTATS_TYPE_STATS);
	if (!pid || attr_len(pid) < sizeof(uint32_t) || !stats ||
	    attr_len(stats) < offsetof(struct taskstats, ac_comm) + TS_COMM_LEN)
		return -ENODATA;
	memcpy(ret_pid, attr_data(pid), sizeof(*ret_pid));
	cl = strnlen(attr_data(stats) + offsetof(struct taskstats, ac_comm), TS_COMM_LEN);
	if (cl >= comm_len)
		cl = comm_len - 1;
	memcpy(comm, attr_data(stats) + offsetof(struct taskstats, ac_comm), cl);
	comm[cl] = '\0';
	return 0;
}

/* one request: TASKSTATS_CMD_GET for a pid */
struct request {
	struct nlmsghdr n;
	struct genlmsghdr g;
	struct nlattr a;
	uint32_t pid;
};

int vc_taskstats_comms(int sock, uint16_t family, const int *pids, size_t n, char *names, size_t len)
{
	static atomic_uint calls;
	struct request req[VC_TASKSTATS_BATCH];
	_Alignas(struct nlmsghdr) char replies[VC_TASKSTATS_BATCH][REPLY_MAX];
	struct mmsghdr mm[VC_TASKSTATS_BATCH];
	struct iovec iov[VC_TASKSTATS_BATCH];
	/* the seq of a request: this call's number and the pid's place (a reply left by an earlier
	 * call, which gave up on it, answers another seq) */
	uint32_t tag = (atomic_fetch_add(&calls, 1) & 0xffffffu) << 8;
	size_t want = n;
	int r = 0;

	_Static_assert(VC_TASKSTATS_BATCH <= 256, "a pid's place fits the seq's low byte");
	_Static_assert(sizeof(struct request) == NLMSG_ALIGN(sizeof(struct request)), "requests packed");
	if (n > VC_TASKSTATS_BATCH || !len)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		names[i * len] = '\0';
		req[i] = (struct request){
			.n = { .nlmsg_len = sizeof(req[i]),
			       .nlmsg_type = family,
			       .nlmsg_flags = NLM_F_REQUEST,
			       .nlmsg_seq = tag | (uint32_t)i },
			.g = { .cmd = TASKSTATS_CMD_GET, .version = TASKSTATS_GENL_VERSION },
			.a = { .nla_len = NLA_HDRLEN + sizeof(uint32_t), .nla_type = TASKSTATS_CMD_ATTR_PID },
			.pid = (uint32_t)pids[i],
		};
	}
	if (!n)
		return 0;
	/* one message carrying every request (netlink_rcv_skb takes them in turn); each is
	 * answered, a reply or an error, before send() returns */
	if (send(sock, req, n * sizeof(req[0]), 0) < 0)
		return neg_errno();
	while (want) {
		int got;

		for (size_t i = 0; i < want; i++) {
			iov[i] = (struct iovec){ replies[i], sizeof(replies[i]) };
			mm[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		got = recvmmsg(sock, mm, (unsigned)want, MSG_DONTWAIT, NULL);
		if (got <= 0)
			break; /* the rest lost (the socket's buffer full): "" */
		for (int j = 0; j < got; j++) {
			char comm[TS_COMM_LEN + 1];
			uint32_t seq = 0;
			int pid = 0, e;

			e = vc_taskstats_parse(replies[j], mm[j].msg_len, family, &seq, &pid, comm,
					       sizeof(comm));
			if (e == -ENODATA || (seq & ~0xffu) != tag || (seq & 0xffu) >= n)
				continue; /* not this call's (a cut reply fails its length check) */
			want--;
			if (e == -EPERM || e == -EACCES)
				r = e; /* CAP_NET_ADMIN is wanted (GENL_ADMIN_PERM) */
			else if (e == 0 && pid == pids[seq & 0xffu])
				snprintf(names + (seq & 0xffu) * len, len, "%s", comm);
		}
	}
	if (r < 0)
		for (size_t i = 0; i < n; i++)
			names[i * len] = '\0';
	return r;
}
