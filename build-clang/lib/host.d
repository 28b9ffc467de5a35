build-clang/lib/host.o: lib/host.c lib/host-internal.h lib/host.h \
  lib/records.h lib/util.h

lib/host-internal.h:

lib/host.h:

lib/records.h:

lib/util.h:
