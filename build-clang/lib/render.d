build-clang/lib/render.o: lib/render.c lib/report.h lib/host.h lib/val.h \
  lib/util.h

lib/report.h:

lib/host.h:

lib/val.h:

lib/util.h:
