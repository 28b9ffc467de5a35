build-clang/lib/host_live.o: lib/host_live.c lib/host-internal.h \
  lib/host.h lib/records.h lib/util.h

lib/host-internal.h:

lib/host.h:

lib/records.h:

lib/util.h:
