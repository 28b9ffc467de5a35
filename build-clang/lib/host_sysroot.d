build-clang/lib/host_sysroot.o: lib/host_sysroot.c lib/host-internal.h \
  lib/host.h lib/records.h lib/util.h

lib/host-internal.h:

lib/host.h:

lib/records.h:

lib/util.h:
