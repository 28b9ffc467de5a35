build-clang/lib/verdict.o: lib/verdict.c lib/report.h lib/host.h \
  lib/val.h lib/util.h

lib/report.h:

lib/host.h:

lib/val.h:

lib/util.h:
