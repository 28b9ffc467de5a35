build-clang/lib/records.o: lib/records.c lib/records.h lib/host.h \
  lib/util.h

lib/records.h:

lib/host.h:

lib/util.h:
