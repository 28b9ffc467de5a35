build-clang/lib/report.o: lib/report.c lib/report.h lib/host.h lib/val.h \
  lib/util.h

lib/report.h:

lib/host.h:

lib/val.h:

lib/util.h:
