/* KVM binary statistics (KVM_GET_STATS_FD, Linux 5.14+): a header, descriptors with names, and a
 * data block of u64 counters; read with pread, bounded, and parsed as untrusted input. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/base/util.h"
#include "vmm/vmm.h"

#define STATS_MAX_BYTES (1u << 20)
#define STATS_MAX_DESC	4096u

int vmm_stats_parse(struct vmm_stats *st, const void *buf, size_t len)
{
	struct kvm_stats_header h;
	const uint8_t *p = buf;
	size_t each;

	memset(st, 0, sizeof(*st));
	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, p, sizeof(h));
	if (h.name_size == 0 || h.name_size > 4096 || h.num_desc > STATS_MAX_DESC)
		return -E2BIG;
	each = sizeof(struct kvm_stats_desc) + h.name_size;
	if (h.desc_offset > len || (len - h.desc_offset) / each < h.num_desc)
		return -EINVAL;
	st->data_offset = h.data_offset;
	st->desc = xcalloc(h.num_desc ? h.num_desc : 1, sizeof(*st->desc));
	for (uint32_t i = 0; i < h.num_desc; i++) {
		const uint8_t *d = p + h.desc_offset + (size_t)i * each;
		struct kvm_stats_desc desc;
		struct vmm_stat_desc *out = &st->desc[st->n];
		size_t namelen;
		uint32_t type;

		memcpy(&desc, d, sizeof(desc));
		type = desc.flags & KVM_STATS_TYPE_MASK;
		/* counters of one value; histograms and peaks say nothing per benchmark */
		if (desc.size != 1 || (type != KVM_STATS_TYPE_CUMULATIVE && type != KVM_STATS_TYPE_INSTANT))
			continue;
		if (desc.offset > STATS_MAX_BYTES || (uint64_t)h.data_offset + desc.offset + 8 > UINT32_MAX)
			continue;
		namelen = strnlen((const char *)d + sizeof(desc), h.name_size);
		if (namelen == 0 || namelen >= sizeof(out->name))
			continue;
		memcpy(out->name, d + sizeof(desc), namelen);
		out->name[namelen] = '\0';
		out->offset = desc.offset;
		out->flags = desc.flags;
		if (desc.offset + 8u > st->data_len)
			st->data_len = desc.offset + 8u;
		st->n++;
	}
	return 0;
}

int vmm_stats_open(struct vmm_stats *st, int fd)
{
	struct kvm_stats_header h;
	_cleanup_(freep) uint8_t *buf = NULL;
	size_t len;
	ssize_t got;

	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return -EBADF;
	got = pread(fd, &h, sizeof(h), 0);
	if (got < 0)
		return neg_errno();
	if ((size_t)got < sizeof(h) || h.name_size > 4096 || h.num_desc > STATS_MAX_DESC)
		return -EINVAL;
	len = (size_t)h.desc_offset + (size_t)h.num_desc * (sizeof(struct kvm_stats_desc) + h.name_size);
	if (len > STATS_MAX_BYTES)
		return -E2BIG;
	buf = xmalloc(len ? len : 1);
	got = pread(fd, buf, len, 0);
	if (got < 0)
		return neg_errno();
	return vmm_stats_parse(st, buf, (size_t)got);
}

void vmm_stats_free(struct vmm_stats *st)
{
	free(st->desc);
	memset(st, 0, sizeof(*st));
}

int vmm_stats_find(const struct vmm_stats *st, const char *name)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->desc[i].name, name) == 0)
			return (int)i;
	return -1;
}

int vmm_stats_read(const struct vmm_stats *st, int fd, uint64_t *values)
{
	_cleanup_(freep) uint8_t *data = NULL;
	ssize_t got;

	if (!st->n)
		return 0;
	/* the whole data block in one read: a consistent snapshot, one system call */
	data = xmalloc(st->data_len);
	got = pread(fd, data, st->data_len, (off_t)st->data_offset);
	if (got < 0)
		return neg_errno();
	if ((size_t)got != st->data_len)
		return -EIO;
	for (size_t i = 0; i < st->n; i++)
		memcpy(&values[i], data + st->desc[i].offset, sizeof(values[i]));
	return 0;
}
