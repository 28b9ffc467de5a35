build-clang/lib/kvmcaps.o: lib/kvmcaps.c lib/host.h lib/util.h

lib/host.h:

lib/util.h:
